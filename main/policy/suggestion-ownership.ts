import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { mayDecide } from '../../shared/suggest/decide';
import { changesMap, contentFragment } from '../../shared/ydoc/layout';
import { markNameOf } from './content-shape';

/**
 * The update policy's rule that pending suggestions belong to their author
 * (issue 13, rule 2). For every clause an update touched, the text under
 * each change's marks (insertion, deletion, modification; by change id) is
 * read before and after the update. Where it differs — text typed, deleted
 * or rewritten inside a change, a mark set or removed — the change must be
 * the sender's own (its record names the sender as author), or the sender
 * is a lead whose update records the change's decision. A change with no
 * record may only mark text that had no mark of it before (new text the
 * sender typed, whose record follows). Text is read as every reader reads it
 * (`shared/suggest/text-change.ts`): a deletion mark on text its own client
 * typed under its insertion does not count, so text one member typed where
 * another struck at the same time changes neither change's deletion; a
 * change's range the sender never saw (`PolicySender.saw`) is compared over
 * the text that was there before the update and still is. Moving text within a clause (a paragraph
 * split, a list) or moving a clause changes nothing here; re-encoding a
 * mark under another attribute name neither.
 */

const SUGGESTION_MARKS = new Set(['insertion', 'deletion', 'modification']);

/** Left out of a proposal's text: the zero-width characters the suggestion library puts where a tracked edit crosses a paragraph boundary. */
const IGNORED = /[\u200B-\u200D\u2060\uFEFF]+/g;

/** `kind:changeId` → the text under that mark, per clause id, one entry per clause element. */
type MarkedTexts = Map<string, Map<string, string>[]>;

/**
 * Each clause's marked text as the last accepted update left it (what the
 * ownership rule read after that update, over the text not deleted), kept
 * until any transaction touches the clause: the next update's "before" of
 * that clause is then read from here instead of walking the clause again.
 * Filled only with views read without `saw` (every text counts); create one
 * per Y.Doc, and dispose it with the policy.
 */
export class MarkedTextCache {
  private readonly texts = new WeakMap<Y.XmlElement, Map<string, string>>();
  private readonly fragment: Y.XmlFragment;
  private readonly forget: (transaction: Y.Transaction) => void;

  constructor(
    private readonly doc: Y.Doc,
    /** Read every clause both ways and throw if the cached view differs from the walk (tests). */
    readonly verify = false,
  ) {
    this.fragment = contentFragment(doc);
    // After the observers: the update being judged read its "before" from here first.
    this.forget = (transaction) => {
      for (const type of transaction.changed.keys()) {
        let node = type as Y.AbstractType<unknown> | null;
        while (node !== null && node.parent !== this.fragment) node = node.parent as Y.AbstractType<unknown> | null;
        if (node instanceof Y.XmlElement) this.texts.delete(node);
      }
    };
    doc.on('afterTransaction', this.forget);
  }

  /** How many clause reads the cache served. */
  hits = 0;

  /** The clause's marked text before the transaction being observed, if kept. */
  get(clause: Y.XmlElement): Map<string, string> | undefined {
    const texts = this.texts.get(clause);
    if (texts !== undefined) this.hits += 1;
    return texts;
  }

  /** Keeps what an accepted update left (`SuggestionTouch.afterByClause`). */
  keep(touch: SuggestionTouch): void {
    for (const [clause, texts] of touch.afterByClause) this.texts.set(clause, texts);
  }

  /** Stops watching the Y.Doc. */
  dispose(): void {
    this.doc.off('afterTransaction', this.forget);
  }
}

/** What an update did to the suggestions in the clauses it touched. */
export interface SuggestionTouch {
  readonly before: MarkedTexts;
  readonly after: MarkedTexts;
  /** Clause id → the proposed `added` records that proposed a clause with that id before the update. */
  readonly proposed: Map<string, readonly Proposer[]>;
  /** Change ids whose status the update wrote (decisions). */
  readonly decided: Set<string>;
  /** Authors of the records the update deleted (withdrawals). */
  readonly deletedAuthors: Map<string, unknown>;
  /** Text that was already there and is an insertion, on which the update put a deletion mark. */
  readonly struck: StruckInsertion[];
  /** Each clause's marked text after the update, read without `saw` (for `MarkedTextCache.keep`). */
  readonly afterByClause: Map<Y.XmlElement, Map<string, string>>;
}

/** Existing text of a pending insertion that an update struck (a deletion mark now covers it). */
export interface StruckInsertion {
  readonly clauseId: string;
  /** The formatting item that makes the text an insertion (whether the sender could have seen that is judged by its id). */
  readonly item: Y.Item;
  readonly insertionId: string;
  readonly deletionId: string;
}

/** A record proposing a clause for addition: the clause's text outside insertion marks is its change. */
export interface Proposer {
  readonly id: string;
  readonly authorId: unknown;
}

/** The key under which a clause's proposal text (its text outside insertion marks) is collected. */
const PROPOSAL = 'proposal:';

/**
 * Starts collecting the suggestions in the clauses transactions with
 * `origin` touch. `proposersBefore` says which records proposed a clause
 * element under the id it had before the update (a proposed clause's text
 * is not marked: the record makes it a proposal). `saw`: what the sender
 * had seen (`PolicySender.saw`), if known.
 */
export function watchSuggestions(
  doc: Y.Doc,
  origin: unknown,
  proposersBefore: (clause: Y.XmlElement, id: string) => readonly Proposer[],
  saw?: ReadonlyMap<number, number>,
  cache?: MarkedTextCache,
): { finish(): SuggestionTouch } {
  const fragment = contentFragment(doc);
  const records = changesMap(doc);
  const touch: SuggestionTouch = { before: new Map(), after: new Map(), proposed: new Map(), decided: new Set(), deletedAuthors: new Map(), struck: [], afterByClause: new Map() };
  const onContent = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    const clauses = new Set<Y.XmlElement>();
    for (const event of events) {
      if (event.target === fragment) {
        for (const item of [...event.changes.added, ...event.changes.deleted]) {
          if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) clauses.add(item.content.type);
        }
        continue;
      }
      let target: Y.AbstractType<unknown> | null = event.target;
      while (target !== null && target.parent !== fragment) target = target.parent as Y.AbstractType<unknown> | null;
      if (target instanceof Y.XmlElement) clauses.add(target);
    }
    const added = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
    const before = (item: Y.Item) => !added(item) && (!item.deleted || Y.isDeleted(transaction.deleteSet, item.id));
    const after = (item: Y.Item) => !item.deleted;
    // Inside a change's range the sender never saw, only text that was there before and still is counts: what the
    // sender added or deleted there (its own typing; y-prosemirror's rewrite of a few unchanged characters) is a merge
    // effect, not an edit of that change.
    const seen = (text: Y.Item, setter: Y.Item) =>
      saw === undefined || added(setter) || setter.id.clock < (saw.get(setter.id.client) ?? 0) || (!added(text) && !Y.isDeleted(transaction.deleteSet, text.id));
    // Existing text the sender never saw, inside an insertion range the update opened: typed by someone else at the
    // same spot meanwhile; the range does not make it the sender's insertion.
    const wrapsUnseen = (text: Y.Item, setter: Y.Item) => saw !== undefined && added(setter) && !added(text) && text.id.clock >= (saw.get(text.id.client) ?? 0);
    for (const clause of clauses) {
      const item = clause._item;
      if (item === null) continue;
      // y-prosemirror may move a clause by rewriting two elements in place, ids included: key each view by its own id.
      if (before(item)) {
        const id = attributeBefore(clause, 'id', added);
        const proposers = proposersBefore(clause, id);
        if (proposers.length > 0) touch.proposed.set(id, [...(touch.proposed.get(id) ?? []), ...proposers]);
        // Without `saw` every text counts: the view the last accepted update left is this one's "before".
        const kept = saw === undefined ? cache?.get(clause) : undefined;
        const walked = kept === undefined || cache?.verify === true ? markedText(clause as Y.AbstractType<unknown>, before, seen) : kept;
        if (kept !== undefined && walked !== kept && !sameTexts(kept, walked)) {
          throw new Error(`MarkedTextCache: clause ${id} cached ${JSON.stringify([...kept])}, walked ${JSON.stringify([...walked])}`);
        }
        push(touch.before, id, kept ?? walked);
      }
      if (after(item)) {
        const texts = markedText(clause as Y.AbstractType<unknown>, after, seen, wrapsUnseen);
        push(touch.after, rawAttribute(clause, 'id'), texts);
        if (saw === undefined) touch.afterByClause.set(clause, texts);
      }
      if (before(item) && after(item)) newlyStruck(clause as Y.AbstractType<unknown>, rawAttribute(clause, 'id'), before, after, touch.struck);
    }
  };
  const onRecords = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    for (const event of events) {
      if (event.target === records) {
        for (const [id, change] of event.changes.keys) {
          if (change.action !== 'add') touch.deletedAuthors.set(id, change.oldValue instanceof Y.Map ? rawAttribute(change.oldValue, 'authorId') : undefined);
        }
      } else if (event instanceof Y.YMapEvent && event.keysChanged.has('status') && typeof event.path[0] === 'string') {
        touch.decided.add(event.path[0]);
      }
    }
  };
  fragment.observeDeep(onContent);
  records.observeDeep(onRecords);
  return {
    finish() {
      fragment.unobserveDeep(onContent);
      records.unobserveDeep(onRecords);
      return touch;
    },
  };
}

/**
 * Why the update changed someone else's pending suggestion, or marked text
 * under a change nobody answers for, or null. Text under a change id whose
 * marks the update changed must belong to a record (one already there, or
 * written by the same update) in the sender's name, or be decided by a lead
 * in the same update. Marks of a change with no record (a record withdrawn
 * or deleted, a hostile client's invention) may only shrink, and only by a
 * lead (cleaning up); a withdrawal takes its change's marks with it.
 */
export function suggestionOwnershipRefusal(doc: Y.Doc, touch: SuggestionTouch, identity: Identity, saw?: ReadonlyMap<number, number>): string | null {
  const me = identity.member.id;
  const lead = mayDecide(identity);
  for (const struck of touch.struck) {
    // An insertion the sender had not seen (its range's start) when it struck around it: a merge effect, read as the insertion it is.
    if (saw !== undefined && struck.item.id.clock >= (saw.get(struck.item.id.client) ?? 0)) continue;
    const record = changesMap(doc).get(struck.insertionId);
    const author = record instanceof Y.Map ? record.get('authorId') : undefined;
    if (author === me) continue;
    return `clause ${struck.clauseId}: change ${struck.deletionId} strikes text that change ${struck.insertionId} proposes to insert, another member’s suggestion; a pending insertion is decided by a lead, not struck`;
  }
  for (const clauseId of new Set([...touch.before.keys(), ...touch.after.keys()])) {
    const before = touch.before.get(clauseId) ?? [];
    const after = touch.after.get(clauseId) ?? [];
    const keys = new Set([...before, ...after].flatMap((m) => [...m.keys()]));
    for (const key of keys) {
      const was = joined(before, key);
      const now = joined(after, key);
      if (was === now) continue;
      if (key.startsWith(PROPOSAL)) {
        const refusal = proposalRefusal(clauseId, touch, me, lead);
        if (refusal !== null) return refusal;
        continue;
      }
      const changeId = key.slice(key.indexOf(':') + 1);
      const record = changesMap(doc).get(changeId);
      if (record instanceof Y.Map) {
        if (record.get('authorId') === me) continue;
        if (lead && touch.decided.has(changeId)) continue;
        return `clause ${clauseId}: change ${changeId} is another member’s suggestion; only its author edits it, and only a lead’s decision removes its marks`;
      }
      const text = now.replace(/\u0000/g, '');
      const withdrawn = touch.deletedAuthors.get(changeId);
      if (withdrawn !== undefined) {
        if (text === '') continue;
        return `clause ${clauseId}: change ${changeId} was withdrawn, but text still carries its marks`;
      }
      if (lead && isSubsequence(now, was)) continue;
      return `clause ${clauseId}: text is marked as change ${changeId}, which has no change record (a change’s marks and its record travel in one update)`;
    }
  }
  return withdrawnMarksRefusal(doc, touch);
}

/**
 * Why a change to the text of a clause others proposed (outside insertion
 * marks: the proposal itself), its removal included, is not the sender's to
 * make, or null: the proposal's author edits or withdraws it; a lead changes
 * it only with a decision in the same update (rejecting it, or accepting a
 * suggestion inside it).
 */
function proposalRefusal(clauseId: string, touch: SuggestionTouch, me: string, lead: boolean): string | null {
  const proposers = touch.proposed.get(clauseId);
  if (proposers === undefined || proposers.some((p) => p.authorId === me)) return null;
  if (lead && touch.decided.size > 0) return null;
  return `clause ${clauseId} is another member’s proposed clause; only its author edits or withdraws it, and only a lead’s decision removes it`;
}

/**
 * Why a record the update deleted (a withdrawal) leaves marks of its change
 * in clauses the update did not touch, or null. Reads the whole document,
 * but only for an update that deletes a record.
 */
function withdrawnMarksRefusal(doc: Y.Doc, touch: SuggestionTouch): string | null {
  const gone = [...touch.deletedAuthors.keys()].filter((id) => !changesMap(doc).has(id));
  if (gone.length === 0) return null;
  const ids = new Set(gone);
  for (const clause of contentFragment(doc).toArray()) {
    if (!(clause instanceof Y.XmlElement)) continue;
    for (const key of markedText(clause as Y.AbstractType<unknown>, (item) => !item.deleted).keys()) {
      const changeId = key.slice(key.indexOf(':') + 1);
      if (ids.has(changeId)) return `change ${changeId} was withdrawn, but clause ${rawAttribute(clause, 'id')} still carries its marks`;
    }
  }
  return null;
}

/** Whether two marked-text views hold the same texts under the same keys. */
function sameTexts(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, text] of a) if (b.get(key) !== text) return false;
  return true;
}

/** Whether every character of `part` appears in `whole`, in order. */
function isSubsequence(part: string, whole: string): boolean {
  let i = 0;
  for (let j = 0; j < whole.length && i < part.length; j++) if (whole[j] === part[i]) i++;
  return i === part.length;
}

function joined(copies: Map<string, string>[], key: string): string {
  return copies
    .map((m) => m.get(key) ?? '')
    .sort()
    .join('\u0000');
}

function push(into: MarkedTexts, clauseId: string, marked: Map<string, string>): void {
  const list = into.get(clauseId) ?? [];
  list.push(marked);
  into.set(clauseId, list);
}

/** An attribute of a Y.XmlElement or a field of a Y.Map, also when it was deleted in the transaction being observed. */
function rawAttribute(type: { readonly _map: Map<string, Y.Item> }, key: string): string {
  const value: unknown = type._map.get(key)?.content.getContent()[0];
  return typeof value === 'string' ? value : '';
}

/** An attribute's value before the transaction that `added` tells the new items of (its value items chain leftwards). */
function attributeBefore(type: { readonly _map: Map<string, Y.Item> }, key: string, added: (item: Y.Item) => boolean): string {
  let item: Y.Item | null = type._map.get(key) ?? null;
  while (item !== null && added(item)) item = item.left;
  const value: unknown = item?.content.getContent()[0];
  return typeof value === 'string' ? value : '';
}

/**
 * Which of the insertion marks active on a text item (`kind:changeId` by
 * attribute) the text is: the one whose range the text's own Yjs client
 * opened. Undefined when none is (original text that a range y-prosemirror
 * ended past the typed text wraps, or text typed inside another change): the
 * text then counts under every insertion on it, so that one member's range
 * spreading over it never takes it out of another's change.
 */
function ownInsertion(active: Iterable<readonly [string, string]>, setters: ReadonlyMap<string, number>, client: number): string | undefined {
  for (const [key, mark] of active) if (mark.startsWith('insertion:') && setters.get(key) === client) return mark;
  return undefined;
}

/**
 * Collects the text of a clause that was there before the update and visible
 * after it, is an insertion after it, and carries a deletion mark after it that
 * it did not carry before.
 */
function newlyStruck(node: Y.AbstractType<unknown>, clauseId: string, before: (item: Y.Item) => boolean, after: (item: Y.Item) => boolean, out: StruckInsertion[]): void {
  if (node instanceof Y.XmlText) {
    const was = new Map<string, string>();
    const now = new Map<string, string>();
    /** The format item that set each mark now active (`kind:changeId`). */
    const setBy = new Map<string, Y.Item>();
    const note = (into: Map<string, string>, content: Y.ContentFormat, item?: Y.Item) => {
      const id = (content.value as { id?: unknown } | null)?.id;
      if (content.value === null || typeof id !== 'string') into.delete(content.key);
      else {
        const mark = `${markNameOf(content.key)}:${id}`;
        into.set(content.key, mark);
        if (item !== undefined) setBy.set(mark, item);
      }
    };
    for (let item = node._start; item !== null; item = item.right) {
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        if (!SUGGESTION_MARKS.has(markNameOf(content.key))) continue;
        if (before(item)) note(was, content);
        if (after(item)) note(now, content, item);
      } else if (content instanceof Y.ContentString && before(item) && after(item) && now.size > 0) {
        const marks = [...now.values()];
        const clients = new Map([...now.keys()].map((key) => [key, setBy.get(now.get(key)!)?.id.client ?? -1]));
        const insertion = ownInsertion(now, clients, item.id.client) ?? marks.find((m) => m.startsWith('insertion:'));
        if (insertion === undefined) continue;
        const old = new Set(was.values());
        const deletion = marks.find((m) => m.startsWith('deletion:') && !old.has(m));
        if (deletion === undefined) continue;
        out.push({ clauseId, item: setBy.get(insertion) ?? item, insertionId: insertion.slice('insertion:'.length), deletionId: deletion.slice('deletion:'.length) });
      }
    }
    return;
  }
  for (let item = node._start; item !== null; item = item.right) {
    if (before(item) && after(item) && item.content instanceof Y.ContentType) newlyStruck(item.content.type, clauseId, before, after, out);
  }
}

/**
 * The text under each suggestion mark (`kind:changeId`) in a clause, over the
 * items `visible` keeps, and under `PROPOSAL` the text outside insertion
 * marks; `counts(text, setter)` says whether a mark set by `setter` counts on
 * `text` (see `watchSuggestions`).
 */
function markedText(
  node: Y.AbstractType<unknown>,
  visible: (item: Y.Item) => boolean,
  counts: (text: Y.Item, setter: Y.Item) => boolean = () => true,
  wrapsUnseen: (text: Y.Item, setter: Y.Item) => boolean = () => false,
  out = new Map<string, string>(),
): Map<string, string> {
  if (node instanceof Y.XmlText) {
    const active = new Map<string, string>();
    /** Which Yjs client set each active attribute, and with which item. */
    const setters = new Map<string, number>();
    const setterItems = new Map<string, Y.Item>();
    for (let item = node._start; item !== null; item = item.right) {
      const content = item.content;
      // Only text and formats count; the rest (deleted content collected long ago, embeds) is skipped before `visible`.
      if (!(content instanceof Y.ContentString || content instanceof Y.ContentFormat) || !visible(item)) continue;
      if (content instanceof Y.ContentFormat) {
        const kind = markNameOf(content.key);
        if (!SUGGESTION_MARKS.has(kind)) continue;
        const id = (content.value as { id?: unknown } | null)?.id;
        if (content.value === null || typeof id !== 'string') active.delete(content.key);
        else {
          active.set(content.key, `${kind}:${id}`);
          setters.set(content.key, item.id.client);
          setterItems.set(content.key, item);
        }
      } else if (content instanceof Y.ContentString) {
        const text = item;
        const marks = [...active].filter(([key]) => counts(text, setterItems.get(key)!));
        const own = ownInsertion(marks, setters, item.id.client);
        // Text its own client typed under its insertion is that insertion only: no deletion and no other insertion counts on it.
        for (const key of new Set(marks.map(([, mark]) => mark))) {
          if (own !== undefined && key.startsWith('deletion:')) continue;
          if (own !== undefined && key !== own && key.startsWith('insertion:')) continue;
          out.set(key, (out.get(key) ?? '') + content.str);
        }
        const proposal = !marks.some(([key, mark]) => mark.startsWith('insertion:') && (setters.get(key) === text.id.client || !wrapsUnseen(text, setterItems.get(key)!)));
        if (proposal) out.set(PROPOSAL, (out.get(PROPOSAL) ?? '') + content.str.replace(IGNORED, ''));
      }
    }
    return out;
  }
  for (let item = node._start; item !== null; item = item.right) {
    if (visible(item) && item.content instanceof Y.ContentType) markedText(item.content.type, visible, counts, wrapsUnseen, out);
  }
  return out;
}
