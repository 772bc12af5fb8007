import type { Node as PMNode } from 'prosemirror-model';
import { inlineText } from '../schema/clauses';
import { clauseIndexById, markChangeId, ZERO_WIDTH_SPACE } from './marks';
import { readTextChange } from './text-change';

/**
 * Short "before" / "after" texts of a change, for the changes panel and the
 * per-clause history (which outlives the marks: once a change is decided its
 * marks are gone, the snippets stay in the record).
 */

/** Characters of unchanged context kept on each side of an amendment. */
const CONTEXT = 40;
/** Longest snippet kept in a record. */
const MAX_SNIPPET = 240;

/** Before/after texts of one change. */
export interface ChangeSnippet {
  readonly before: string;
  readonly after: string;
}

function tidy(text: string): string {
  return text.split(ZERO_WIDTH_SPACE).join('').replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  const t = tidy(text);
  return t.length <= MAX_SNIPPET ? t : `${t.slice(0, MAX_SNIPPET - 1).trimEnd()}…`;
}

/** Plain text of a whole clause as its pending state shows it: "Heading — body" (the body alone if it has no heading). */
export function clauseSnippet(clause: PMNode, view: 'current' | 'original' = 'current'): string {
  let heading = '';
  const parts: string[] = [];
  clause.descendants((node) => {
    if (node.isTextblock) {
      const text = tidy(inlineText(node, view === 'current' ? 'current' : 'original'));
      if (node.type.name === 'clause_heading') heading = text;
      else parts.push(text);
      return false;
    }
    return true;
  });
  const body = parts.filter((p) => p !== '').join(' ');
  return clip(heading !== '' && body !== '' ? `${heading} — ${body}` : heading || body);
}

interface Piece {
  readonly text: string;
  /** 'own-ins' / 'own-del': marks of this change; 'ins' / 'del': of other changes. */
  readonly state: 'plain' | 'own-ins' | 'own-del' | 'ins' | 'del';
}

function pieces(block: PMNode, changeId: string): Piece[] {
  const out: Piece[] = [];
  block.forEach((child) => {
    const text = child.isText ? (child.text ?? '') : child.type.name === 'hard_break' ? ' ' : '';
    if (text === '') return;
    // Overlapping marks read one way (text-change.ts): an insertion, or the strikes of one or more changes.
    const change = readTextChange(child.marks);
    if (change.insertion !== null) out.push({ text, state: markChangeId(change.insertion) === changeId ? 'own-ins' : 'ins' });
    else if (change.deletions.some((m) => markChangeId(m) === changeId)) out.push({ text, state: 'own-del' });
    else out.push({ text, state: change.deletions.length > 0 ? 'del' : 'plain' });
  });
  return out;
}

function wordStart(text: string, index: number): number {
  if (index <= 0) return 0;
  const space = text.lastIndexOf(' ', index);
  return space < 0 ? 0 : space + 1;
}

function wordEnd(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const space = text.indexOf(' ', index);
  return space < 0 ? text.length : space;
}

/** Before/after of the part of one textblock that a change touches, with some context. */
function blockSnippet(block: PMNode, changeId: string): ChangeSnippet | null {
  const list = pieces(block, changeId);
  // Work on the "everything visible" text; each character knows its state.
  let all = '';
  const states: Piece['state'][] = [];
  for (const piece of list) {
    all += piece.text;
    for (let i = 0; i < piece.text.length; i++) states.push(piece.state);
  }
  const first = states.findIndex((s) => s === 'own-ins' || s === 'own-del');
  if (first < 0) return null;
  let last = states.length - 1;
  while (last > first && states[last] !== 'own-ins' && states[last] !== 'own-del') last--;
  const from = Math.max(0, first - CONTEXT);
  const to = Math.min(all.length, last + 1 + CONTEXT);
  const windowFrom = from === 0 ? 0 : wordStart(all, from);
  const windowTo = to === all.length ? all.length : wordEnd(all, to);
  let before = '';
  let after = '';
  for (let i = windowFrom; i < windowTo; i++) {
    const s = states[i];
    const c = all[i]!;
    if (s === 'plain' || s === 'ins') {
      before += c;
      after += c;
    } else if (s === 'own-del') before += c;
    else if (s === 'own-ins') after += c;
  }
  const lead = windowFrom > 0 ? '…' : '';
  const tail = windowTo < all.length ? '…' : '';
  return { before: `${lead}${tidy(before)}${tail}`, after: `${lead}${tidy(after)}${tail}` };
}

/**
 * Snippets of an amendment: for each textblock (in the given clauses) that
 * carries the change's marks, the text around it without the change
 * (`before`) and with it (`after`). Other pending changes show as they would
 * if accepted.
 */
export function amendmentSnippet(doc: PMNode, changeId: string, clauseIds: readonly string[]): ChangeSnippet {
  const befores: string[] = [];
  const afters: string[] = [];
  for (const clauseId of clauseIds) {
    const index = clauseIndexById(doc, clauseId);
    if (index < 0) continue;
    doc.child(index).descendants((node) => {
      if (!node.isTextblock) return true;
      const snippet = blockSnippet(node, changeId);
      if (snippet) {
        befores.push(snippet.before);
        afters.push(snippet.after);
      }
      return false;
    });
  }
  return { before: clip(befores.join(' ¶ ')), after: clip(afters.join(' ¶ ')) };
}
