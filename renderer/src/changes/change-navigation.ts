import { Selection, TextSelection, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { ChangeRecord } from '../../../shared/domain/types';
import { changeLocations, type ChangeLocation } from '../../../shared/suggest/views';

function isClauseRange(state: EditorState, location: ChangeLocation): boolean {
  const node = state.doc.nodeAt(location.from);
  return node?.type.name === 'clause' && location.to === location.from + node.nodeSize;
}

function scrollToPos(view: EditorView, pos: number, clauseLevel: boolean): void {
  let element: Element | null = null;
  if (clauseLevel) {
    const dom = view.nodeDOM(pos);
    element = dom instanceof Element ? dom : null;
  } else {
    const { node } = view.domAtPos(pos, 1);
    element = node instanceof Element ? node : node.parentElement;
  }
  element?.scrollIntoView({ block: 'center' });
}

/**
 * Puts the cursor on a proposed change that is visible in the document and
 * scrolls to it: a text change is selected, a clause-level one gets the
 * cursor at the start of its clause. False if the change is not in the
 * document (decided, withdrawn, unknown).
 */
export function revealChange(view: EditorView, records: readonly ChangeRecord[], changeId: string): boolean {
  const location = changeLocations(view.state.doc, records).find((l) => l.changeId === changeId);
  if (!location) return false;
  revealLocation(view, location);
  return true;
}

/** Selects and scrolls to a change location (see `revealChange`). */
export function revealLocation(view: EditorView, location: ChangeLocation): void {
  const { state } = view;
  const clauseLevel = isClauseRange(state, location);
  const selection = clauseLevel
    ? Selection.near(state.doc.resolve(location.from + 1))
    : TextSelection.create(state.doc, location.from, Math.min(location.to, state.doc.content.size));
  view.dispatch(state.tr.setSelection(selection));
  view.focus();
  scrollToPos(view, location.from, clauseLevel);
}

/**
 * The next (1) or previous (-1) proposed change from the cursor, wrapping
 * around. When the cursor is on changes (`activeIds`), the step starts from
 * them, so stepping never stays on the same change.
 */
export function adjacentChange(state: EditorState, records: readonly ChangeRecord[], direction: 1 | -1, activeIds: readonly string[]): ChangeLocation | null {
  const all = changeLocations(state.doc, records);
  if (all.length === 0) return null;
  const onIndices = all.map((l, i) => (activeIds.includes(l.changeId) ? i : -1)).filter((i) => i >= 0);
  if (onIndices.length > 0) {
    const from = direction > 0 ? Math.max(...onIndices) : Math.min(...onIndices);
    return all[(from + direction + all.length) % all.length]!;
  }
  const head = state.selection.from;
  if (direction > 0) return all.find((l) => l.from > head) ?? all[0]!;
  const before = all.filter((l) => l.from < head);
  return before[before.length - 1] ?? all[all.length - 1]!;
}
