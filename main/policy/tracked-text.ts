import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { changesMap, contentFragment } from '../../shared/ydoc/layout';

/**
 * Main's check that a member who may only suggest (everyone but a lead)
 * removes or replaces text only through tracked suggestions. It compares
 * the document as it would read if every pending suggestion were rejected
 * (the "original" text) before and after the member's update: typing,
 * deleting and replacing in suggestion mode leave it as it was (insertions
 * are left out, deletions kept), and so do proposed clause additions,
 * removals and moves; text deleted outright, or a clause removed outright,
 * is refused. Text alone is compared, white space removed, clause by clause (by
 * stable id, so order does not matter): structure a suggester may change
 * untracked (splitting a paragraph, making a list) passes. A clause that
 * appears is not refused: the editor sends a new clause's content before
 * the record that proposes it, so main cannot tell it from an untracked one.
 *
 * The text is read from the Y.Doc directly (no ProseMirror document is
 * built): the clauses' Y.XmlText items, minus runs inside an insertion mark
 * (y-prosemirror stores a mark as a formatting attribute named `insertion`,
 * or `insertion--<hash>` when marks of a kind may overlap), minus the
 * clauses a proposed `added` record names.
 */

/**
 * Left out of the comparison: white space, and the zero-width characters the
 * suggestion library puts where a tracked deletion crosses a paragraph
 * boundary.
 */
const IGNORED = /[\s\u200B-\u200D\u2060\uFEFF]+/g;

/** Clause id → its original text without white space; clauses proposed for addition are left out. */
export type OriginalText = ReadonlyMap<string, string>;

/** Whether main requires `identity`'s text edits to be tracked suggestions. */
export function mustSuggest(identity: Identity | null): boolean {
  return identity !== null && identity.member.role !== 'lead';
}

/**
 * Reads a document's original text, keeping each clause's text until an
 * update touches that clause (an observer drops it then), so that a check
 * per keystroke reads one clause rather than the whole document.
 */
export class OriginalTextReader {
  private readonly texts = new WeakMap<Y.XmlElement, string>();
  private readonly fragment: Y.XmlFragment;
  private readonly onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      let target: Y.AbstractType<unknown> | null = event.target;
      // The clause is the fragment's child that holds the change (a clause added or removed is not cached anyway).
      while (target !== null && target.parent !== this.fragment) target = target.parent as Y.AbstractType<unknown> | null;
      if (target instanceof Y.XmlElement) this.texts.delete(target);
    }
  };

  constructor(private readonly ydoc: Y.Doc) {
    this.fragment = contentFragment(ydoc);
    this.fragment.observeDeep(this.onChange);
  }

  /** The original text of every clause now. */
  read(): OriginalText {
    const additions = proposedAdditions(this.ydoc);
    const out = new Map<string, string>();
    for (const child of this.fragment.toArray()) {
      if (!(child instanceof Y.XmlElement) || child.nodeName !== 'clause') continue;
      const id = String(child.getAttribute('id') ?? '');
      // A repeated id (two people moved one clause at once) is repaired on the later copy: the first one counts.
      if (additions.has(id) || out.has(id)) continue;
      let text = this.texts.get(child);
      if (text === undefined) {
        text = untrackedText(child).replace(IGNORED, '');
        this.texts.set(child, text);
      }
      out.set(id, text);
    }
    return out;
  }

  /** Stops observing the document. */
  dispose(): void {
    this.fragment.unobserveDeep(this.onChange);
  }
}

/** The original text of every clause of a document, read afresh. */
export function originalText(ydoc: Y.Doc): OriginalText {
  const reader = new OriginalTextReader(ydoc);
  try {
    return reader.read();
  } finally {
    reader.dispose();
  }
}

/** Ids of the clauses proposed records of kind `added` name (the editor shows them as wholly inserted). */
function proposedAdditions(ydoc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  changesMap(ydoc).forEach((record) => {
    if (!(record instanceof Y.Map) || record.get('kind') !== 'added' || record.get('status') !== 'proposed') return;
    const clauseIds = record.get('clauseIds');
    if (Array.isArray(clauseIds)) for (const id of clauseIds) if (typeof id === 'string') ids.add(id);
  });
  return ids;
}

function untrackedText(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return untrackedRuns(node);
  let text = '';
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlElement || child instanceof Y.XmlText) text += untrackedText(child);
  }
  return text;
}

/**
 * The text of a Y.XmlText outside insertion marks, read from its items (the
 * formatting attributes are items of their own, in order). `toDelta` would
 * open a transaction per call, which costs more than the reading here.
 */
function untrackedRuns(text: Y.XmlText): string {
  const open = new Set<string>();
  let out = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (content.key !== 'insertion' && !content.key.startsWith('insertion--')) continue;
      if (content.value === null) open.delete(content.key);
      else open.add(content.key);
    } else if (content instanceof Y.ContentString && open.size === 0) {
      out += content.str;
    }
  }
  return out;
}

/**
 * Why the change from `before` to `after` is not a tracked suggestion by
 * `identity`, or null if it is. Text that was there must still be there, in
 * order: deleting or replacing it outright is refused. Text that appears
 * unmarked is let through: concurrent edits make it legitimately (a lead
 * accepting an insertion its author is still typing next to; a proposed
 * clause whose record is on its way), and the update log names who sent it.
 */
export function untrackedEditRefusal(before: OriginalText, after: OriginalText, identity: Identity): string | null {
  const who = `${identity.member.name} (${identity.party.name}) is a ${identity.member.role}`;
  for (const [clauseId, text] of before) {
    const now = after.get(clauseId);
    if (now === undefined) return `${who} and may propose removing a clause, not remove it (clause ${clauseId})`;
    if (now !== text && !isSubsequence(text, now)) {
      return `${who} and may delete or replace text only as tracked suggestions (clause ${clauseId})`;
    }
  }
  // A clause that appears is not checked here: its content reaches main before the record that proposes it.
  return null;
}

/** Whether every character of `part` appears in `whole`, in order. */
function isSubsequence(part: string, whole: string): boolean {
  let i = 0;
  for (let j = 0; j < whole.length && i < part.length; j++) if (whole[j] === part[i]) i++;
  return i === part.length;
}
