import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { findMatches, type TextMatch } from '../../../shared/editing/find-matches';
import { isRemoteTransaction } from '../../../shared/editing/clause-ids';

/** What the find box shows: the query, its matches and which one is current (-1: none). */
export interface FindState {
  readonly query: string;
  readonly matches: readonly TextMatch[];
  readonly current: number;
  readonly decorations: DecorationSet;
}

type FindMeta = { readonly query: string; readonly current?: number } | { readonly step: 1 | -1 };

/** Key of the find plugin. */
export const findKey = new PluginKey<FindState>('draftroom/find');

const EMPTY: FindState = { query: '', matches: [], current: -1, decorations: DecorationSet.empty };

function build(state: EditorState, query: string, matches: readonly TextMatch[], current: number): FindState {
  const decorations = DecorationSet.create(
    state.doc,
    matches.map((m, i) => Decoration.inline(m.from, m.to, { class: i === current ? 'find-match is-current' : 'find-match' })),
  );
  return { query, matches, current, decorations };
}

function nearest(matches: readonly TextMatch[], pos: number): number {
  if (matches.length === 0) return -1;
  const after = matches.findIndex((m) => m.from >= pos);
  return after >= 0 ? after : 0;
}

function apply(tr: Transaction, value: FindState, newState: EditorState): FindState {
  const meta = tr.getMeta(findKey) as FindMeta | undefined;
  if (meta && 'query' in meta) {
    // The query changed: the one full walk.
    const matches = findMatches(newState.doc, meta.query);
    const current = meta.current ?? nearest(matches, newState.selection.from);
    return build(newState, meta.query, matches, current);
  }
  if (meta && 'step' in meta) {
    // Next/previous: walk again so matches typed since are included.
    const matches = findMatches(newState.doc, value.query);
    if (matches.length === 0) return build(newState, value.query, matches, -1);
    const base = value.current >= 0 ? value.current : nearest(matches, newState.selection.from) - (meta.step > 0 ? 1 : 0);
    const current = (((base + meta.step) % matches.length) + matches.length) % matches.length;
    return build(newState, value.query, matches, current);
  }
  if (!tr.docChanged || value.query === '') return value;
  if (isRemoteTransaction(tr)) {
    // y-prosemirror renders remote edits as one whole-document replace: positions cannot be mapped.
    const matches = findMatches(newState.doc, value.query);
    return build(newState, value.query, matches, Math.min(value.current, matches.length - 1));
  }
  // A local edit: map the matches instead of searching again.
  const matches: TextMatch[] = [];
  for (const m of value.matches) {
    const from = tr.mapping.map(m.from, 1);
    const to = tr.mapping.map(m.to, -1);
    if (to > from) matches.push({ from, to });
  }
  return build(newState, value.query, matches, Math.min(value.current, matches.length - 1));
}

/** Highlights the matches of the find box's query with decorations. */
export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: { init: () => EMPTY, apply },
    props: { decorations: (state) => findKey.getState(state)?.decorations },
  });
}

function revealCurrent(view: EditorView): void {
  const find = findKey.getState(view.state);
  const match = find && find.current >= 0 ? find.matches[find.current] : undefined;
  if (!match) return;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, match.from, match.to)));
  const { node } = view.domAtPos(match.from);
  const element = node instanceof Element ? node : node.parentElement;
  element?.scrollIntoView({ block: 'center' });
}

/** Sets the query (empty clears the highlights) and reveals the first match after the cursor. */
export function setFindQuery(view: EditorView, query: string): void {
  const meta: FindMeta = { query };
  view.dispatch(view.state.tr.setMeta(findKey, meta));
  revealCurrent(view);
}

/** Selects the next (1) or previous (-1) match and scrolls to it. */
export function stepFind(view: EditorView, step: 1 | -1): void {
  const meta: FindMeta = { step };
  view.dispatch(view.state.tr.setMeta(findKey, meta));
  revealCurrent(view);
}
