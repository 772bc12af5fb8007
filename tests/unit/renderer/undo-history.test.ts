import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import { initProseMirrorDoc, redoCommand, undoCommand, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { proposalSchema } from '../../../shared/schema/schema';
import { decideInYDoc } from '../../../shared/suggest/decide-ydoc';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { setRationale } from '../../../shared/suggest/ydoc-binding';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { contentFragment, readChanges, readProseMirrorDoc, seedContent } from '../../../shared/ydoc/layout';
import { EDIT_RECORDS_ORIGIN, createUndoHistory, forgetOnDecision } from '../../../renderer/src/editor/undo-history';
import { clause, p, posAfter, proposal } from '../../helpers/builders';
import { WHO } from '../suggest/harness';

/** A suggester's editor over a Y.Doc, bound as the renderer binds it: the undo history over text and records. */
function editor(ydoc: Y.Doc): { view: HeadlessView; history: Y.UndoManager } {
  const fragment = contentFragment(ydoc);
  const { doc, mapping } = initProseMirrorDoc(fragment, proposalSchema);
  const history = createUndoHistory(ydoc);
  const state = EditorState.create({
    schema: proposalSchema,
    doc,
    plugins: [ySyncPlugin(fragment, { mapping }), yUndoPlugin({ undoManager: history }), ...suggestionPlugins(readChanges(ydoc))],
  });
  const view = new HeadlessView(state, withSuggestionTracking({ identity: () => WHO.uaSuggester, ydoc, undoableOrigin: EDIT_RECORDS_ORIGIN }));
  return { view, history };
}

function seeded(): Y.Doc {
  const ydoc = new Y.Doc();
  seedContent(ydoc, proposal(clause('c1', p('Troop cap of 600,000.')), clause('c2', p('Elections within 100 days.'))));
  return ydoc;
}

describe('the editor’s undo history', () => {
  it('takes back a typed insertion and its record in one step, and redo brings both back as they were', () => {
    const ydoc = seeded();
    const { view, history } = editor(ydoc);
    view.select(posAfter(view.doc, '600,000')).type(' troops');
    // Its rationale is written outside the editor (the changes panel), after the typing.
    setRationale(ydoc, readChanges(ydoc)[0]!.id, 'Name what is capped.', WHO.uaSuggester);
    const [record] = readChanges(ydoc);
    expect(record).toMatchObject({ kind: 'amended', authorId: WHO.uaSuggester.member.id, rationale: 'Name what is capped.' });
    expect(history.undoStack).toHaveLength(1);

    view.run(undoCommand);
    expect(readProseMirrorDoc(ydoc).textContent).toContain('Troop cap of 600,000.');
    expect(readChanges(ydoc)).toEqual([]);

    view.run(redoCommand);
    expect(readProseMirrorDoc(ydoc).textContent).toContain('600,000 troops.');
    expect(readChanges(ydoc)).toEqual([record]);
    view.destroy();
  });

  it('forgets what it holds once another replica decides one of the member’s changes', () => {
    const ydoc = seeded();
    const { view, history } = editor(ydoc);
    const stop = forgetOnDecision(ydoc, history, () => WHO.uaSuggester.member.id);
    view.select(posAfter(view.doc, '600,000')).type(' troops');
    expect(history.canUndo()).toBe(true);

    // A lead accepts it in another replica; the decision arrives as an update.
    const lead = new Y.Doc();
    Y.applyUpdate(lead, Y.encodeStateAsUpdate(ydoc));
    decideInYDoc(lead, { changeId: readChanges(lead)[0]!.id }, 'accepted', WHO.usLead);
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(lead, Y.encodeStateVector(ydoc)), 'main');

    expect(readChanges(ydoc)[0]).toMatchObject({ status: 'accepted' });
    expect(history.canUndo()).toBe(false);
    expect(view.run(undoCommand)).toBe(false);
    expect(readProseMirrorDoc(ydoc).textContent).toContain('600,000 troops.');
    stop();
    view.destroy();
  });
});
