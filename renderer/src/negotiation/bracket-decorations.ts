import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type * as Y from 'yjs';
import type { WorkspaceInfo } from '../../../shared/domain/types';
import { alternativesMap, bracketsMap, readAlternativeRecords, readBracketRecords } from '../../../shared/negotiation/bracket-records';
import { alternativeMarks, bracketViews, type BracketView } from '../../../shared/negotiation/bracket-view';
import { redecorateChangedClauses, someChangedClause } from '../editor/clause-decorations';
import type { Node as PMNode } from 'prosemirror-model';
import type { ReadonlySignal } from '../base/signal';
import type { EditorExtension } from '../editor/extensions';

/**
 * Brackets in the editor, the way negotiators print them: "[" and "Alt 1 —
 * UA:" before the first alternative, " / Alt 2 — RU:" before each next one,
 * "]" after the last, each label and the alternative's words in its party's
 * colour. The labels are widgets (not text): the words themselves stay as
 * they are in the document. Rebuilt when the bracket records change or an
 * edit touches a clause with alternatives; an edit elsewhere only maps them.
 */

/** Key of the bracket-decorations plugin; `tr.setMeta(bracketDecorationsKey, 'refresh')` rebuilds. */
export const bracketDecorationsKey = new PluginKey<DecorationSet>('draftroom/bracket-decorations');

function widget(text: string, className: string, partyId: string | null, title: string): () => HTMLElement {
  return () => {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    span.title = title;
    span.setAttribute('contenteditable', 'false');
    if (partyId) span.setAttribute('data-party', partyId);
    return span;
  };
}

function build(state: EditorState, views: readonly BracketView[], workspace: WorkspaceInfo | null): DecorationSet {
  const parties = new Map((workspace?.parties ?? []).map((p) => [p.id, p]));
  const decorations: Decoration[] = [];
  for (const view of views) {
    if (view.record?.status === 'closed') continue;
    const bracket = view.bracketId;
    view.alternativeViews.forEach((alt, index) => {
      const partyId = alt.record?.partyId ?? null;
      const party = partyId ? parties.get(partyId) : undefined;
      const code = party?.code ?? '?';
      const title = `Alt ${alt.number} — ${party?.name ?? 'unknown party'}${alt.record?.rationale ? `: ${alt.record.rationale}` : ''}`;
      const label = `${index === 0 ? '[' : ' / '}Alt ${alt.number} — ${code}: `;
      decorations.push(
        Decoration.widget(alt.from, widget(label, 'bracket-label', partyId, title), {
          side: -1,
          key: `bracket-${bracket}-${alt.altId}-${label}-${partyId ?? ''}`,
          ignoreSelection: true,
        }),
      );
      decorations.push(
        Decoration.inline(alt.from, alt.to, {
          class: 'bracket-alt',
          ...(partyId ? { 'data-party': partyId } : {}),
          'data-bracket': bracket,
          'data-alt-number': String(alt.number),
        }),
      );
    });
    decorations.push(Decoration.widget(view.to, widget(']', 'bracket-label bracket-close', null, 'End of bracket'), { side: 1, key: `bracket-end-${bracket}` }));
  }
  return DecorationSet.create(state.doc, decorations);
}

const withAlternatives = new WeakMap<PMNode, boolean>();

/** True if a clause's text carries an `alternative` mark (cached per immutable clause node). */
function hasAlternatives(clause: PMNode): boolean {
  let found = withAlternatives.get(clause);
  if (found === undefined) {
    found = false;
    clause.descendants((node) => {
      if (found) return false;
      if (node.isText && alternativeMarks(node.marks).length > 0) found = true;
      return !found;
    });
    withAlternatives.set(clause, found);
  }
  return found;
}

/** The plugin: decorations for the open brackets of the document, read with the records of `ydoc`. */
export function bracketDecorationsPlugin(ydoc: Y.Doc, workspace: ReadonlySignal<WorkspaceInfo | null>): Plugin<DecorationSet> {
  const compute = (state: EditorState) => build(state, bracketViews(state.doc, readBracketRecords(ydoc), readAlternativeRecords(ydoc)), workspace.get());
  return new Plugin<DecorationSet>({
    key: bracketDecorationsKey,
    state: {
      init: (_config, state) => compute(state),
      apply: (tr, old, _before, state) => {
        if (tr.getMeta(bracketDecorationsKey) !== undefined) return compute(state);
        if (!tr.docChanged) return old;
        // An edit in clauses without alternatives (before and after) moves the brackets, nothing else: shift them.
        if (someChangedClause(tr.before, tr.doc, hasAlternatives)) return compute(state);
        return redecorateChangedClauses(old, tr.before, tr.doc, () => []);
      },
    },
    props: { decorations: (state) => bracketDecorationsKey.getState(state) },
    view(view) {
      // Records arrive apart from the text (another member's alternative, a closure): rebuild then, and when names change.
      let frame = 0;
      const refresh = () => {
        if (frame !== 0) return;
        frame = requestAnimationFrame(() => {
          frame = 0;
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(bracketDecorationsKey, 'refresh').setMeta('addToHistory', false));
        });
      };
      const brackets = bracketsMap(ydoc);
      const alternatives = alternativesMap(ydoc);
      brackets.observeDeep(refresh);
      alternatives.observeDeep(refresh);
      const stop = workspace.subscribe(refresh);
      return {
        destroy() {
          cancelAnimationFrame(frame);
          brackets.unobserveDeep(refresh);
          alternatives.unobserveDeep(refresh);
          stop();
        },
      };
    },
  });
}

/** Brackets as an editor extension. */
export function bracketExtension(workspace: ReadonlySignal<WorkspaceInfo | null>): EditorExtension {
  return { name: 'brackets', plugins: (context) => [bracketDecorationsPlugin(context.ydoc, workspace)] };
}
