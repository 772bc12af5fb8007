import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import { initProseMirrorDoc, ySyncPlugin } from 'y-prosemirror';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { proposalSchema } from '../../../shared/schema/schema';
import { clauseMarksKey } from '../../../shared/suggest/clause-marks';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { contentFragment, readChanges, seedContent } from '../../../shared/ydoc/layout';
import { changeDecorationsKey, changeDecorationsPlugins } from '../../../renderer/src/suggest/change-decorations';
import { addedClause, clause, del, ins, p, posAfter, proposal } from '../../helpers/builders';
import { WHO } from '../suggest/harness';

/** Illustrative clauses (our own words) with pending changes of two parties. */
function seeded(): Y.Doc {
  const ydoc = new Y.Doc();
  seedContent(
    ydoc,
    proposal(
      clause('c1', p('Troop cap of ', ins('ch-a', '600,000'), ' men.')),
      clause('c2', p('Elections within 100 days.')),
      addedClause('ch-b', 'c3', p('Monitors report weekly.')),
      clause('c4', p('Grain leaves by sea ', del('ch-c', 'and by rail'), '.')),
    ),
  );
  return ydoc;
}

/** Another replica's edit arriving: text typed at the start of clause `index`'s first paragraph, straight in the Y.Doc. */
function remoteTyping(ydoc: Y.Doc, index: number, text: string): void {
  const clauseElement = contentFragment(ydoc).get(index) as Y.XmlElement;
  const paragraph = clauseElement.get(0) as Y.XmlElement;
  ydoc.transact(() => (paragraph.get(0) as Y.XmlText).insert(0, text), 'remote');
}

function editor(ydoc: Y.Doc): HeadlessView {
  const fragment = contentFragment(ydoc);
  const { doc, mapping } = initProseMirrorDoc(fragment, proposalSchema);
  const state = EditorState.create({
    schema: proposalSchema,
    doc,
    plugins: [ySyncPlugin(fragment, { mapping }), ...suggestionPlugins(readChanges(ydoc)), ...changeDecorationsPlugins()],
  });
  return new HeadlessView(state, withSuggestionTracking({ identity: () => WHO.uaSuggester, ydoc }));
}

/** What a decoration set shows: each decoration's range and attributes, in order. */
function shown(set: DecorationSet | undefined): string[] {
  return (set?.find() ?? [])
    .map((d) => `${d.from}-${d.to} ${JSON.stringify((d as unknown as { type: { attrs?: unknown } }).type.attrs ?? null)}`)
    .sort();
}

/** The decorations the plugin holds, against those it builds from scratch for the same document, records and cursor. */
function incrementalAndFresh(view: HeadlessView): [string[], string[]] {
  const records = clauseMarksKey.getState(view.state)?.records ?? [];
  const fresh = EditorState.create({ doc: view.state.doc, selection: view.state.selection, plugins: [...suggestionPlugins(records), ...changeDecorationsPlugins()] });
  const held = changeDecorationsKey.getState(view.state)!;
  const built = changeDecorationsKey.getState(fresh)!;
  return [
    [...shown(held.decorations), ...shown(held.activeDecorations).map((s) => `active ${s}`)],
    [...shown(built.decorations), ...shown(built.activeDecorations).map((s) => `active ${s}`)],
  ];
}

describe('change decorations', () => {
  it('after each keystroke, deletion and caret move, equal what a fresh build shows', () => {
    const ydoc = seeded();
    const view = editor(ydoc);
    const steps: (() => void)[] = [
      () => view.select(posAfter(view.doc, 'within 100')).type(' calendar'),
      () => view.type('!'),
      () => view.select(posAfter(view.doc, '600,000')).type(' armed'),
      () => view.select(posAfter(view.doc, 'Monitors report')).type(' daily'),
      () => view.select(posAfter(view.doc, 'Grain leaves')).backspace(3),
      () => view.select(posAfter(view.doc, 'Troop cap')),
      () => view.select(posAfter(view.doc, 'calendar')).backspace(2),
      // y-prosemirror applies a remote edit (and an undo) as one step replacing the whole document.
      () => remoteTyping(ydoc, 3, 'Also: '),
      () => remoteTyping(ydoc, 1, 'Free '),
    ];
    let activeSeen = false;
    for (const step of steps) {
      step();
      const [incremental, fresh] = incrementalAndFresh(view);
      expect(incremental).toEqual(fresh);
      activeSeen ||= incremental.some((s) => s.startsWith('active '));
    }
    expect(activeSeen).toBe(true);
    expect(view.state.doc.textContent).toContain('Also: Grain');
    expect(view.state.doc.textContent).toContain('Free Elections');
    view.destroy();
  });

  it('marks insertions and deletions with their change ids', () => {
    const view = editor(seeded());
    const [incremental] = incrementalAndFresh(view);
    expect(incremental.join('\n')).toContain('"change-mark change-ins","data-change-id":"ch-a"');
    expect(incremental.join('\n')).toContain('"change-mark change-del","data-change-id":"ch-c"');
    view.destroy();
  });
});
