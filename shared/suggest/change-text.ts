import type { Node as PMNode } from 'prosemirror-model';
import { diffWordSpans } from '../diff/word-diff';
import { inlineText } from '../schema/clauses';
import { clauseIndexById, markChangeId, ZERO_WIDTH_SPACE } from './marks';
import { readTextChange } from './text-change';

/**
 * What a change says, for the changes panel's cards, the clause history and
 * the hover popover: the change's own deleted and inserted text with a
 * little context, read off its insertion/deletion marks while they exist
 * (exact), else rebuilt from the record's before/after snippets with the
 * one word diff; or, for a clause added, removed or moved, the clause's
 * heading and body.
 */

/** One stretch of a change's text. */
export interface ChangeTextPiece {
  /** `context`: unchanged text around the change; `deleted` / `inserted`: the change's own text. */
  readonly op: 'context' | 'deleted' | 'inserted';
  readonly text: string;
}

/** What a change says. */
export type ChangeText =
  | {
      /** Text deleted and/or inserted inside clauses. */
      readonly type: 'edit';
      /** Only deletions, only insertions, or both (a replacement). */
      readonly shape: 'deleted' | 'inserted' | 'replaced';
      /** One passage per stretch of text it touches (a paragraph; edits far apart in one paragraph are split), pieces in reading order. */
      readonly passages: readonly (readonly ChangeTextPiece[])[];
      /** Read off the change's marks (true), or rebuilt from the record's snippets (false). */
      readonly exact: boolean;
    }
  | {
      /** A whole clause (added, removed or moved): its heading ('' if none) and body paragraphs. */
      readonly type: 'clause';
      readonly heading: string;
      readonly body: readonly string[];
    }
  | { readonly type: 'none' };

/** Characters of context kept on each side of a change (cut at a word). */
export const CHANGE_CONTEXT = 40;
/** Longest deleted or inserted stretch shown whole; a longer one keeps its start and end around " … ". */
export const MAX_CHANGE_PIECE = 480;
/** Longest clause body shown whole. */
const MAX_CLAUSE_BODY = 480;

function flat(text: string): string {
  return text.split(ZERO_WIDTH_SPACE).join('').replace(/\s+/g, ' ');
}

function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 3) / 2);
  const head = text.slice(0, half);
  const tail = text.slice(text.length - half);
  const headCut = head.lastIndexOf(' ') > half * 0.6 ? head.slice(0, head.lastIndexOf(' ')) : head;
  const tailCut = tail.indexOf(' ') >= 0 && tail.indexOf(' ') < half * 0.4 ? tail.slice(tail.indexOf(' ') + 1) : tail;
  return `${headCut} … ${tailCut}`;
}

/** The last `max` characters of `text`, starting at a word, with "…" when cut. */
function contextBefore(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(text.length - max);
  const space = cut.indexOf(' ');
  return `…${space >= 0 && space < cut.length - 1 ? cut.slice(space + 1) : cut}`;
}

/** The first `max` characters of `text`, ending at a word, with "…" when cut. */
function contextAfter(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > 0 ? cut.slice(0, space) : cut}…`;
}

/** Kept text between two changes: whole if short, else its two ends around " … ". */
function contextBetween(text: string): string {
  if (text.length <= 2 * CHANGE_CONTEXT + 8) return text;
  return `${contextAfter(text, CHANGE_CONTEXT)} ${contextBefore(text, CHANGE_CONTEXT)}`.replace('… …', ' … ');
}

function push(out: ChangeTextPiece[], op: ChangeTextPiece['op'], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && last.op === op) out[out.length - 1] = { op, text: last.text + text };
  else out.push({ op, text });
}

/** Pieces of one passage, given its stretches (context between changes already cut), with context trimmed at both ends. */
function finishPassage(stretches: readonly ChangeTextPiece[]): ChangeTextPiece[] {
  const out: ChangeTextPiece[] = [];
  stretches.forEach((piece, index) => {
    let text = flat(piece.text);
    if (piece.op === 'context') {
      if (index === 0) text = contextBefore(text.trimStart(), CHANGE_CONTEXT);
      else if (index === stretches.length - 1) text = contextAfter(text.trimEnd(), CHANGE_CONTEXT);
      else text = contextBetween(text);
    } else text = clipMiddle(text, MAX_CHANGE_PIECE);
    push(out, piece.op, text);
  });
  // No passage starts or ends with spaces.
  const first = out[0];
  if (first) out[0] = { ...first, text: first.text.trimStart() };
  const last = out[out.length - 1];
  if (last) out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  return out.filter((p) => p.text !== '');
}

function shapeOf(passages: readonly (readonly ChangeTextPiece[])[]): 'deleted' | 'inserted' | 'replaced' | null {
  const ops = new Set(passages.flatMap((p) => p.map((piece) => piece.op)));
  if (ops.has('deleted') && ops.has('inserted')) return 'replaced';
  if (ops.has('deleted')) return 'deleted';
  if (ops.has('inserted')) return 'inserted';
  return null;
}

/** A textblock as stretches: this change's deletions and insertions, and context (other changes shown as if accepted). */
function blockStretches(block: PMNode, changeId: string): ChangeTextPiece[] {
  const out: ChangeTextPiece[] = [];
  block.forEach((child) => {
    const text = child.isText ? (child.text ?? '') : child.type.name === 'hard_break' ? ' ' : '';
    if (text === '') return;
    // Overlapping marks read one way (text-change.ts): an insertion, or the strikes of one or more changes.
    const change = readTextChange(child.marks);
    if (change.insertion !== null) push(out, markChangeId(change.insertion) === changeId ? 'inserted' : 'context', text);
    else if (change.deletions.some((m) => markChangeId(m) === changeId)) push(out, 'deleted', text);
    else if (change.deletions.length === 0) push(out, 'context', text);
    // Another change's deletion reads as if accepted: left out.
  });
  return out;
}

/** Splits a block's stretches into passages where kept text between two edits is long. */
function splitPassages(stretches: readonly ChangeTextPiece[]): ChangeTextPiece[][] {
  const passages: ChangeTextPiece[][] = [];
  let current: ChangeTextPiece[] = [];
  stretches.forEach((piece, index) => {
    const between = index > 0 && index < stretches.length - 1;
    if (piece.op === 'context' && between && piece.text.length > 4 * CHANGE_CONTEXT) {
      current.push({ op: 'context', text: piece.text });
      passages.push(current);
      current = [{ op: 'context', text: piece.text }];
      return;
    }
    current.push(piece);
  });
  passages.push(current);
  return passages.filter((p) => p.some((piece) => piece.op !== 'context'));
}

/**
 * A change's text read off its own marks in `doc` (within the given
 * clauses): per paragraph it touches, what it deletes and inserts, with a
 * little context (other pending changes shown as if accepted). Null when
 * the document holds none of its marks.
 */
export function changeTextFromMarks(doc: PMNode, changeId: string, clauseIds: readonly string[]): ChangeText | null {
  const passages: ChangeTextPiece[][] = [];
  for (const clauseId of clauseIds) {
    const index = clauseIndexById(doc, clauseId);
    if (index < 0) continue;
    doc.child(index).descendants((node) => {
      if (!node.isTextblock) return true;
      const stretches = blockStretches(node, changeId);
      if (stretches.some((s) => s.op !== 'context')) for (const passage of splitPassages(stretches)) passages.push(finishPassage(passage));
      return false;
    });
  }
  const shape = shapeOf(passages);
  return shape === null ? null : { type: 'edit', shape, passages, exact: true };
}

/** Separator of paragraphs in a record's snippets. */
const PARAGRAPHS = ' ¶ ';

/**
 * A change's text rebuilt from its record's before/after snippets (once its
 * marks are gone: decided, or read from a named version) with the word
 * diff. `none` when they do not differ.
 */
export function changeTextFromSnippets(before: string, after: string): ChangeText {
  const a = before.split(PARAGRAPHS);
  const b = after.split(PARAGRAPHS);
  const pairs: [string, string][] = a.length === b.length ? a.map((text, i) => [text, b[i]!]) : [[before, after]];
  const passages: ChangeTextPiece[][] = [];
  for (const [old, now] of pairs) {
    const stretches: ChangeTextPiece[] = [];
    for (const span of diffWordSpans(old, now)) {
      if (span.kind === 'equal') push(stretches, 'context', now.slice(span.newFrom, span.newTo));
      else {
        push(stretches, 'deleted', old.slice(span.oldFrom, span.oldTo));
        push(stretches, 'inserted', now.slice(span.newFrom, span.newTo));
      }
    }
    if (stretches.some((s) => s.op !== 'context')) passages.push(finishPassage(stretches));
  }
  const shape = shapeOf(passages);
  return shape === null ? { type: 'none' } : { type: 'edit', shape, passages, exact: false };
}

/** A clause's heading and body paragraphs as its pending state shows them (`current`), or as it was (`original`). */
export function clauseChangeText(clause: PMNode, view: 'current' | 'original'): ChangeText {
  let heading = '';
  const body: string[] = [];
  let length = 0;
  clause.descendants((node) => {
    if (!node.isTextblock) return true;
    const text = flat(inlineText(node, view)).trim();
    if (node.type.name === 'clause_heading') heading = text;
    else if (text !== '' && length < MAX_CLAUSE_BODY) {
      const room = MAX_CLAUSE_BODY - length;
      body.push(text.length <= room ? text : contextAfter(text, room));
      length += text.length;
    }
    return false;
  });
  return { type: 'clause', heading, body };
}

/** A clause's text from a record's snippet (its clause may be gone): the snippet as one paragraph. */
export function clauseChangeTextFromSnippet(snippet: string): ChangeText {
  const text = snippet.trim();
  return text === '' ? { type: 'none' } : { type: 'clause', heading: '', body: text.split(PARAGRAPHS) };
}

/** A change's text as one plain line (for logs and tests): "Deleted: …", "Inserted: …", "Replaced: a → b". */
export function describeChangeText(text: ChangeText): string {
  if (text.type === 'none') return '';
  if (text.type === 'clause') return [text.heading, ...text.body].filter((t) => t !== '').join(' — ');
  const label = text.shape === 'deleted' ? 'Deleted' : text.shape === 'inserted' ? 'Inserted' : 'Replaced';
  const passages = text.passages.map((passage) =>
    passage
      .map((piece, i) => {
        const next = passage[i + 1];
        const arrow = piece.op === 'deleted' && next?.op === 'inserted' ? ' → ' : '';
        return piece.op === 'context' ? piece.text : `[${piece.text}]${arrow}`;
      })
      .join(''),
  );
  return `${label}: ${passages.join(' ¶ ')}`;
}
