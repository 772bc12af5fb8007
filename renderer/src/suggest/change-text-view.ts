import type { ChangeKind } from '../../../shared/domain/types';
import type { ChangeText, ChangeTextPiece } from '../../../shared/suggest/change-text';
import { el } from '../base/dom';
import '../styles/change-text.css';

/** What `renderChangeText` needs of a change. */
export interface ChangeTextSubject {
  readonly kind: ChangeKind;
  readonly text: ChangeText;
  /** For a move: the number it had. */
  readonly movedFrom?: number;
  /** For a move: the number it has now (omitted once it is gone). */
  readonly movedTo?: number;
}

const SHAPE_LABEL = { deleted: 'Deleted:', inserted: 'Inserted:', replaced: 'Replaced:' } as const;

function piecesElement(passage: readonly ChangeTextPiece[]): HTMLElement {
  const out = el('span', { class: 'change-passage' });
  passage.forEach((piece, index) => {
    if (piece.op === 'context') out.append(el('span', { class: 'change-context', text: piece.text }));
    else if (piece.op === 'deleted') {
      out.append(el('del', { class: 'change-deleted', text: piece.text }));
      if (passage[index + 1]?.op === 'inserted') out.append(el('span', { class: 'change-arrow', text: ' → ', attrs: { 'aria-label': ' replaced by ' } }));
    } else out.append(el('ins', { class: 'change-inserted', text: piece.text }));
  });
  return out;
}

function clauseElement(heading: string, body: readonly string[], kind: ChangeKind): HTMLElement {
  // A moved clause is neither inserted nor deleted: plain text. An added one is underlined, a removed one struck.
  const wrap = (text: string): Node => (kind === 'added' ? el('ins', { text }) : kind === 'removed' ? el('del', { text }) : document.createTextNode(text));
  const box = el('div', { class: `change-clause-text is-${kind}` });
  if (heading !== '') box.append(el('p', { class: 'change-clause-heading' }, [wrap(heading)]));
  for (const paragraph of body) box.append(el('p', { class: 'change-clause-body' }, [wrap(paragraph)]));
  return box;
}

/**
 * What a change says, as the cards, the clause history and the hover
 * popover show it: "Deleted:", "Inserted:" or "Replaced:" followed by the
 * change's own text (struck, underlined, before → after) in a little
 * muted context; or, for a clause, "Moved from Point 9 to Point 11",
 * "New clause", "Clause removed" followed by its heading and body.
 */
export function renderChangeText(subject: ChangeTextSubject): HTMLElement {
  const { text, kind } = subject;
  const box = el('div', { class: 'change-text', attrs: { 'data-testid': 'change-text', 'data-kind': kind } });
  if (kind === 'moved') {
    const to = subject.movedTo !== undefined && subject.movedTo !== subject.movedFrom ? ` to Point ${subject.movedTo}` : '';
    box.append(el('p', { class: 'change-text-label change-move', text: `Moved from Point ${subject.movedFrom ?? '?'}${to}` }));
  }
  if (text.type === 'none') {
    if (kind !== 'moved') box.append(el('p', { class: 'change-text-label', text: 'No text' }));
    return box;
  }
  if (text.type === 'clause') {
    if (kind === 'added') box.append(el('p', { class: 'change-text-label', text: 'New clause:' }));
    if (kind === 'removed') box.append(el('p', { class: 'change-text-label', text: 'Clause removed:' }));
    box.append(clauseElement(text.heading, text.body, kind));
    return box;
  }
  box.dataset['shape'] = text.shape;
  const line = el('p', { class: 'change-edit' }, [el('span', { class: 'change-text-label', text: SHAPE_LABEL[text.shape] }), ' ']);
  text.passages.forEach((passage, index) => {
    if (index > 0) line.append(el('span', { class: 'change-passage-break', text: ' ¶ ', attrs: { 'aria-label': 'then' } }));
    line.append(piecesElement(passage));
  });
  box.append(line);
  return box;
}
