import type { Mark, Node as PMNode } from 'prosemirror-model';
import { clauseIdOf, markChangeId, ZERO_WIDTH_SPACE } from '../suggest/marks';
import type { ListPlace, RunRevision } from './model';
import { readTextChange } from '../suggest/text-change';

/**
 * A clause's content as the redline needs it: its heading and body blocks
 * (paragraphs and list items, flattened with their list nesting) as runs of
 * text with formatting and, when read `marked`, the suggestion mark each run
 * carries.
 */

/** A piece of inline text with its formatting. "\n" alone is a hard line break. */
export interface StyledPiece {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  /** The pending suggestion the text belongs to (only when read `marked`). */
  readonly change?: RunRevision;
}

/** A body block of a clause: a paragraph, possibly inside a (nested) list. */
export interface ClauseBlock {
  readonly list?: ListPlace;
  readonly pieces: readonly StyledPiece[];
}

/** A clause read for the redline. */
export interface ClauseContent {
  readonly id: string;
  /** True if the clause has a heading node (even an empty one). */
  readonly hasHeading: boolean;
  readonly heading: readonly StyledPiece[];
  readonly blocks: readonly ClauseBlock[];
  /** A whole-clause suggestion (proposed addition or removal), only when read `marked`. */
  readonly clauseChange?: RunRevision;
}

/**
 * How to read suggestion marks: `marked` keeps them on the pieces;
 * `accepted` reads the text as if every pending suggestion were accepted
 * (inserted text kept, deleted text dropped, marks gone).
 */
export type ContentView = 'marked' | 'accepted';

/**
 * The revision a run shows, read as every reader reads overlapping marks
 * (`shared/suggest/text-change.ts`): its insertion, else its deletion. A run
 * several changes strike shows the first of them (a Word revision has one
 * author); the others' cards still list it.
 */
function changeOf(marks: readonly Mark[]): RunRevision | undefined {
  const change = readTextChange(marks);
  if (change.insertion !== null) return { type: 'insertion', id: markChangeId(change.insertion) };
  const first = change.deletions[0];
  return first ? { type: 'deletion', id: markChangeId(first) } : undefined;
}

/** True if two pieces look the same (formatting and suggestion), so that `pushPiece` joins them. */
export function sameStyle(a: StyledPiece, b: StyledPiece): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.change?.type === b.change?.type && a.change?.id === b.change?.id;
}

/** Appends a piece, joining it to the previous one when they look the same (line breaks stay apart). */
export function pushPiece(out: StyledPiece[], piece: StyledPiece): void {
  if (piece.text === '') return;
  const last = out[out.length - 1];
  if (last && last.text !== '\n' && piece.text !== '\n' && sameStyle(last, piece)) out[out.length - 1] = { ...last, text: last.text + piece.text };
  else out.push(piece);
}

/**
 * The inline content of a textblock as styled pieces (zero-width anchors
 * dropped). One pass over each child's marks; the suggestion reading
 * (`changeOf`) only runs for text that carries a suggestion mark (most text
 * of a comparison carries none).
 */
export function inlinePieces(block: PMNode, view: ContentView): StyledPiece[] {
  const out: StyledPiece[] = [];
  for (let i = 0; i < block.childCount; i++) {
    const child = block.child(i);
    const marks = child.marks;
    let bold = false;
    let italic = false;
    let suggested = false;
    for (const mark of marks) {
      const name = mark.type.name;
      if (name === 'strong') bold = true;
      else if (name === 'em') italic = true;
      else if (name === 'insertion' || name === 'deletion') suggested = true;
    }
    const change = suggested ? changeOf(marks) : undefined;
    if (view === 'accepted' && change?.type === 'deletion') continue;
    const raw = child.isText ? (child.text ?? '') : child.type.name === 'hard_break' ? '\n' : '';
    const text = raw.includes(ZERO_WIDTH_SPACE) ? raw.split(ZERO_WIDTH_SPACE).join('') : raw;
    pushPiece(out, view === 'marked' && change ? { text, bold, italic, change } : { text, bold, italic });
  }
  return out;
}

function collectBlocks(node: PMNode, view: ContentView, key: string, level: number, list: ListPlace | undefined, out: ClauseBlock[]): void {
  const name = node.type.name;
  if (name === 'paragraph') {
    out.push({ ...(list ? { list } : {}), pieces: inlinePieces(node, view) });
  } else if (name === 'bullet_list' || name === 'ordered_list') {
    const place: ListPlace = {
      kind: name === 'bullet_list' ? 'bullet' : 'ordered',
      level,
      start: (node.attrs['order'] as number | undefined) ?? 1,
      listKey: key,
    };
    node.forEach((item, _offset, index) => collectBlocks(item, view, `${key}.${index}`, level + 1, place, out));
  } else if (name === 'list_item') {
    // The item's first paragraph carries its bullet or number; later blocks continue it (nested lists go one level deeper).
    node.forEach((child, _offset, index) => {
      const place = index === 0 || !list ? list : { ...list, continued: true };
      collectBlocks(child, view, `${key}.${index}`, level, place, out);
    });
  } else {
    node.forEach((child, _offset, index) => collectBlocks(child, view, `${key}.${index}`, level, list, out));
  }
}

/** Reads one clause node (see `ContentView`); `keyPrefix` makes list keys unique across the redline. */
export function clauseContent(clause: PMNode, view: ContentView, keyPrefix = ''): ClauseContent {
  const id = clauseIdOf(clause);
  let hasHeading = false;
  let heading: StyledPiece[] = [];
  const blocks: ClauseBlock[] = [];
  clause.forEach((child, _offset, index) => {
    if (child.type.name === 'clause_heading') {
      hasHeading = true;
      heading = inlinePieces(child, view);
    } else {
      collectBlocks(child, view, `${keyPrefix}${id}/${index}`, 0, undefined, blocks);
    }
  });
  const clauseChange = view === 'marked' ? changeOf(clause.marks) : undefined;
  return { id, hasHeading, heading, blocks, ...(clauseChange ? { clauseChange } : {}) };
}

/** The plain text of pieces. */
export function piecesText(pieces: readonly StyledPiece[]): string {
  return pieces.map((p) => p.text).join('');
}
