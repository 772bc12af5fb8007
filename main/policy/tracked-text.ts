import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { alternativesMap } from '../../shared/negotiation/bracket-records';
import { changesMap, contentFragment } from '../../shared/ydoc/layout';

/**
 * The update policy's check that a member who may only suggest (everyone but
 * a lead) changes the text only through tracked suggestions. It compares
 * the document as it would read if every pending suggestion were rejected
 * (the "original" text) before and after the member's update, clause by
 * clause — by clause element, so that a second clause with the same id
 * changes nothing: typing, deleting and replacing in suggestion mode leave
 * it as it was (insertions are left out, deletions kept), and so do
 * proposed clause additions, removals and moves, and structure (splitting a
 * paragraph, making a list: the clause's text stays the same). Refused:
 * text deleted or replaced outright, a clause removed outright, unmarked
 * text added to a clause (unless a lead's decision on the sender's own
 * change explains it, see `UntrackedCheck.attributable`), and a new clause
 * with unmarked text that is neither a move nor proposed by a record.
 *
 * The text is read from the Y.Doc directly (no ProseMirror document is
 * built): the clauses' Y.XmlText items, minus runs inside an insertion mark
 * (y-prosemirror stores a mark as a formatting attribute named `insertion`,
 * or `insertion--<hash>` when marks of a kind may overlap). A clause a
 * proposed `added` record names is left out, but only if the record and
 * the clause were written by the same replica (same Yjs client) or by
 * clients of the record's author: a record cannot exempt someone else's
 * clause. The words of a bracket's proposed alternatives (under an
 * `alternative` mark whose record is not the bracketed words themselves) are
 * left out too: their record is the proposal, and `alternative-words.ts`
 * keeps other parties from rewriting them.
 */

/** Left out of the comparison: the zero-width characters the suggestion library puts where a tracked deletion crosses a paragraph boundary. */
const IGNORED = /[\u200B-\u200D\u2060\uFEFF]+/g;

/** A clause's id and original text. */
export interface ClauseText {
  readonly id: string;
  readonly text: string;
  /** Proposed for addition by a record (its text is not original text). */
  readonly exempt: boolean;
}

/** Clause element → its id and original text, in document order (clauses proposed for addition flagged `exempt`). */
export type OriginalText = ReadonlyMap<Y.XmlElement, ClauseText>;

/** Which member a Yjs client id belongs to, as far as the caller knows. */
export type ClientOwners = (client: number) => string | undefined;

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
  private texts = new WeakMap<Y.XmlElement, string>();
  private readonly fragment: Y.XmlFragment;
  private readonly onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      let target: Y.AbstractType<unknown> | null = event.target;
      // The clause is the fragment's child that holds the change (a clause added or removed is not cached anyway).
      while (target !== null && target.parent !== this.fragment) target = target.parent as Y.AbstractType<unknown> | null;
      if (target instanceof Y.XmlElement) this.texts.delete(target);
    }
  };

  /** The proposed additions, kept until a record changes. */
  private additions: Map<string, Addition[]> | null = null;
  private readonly onRecords = (): void => {
    this.additions = null;
  };
  /** Ids of proposed alternatives (their words are not original text), kept until an alternative record changes. */
  private alternativeIds: Set<string> | null = null;
  private readonly onAlternatives = (): void => {
    this.alternativeIds = null;
    this.texts = new WeakMap();
  };

  constructor(private readonly ydoc: Y.Doc) {
    this.fragment = contentFragment(ydoc);
    this.fragment.observeDeep(this.onChange);
    changesMap(ydoc).observeDeep(this.onRecords);
    alternativesMap(ydoc).observeDeep(this.onAlternatives);
  }

  /**
   * The proposed `added` records now, by clause id (kept until a record
   * changes: a snapshot taken before an update stays as it was).
   */
  proposals(): ReadonlyMap<string, readonly Addition[]> {
    return (this.additions ??= proposedAdditions(this.ydoc));
  }

  /** Whether a run under an `alternative` mark with this value holds a proposed alternative's words. */
  readonly proposedWords: ProposedWords = (value) => {
    if (this.alternativeIds === null) {
      this.alternativeIds = new Set();
      alternativesMap(this.ydoc).forEach((record, id) => {
        if (record instanceof Y.Map && record.get('existing') === false) this.alternativeIds!.add(id);
      });
    }
    const alt = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['alt'] : undefined;
    return typeof alt === 'string' && this.alternativeIds.has(alt);
  };

  /** The original text of every clause now. */
  read(owners: ClientOwners = () => undefined): OriginalText {
    const additions = (this.additions ??= proposedAdditions(this.ydoc));
    const out = new Map<Y.XmlElement, ClauseText>();
    for (const child of this.fragment.toArray()) {
      if (!(child instanceof Y.XmlElement) || child.nodeName !== 'clause') continue;
      const id = String(child.getAttribute('id') ?? '');
      const exempt = isExempt(child, additions.get(id), owners);
      let text = this.texts.get(child);
      if (text === undefined) {
        text = untrackedText(child, KEEP_ALL, this.proposedWords);
        this.texts.set(child, text);
      }
      out.set(child, { id, text, exempt });
    }
    return out;
  }

  /** Stops observing the document. */
  dispose(): void {
    this.fragment.unobserveDeep(this.onChange);
    changesMap(this.ydoc).unobserveDeep(this.onRecords);
    alternativesMap(this.ydoc).unobserveDeep(this.onAlternatives);
  }
}

/** A proposed `added` record as exemptions need it: its id, its author and the Yjs client that created it. */
export interface Addition {
  readonly id: string;
  readonly authorId: unknown;
  readonly client: number | undefined;
}

/** Clause ids the proposed records of kind `added` name, with who wrote each record. */
function proposedAdditions(ydoc: Y.Doc): Map<string, Addition[]> {
  const out = new Map<string, Addition[]>();
  changesMap(ydoc).forEach((record, key) => {
    if (!(record instanceof Y.Map) || record.get('kind') !== 'added' || record.get('status') !== 'proposed') return;
    const clauseIds = record.get('clauseIds');
    if (!Array.isArray(clauseIds)) return;
    const addition: Addition = { id: key, authorId: record.get('authorId'), client: record._item?.id.client };
    for (const id of clauseIds) {
      if (typeof id !== 'string') continue;
      const list = out.get(id) ?? [];
      list.push(addition);
      out.set(id, list);
    }
  });
  return out;
}

/** Whether a record proposes this clause element: it names the clause and was written by the clause's own replica or author. */
function isExempt(clause: Y.XmlElement, additions: readonly Addition[] | undefined, owners: ClientOwners): boolean {
  return proposersOf(clause, additions, owners).length > 0;
}

/** The records among `additions` (those naming the clause's id) that propose this clause element. */
export function proposersOf(clause: Y.XmlElement, additions: readonly Addition[] | undefined, owners: ClientOwners): readonly Addition[] {
  if (additions === undefined) return [];
  const client = clause._item?.id.client;
  if (client === undefined) return [];
  return additions.filter((a) => a.client === client || (owners(client) !== undefined && owners(client) === a.authorId));
}

/**
 * Picks the part of an unmarked text item that counts as original text;
 * `marked` holds the items of the same Y.XmlText before it that are inside
 * an insertion mark.
 */
export type KeepText = (item: Y.Item, text: string, marked: ReadonlySet<Y.Item>) => string;

/** Keeps every unmarked item whole. */
export const KEEP_ALL: KeepText = (_item, text) => text;

/** Whether the value of an `alternative` formatting attribute marks a proposed alternative's words (not original text). */
export type ProposedWords = (value: unknown) => boolean;

const NO_PROPOSED_WORDS: ProposedWords = () => false;

/** The original text of a clause (or of one of its texts), with what `keep` keeps of each unmarked item. */
export function untrackedText(node: Y.XmlElement | Y.XmlText, keep: KeepText = KEEP_ALL, words: ProposedWords = NO_PROPOSED_WORDS): string {
  if (node instanceof Y.XmlText) return untrackedRuns(node, keep, words).replace(IGNORED, '');
  let text = '';
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlElement || child instanceof Y.XmlText) text += untrackedText(child, keep, words);
  }
  return text;
}

/**
 * The text of a Y.XmlText outside insertion marks, read from its items (the
 * formatting attributes are items of their own, in order). `toDelta` would
 * open a transaction per call, which costs more than the reading here.
 */
function untrackedRuns(text: Y.XmlText, keep: KeepText, words: ProposedWords): string {
  const open = new Set<string>();
  const marked = new Set<Y.Item>();
  let out = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      const insertion = content.key === 'insertion' || content.key.startsWith('insertion--');
      const alternative = content.key === 'alternative' || content.key.startsWith('alternative--');
      if (!insertion && !alternative) continue;
      if (content.value === null) open.delete(content.key);
      else if (insertion || words(content.value)) open.add(content.key);
      else open.delete(content.key);
    } else if (content instanceof Y.ContentString) {
      if (open.size > 0) marked.add(item);
      else out += keep(item, content.str, marked);
    }
  }
  return out;
}

/** What the tracked-text check needs to know about the update besides the texts. */
export interface UntrackedCheck {
  /** Whether the document had no clause before the update (its first content: a document shared or created elsewhere). */
  readonly wasEmpty: boolean;
  /**
   * A clause's original text without the unmarked text a decision explains:
   * the sender's own typing that arrived after a lead accepted the change it
   * extends (the acceptance removed the mark the sender typed under).
   */
  attributable(clause: Y.XmlElement): string;
}

/**
 * Why the change from `before` to `after` is not a tracked suggestion by
 * `identity`, or null if it is.
 */
export function untrackedEditRefusal(before: OriginalText, after: OriginalText, identity: Identity, check: UntrackedCheck): string | null {
  const who = `${identity.member.name} (${identity.party.name}) is a ${identity.member.role}`;
  // A clause keeps its element, or (a move y-prosemirror made by rewriting elements in place) its id moves to
  // another element whose id changed too.
  const renamed = [...after].filter(([clause, c]) => before.has(clause) && before.get(clause)!.id !== c.id);
  const claimed = new Set<Y.XmlElement>();
  const added = [...after].filter(([clause, c]) => !before.has(clause) && !c.exempt);
  const movedTo = new Set<Y.XmlElement>();
  for (const [clause, { id, text, exempt }] of before) {
    if (exempt) continue;
    const kept = after.get(clause);
    const elsewhere = kept !== undefined && kept.id !== id ? renamed.find(([other, c]) => c.id === id && !claimed.has(other)) : undefined;
    if (elsewhere !== undefined) claimed.add(elsewhere[0]);
    const now = elsewhere?.[1] ?? kept;
    if (now === undefined || (now.exempt && elsewhere === undefined)) {
      if (clause._item !== null && !clause._item.deleted) return `${who} and may not exempt an existing clause by proposing it as new (clause ${id})`;
      // Removed: only as the first half of a move (the same clause, same text, inserted again).
      const target = added.find(([copy, c]) => !movedTo.has(copy) && c.id === id && c.text === text);
      if (target === undefined) return `${who} and may propose removing a clause, not remove it (clause ${id})`;
      movedTo.add(target[0]);
      continue;
    }
    if (now.text === text) continue;
    if (!isSubsequence(text, now.text)) return `${who} and may delete or replace text only as tracked suggestions (clause ${id})`;
    if (check.attributable(elsewhere?.[0] ?? clause) !== text) return `${who} and may add text only as tracked suggestions (clause ${id})`;
  }
  for (const [clause, { id, text }] of added) {
    if (movedTo.has(clause) || text === '' || check.wasEmpty) continue;
    return `${who} and may add a clause only as a proposal with its change record (clause ${id})`;
  }
  return null;
}

/** Whether every character of `part` appears in `whole`, in order. */
function isSubsequence(part: string, whole: string): boolean {
  let i = 0;
  for (let j = 0; j < whole.length && i < part.length; j++) if (whole[j] === part[i]) i++;
  return i === part.length;
}
