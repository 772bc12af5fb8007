import * as Y from 'yjs';
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import type { Identity } from '../../shared/domain/types';
import { changesMap, contentFragment } from '../../shared/ydoc/layout';
import { watchAlternativeWords } from './alternative-words';
import { watchBrackets } from './bracket-rules';
import { watchPackages } from './package-rules';
import { watchPositions } from './position-rules';
import { type ContentTouch, contentShapeRefusal, watchClauses } from './content-shape';
import { watchRecords } from './record-rules';
import { MarkedTextCache, type SuggestionTouch, suggestionOwnershipRefusal, watchSuggestions } from './suggestion-ownership';
import { type KeepText, mustSuggest, OriginalTextReader, proposersOf, untrackedEditRefusal, untrackedText } from './tracked-text';
import { DEFAULT_POLICY_LIMITS, GrowthMeter, type PolicyLimits, screenUpdates } from './update-shape';

/**
 * The update policy: the rules every peer's update to a document must keep,
 * checked by whoever holds the authoritative copy of the document — the
 * local main (`DocumentHub`) and the team server alike. It is pure: it reads
 * the Y.Doc it guards and the message, and touches no store or network. The
 * caller applies the message inside `check` and, on a refusal, rolls the
 * Y.Doc back (the hub reloads it from its store); on acceptance it stores
 * and broadcasts what the Y.Doc emitted.
 *
 * Rules (each in its own module):
 * - shape (`update-shape.ts`): nothing outside the document's layout, no
 *   absurd clock ranges, a bounded size per update and growth per member
 *   and minute;
 * - content (`content-shape.ts`): every clause the update touched is valid
 *   under the ProseMirror schema, in the shapes the app writes, with an id
 *   no other clause has (so that no read ever repairs, that is writes);
 * - roles: an observer or a sender without an identity changes nothing;
 * - change records and comments (`record-rules.ts`): in one's own name,
 *   decisions by leads only;
 * - brackets and alternatives (`bracket-rules.ts`): in one's own name and
 *   party, closed by leads only, once; a proposed alternative's words are
 *   changed outright only by its party (`alternative-words.ts`);
 * - party positions (`position-rules.ts`): only a member of that party
 *   records its position, in their own name; packages (`package-rules.ts`)
 *   created in one's own name, deleted only by a lead;
 * - pending suggestions are their author's (`suggestion-ownership.ts`):
 *   only the author edits the text under a change's marks, and only a
 *   lead's decision removes them;
 * - members who may only suggest delete or replace text only as tracked
 *   suggestions (`tracked-text.ts`);
 * - an update that builds on edits the document does not have is refused
 *   (Yjs would park it and let whoever completes it be checked for it).
 */

/** Who sent an update, as the policy needs to know them. */
export interface PolicySender {
  /** The transaction origin the caller applies the sender's update with. */
  readonly origin: unknown;
  /** Who the sender acts as, or null (no identity chosen yet). */
  readonly identity: Identity | null;
  /** Null if the sender may change documents at all; otherwise why not (an observer, no identity). */
  readonly editRefusal: string | null;
  /**
   * What the sender is known to have had when it made the update, as a state
   * vector: the one its sync step 1 declared before the sync step 2 being
   * checked (a replica coming back online answers the server's step 1 with
   * the work it did offline, before it has read the server's step 2).
   * Absent: the sender is taken to have seen everything the document holds.
   * It tells a deletion mark that spread over text the sender never saw (a
   * merge effect) from a strike of another member's insertion.
   */
  readonly saw?: ReadonlyMap<number, number>;
}

/** A well-formed y-protocols sync message: its type and its payload (state vector or V1 update). */
export interface PolicyMessage {
  readonly type: number;
  readonly payload: Uint8Array;
}

/** The policy's answer: accepted, or refused with the reason (and whether the Y.Doc must be rolled back). */
export type PolicyVerdict =
  | { readonly refusal: null }
  | {
      /** Why the update is refused, one sentence for the sender. */
      readonly refusal: string;
      /** True if the update was (partly) applied and the Y.Doc must be restored from the store. */
      readonly rollback: boolean;
    };

/** How a document's policy is set up. */
export interface DocumentPolicyOptions {
  /** Size limits (defaults: `DEFAULT_POLICY_LIMITS`). */
  readonly limits?: Partial<PolicyLimits>;
  /** What the policy this one replaces learned (growth per member, owners of Yjs clients). */
  readonly memory?: PolicyMemory;
  /** Read each touched clause's suggestions both from the cache and by walking it, and throw if they differ (tests). */
  readonly verifyCache?: boolean;
}

/** What a document's policy learns from accepted updates; it outlives a rollback of the Y.Doc. */
export interface PolicyMemory {
  /** Bytes each member added in the last minute. */
  readonly growth: GrowthMeter;
  /** The member whose accepted update first brought each Yjs client id. */
  readonly owners: Map<number, string>;
}

/** The accepted verdict. */
const ACCEPTED: PolicyVerdict = { refusal: null };

/**
 * The policy for one document's Y.Doc. It keeps per-clause caches (so that
 * a keystroke costs a read of one clause, not of the document); create a new
 * one when the caller replaces the Y.Doc (after a rollback), and dispose the
 * old one.
 */
export class DocumentPolicy {
  private readonly original: OriginalTextReader;
  private readonly markedTexts: MarkedTextCache;
  private readonly limits: PolicyLimits;
  /** What this policy learned; pass it to the policy that replaces this one after a rollback. */
  readonly memory: PolicyMemory;

  constructor(
    private readonly doc: Y.Doc,
    options: DocumentPolicyOptions = {},
  ) {
    this.original = new OriginalTextReader(doc);
    this.markedTexts = new MarkedTextCache(doc, options.verifyCache === true);
    this.limits = { ...DEFAULT_POLICY_LIMITS, ...options.limits };
    this.memory = options.memory ?? { growth: new GrowthMeter(), owners: new Map() };
  }

  /**
   * Checks one sync message from `sender`: screens it, then calls `apply`
   * (which must apply the message to the guarded Y.Doc with
   * `sender.origin` as the transaction origin) while watching what it does,
   * and judges the result. A sync step 1 (a state vector) is always
   * accepted. Exceptions from `apply` propagate (the caller rolls back).
   */
  check(sender: PolicySender, message: PolicyMessage, apply: () => void): PolicyVerdict {
    if (message.type === messageYjsSyncStep1) {
      apply();
      return ACCEPTED;
    }
    return this.checkUpdates(sender, [message.payload], apply);
  }

  /**
   * Checks V1 updates (sync step 2 or update payloads) that `sender` sent in
   * a row, which `apply` applies together, in one transaction with
   * `sender.origin`: judged as the one update they make together (as a
   * replica's step 2 after a day offline is one update of many edits), so
   * that a batch costs one check. Each update is still screened on its own
   * (size, layout, deletion ranges). What the batch stores is only its
   * result, so an edit undone within the batch is never stored; a refusal
   * refuses the whole batch (the caller may retry its updates one by one).
   */
  checkUpdates(sender: PolicySender, payloads: readonly Uint8Array[], apply: () => void): PolicyVerdict {
    if (sender.editRefusal !== null) {
      const now = payloads.length > 1 ? Y.snapshot(this.doc) : null;
      if (payloads.some((payload) => (now !== null ? !Y.snapshotContainsUpdate(now, payload) : changesDocument(this.doc, payload)))) {
        return { refusal: sender.editRefusal, rollback: false };
      }
    }
    const facts = screenUpdates(this.doc, payloads, this.limits);
    if (typeof facts === 'string') return { refusal: facts, rollback: false };
    const { identity, origin } = sender;
    const member = identity?.member.id ?? '';
    let grown = 0;
    const measure = (update: Uint8Array, updateOrigin: unknown) => {
      if (updateOrigin === origin) grown += update.length;
    };
    this.doc.on('update', measure);
    const owners = (client: number) => this.memory.owners.get(client);
    const records = watchRecords(this.doc, origin);
    const negotiation = watchBrackets(this.doc, origin);
    const positions = watchPositions(this.doc, origin);
    const packages = watchPackages(this.doc, origin);
    const clauses = watchClauses(this.doc, origin);
    // The proposed clauses before the update (the snapshot stays as it is when a record changes).
    const proposals = this.original.proposals();
    const suggestions = watchSuggestions(this.doc, origin, (clause, id) => proposersOf(clause, proposals.get(id), owners), sender.saw, this.markedTexts);
    const incompleteBefore = hasMissingDependencies(this.doc);
    // A member who may only suggest: the original text before, to compare after.
    // After the update, its new Yjs clients count as the sender's (as they will once it is accepted): a clause the
    // sender re-creates (a move) is judged with the exemption its own proposed `added` record will give it.
    const ownersAfter = (client: number) => owners(client) ?? (facts.newFrom.has(client) ? member : undefined);
    const before = mustSuggest(identity) ? this.original.read(owners) : null;
    const wasEmpty = contentFragment(this.doc).length === 0;
    const originals = before ? watchOriginals(this.doc, origin) : null;
    let originalsChanged = false;
    const alternativeWords = watchAlternativeWords(this.doc, identity);
    let recordRefusal: string | null = null;
    let negotiationRefusal: string | null = null;
    let touch: ContentTouch | undefined;
    let suggested: SuggestionTouch | undefined;
    try {
      apply();
    } finally {
      this.doc.off('update', measure);
      touch = clauses.finish();
      suggested = suggestions.finish();
      originalsChanged = originals?.finish() ?? false;
      recordRefusal = records.finish(identity);
      // Every watch stops observing, whichever refuses first.
      const negotiationRefusals = [negotiation.finish(identity), positions.finish(identity), packages.finish(identity), alternativeWords.finish()];
      negotiationRefusal = negotiationRefusals.find((r) => r !== null) ?? null;
    }
    const refusal =
      contentShapeRefusal(this.doc, touch!, (item) => item.id.clock >= (facts.newFrom.get(item.id.client) ?? Infinity)) ??
      recordRefusal ??
      negotiationRefusal ??
      (identity !== null ? suggestionOwnershipRefusal(this.doc, suggested!, identity, sender.saw) : null) ??
      (!incompleteBefore && hasMissingDependencies(this.doc)
        ? 'this edit builds on edits main does not have (an earlier one was refused); it was not applied'
        : null) ??
      (before && identity && originalsChanged
        ? untrackedEditRefusal(before, this.original.read(ownersAfter), identity, {
            wasEmpty,
            attributable: (clause) => untrackedText(clause, this.decidedTyping(identity, facts.newFrom), this.original.proposedWords),
          })
        : null) ??
      this.growthRefusal(member, grown);
    if (refusal !== null) return { refusal, rollback: true };
    this.markedTexts.keep(suggested!);
    if (grown > 0) this.memory.growth.add(member, grown);
    if (identity !== null) for (const client of facts.newFrom.keys()) if (!this.memory.owners.has(client)) this.memory.owners.set(client, member);
    return ACCEPTED;
  }

  /**
   * What counts as original text in an unmarked item, leaving out the
   * sender's new typing that a decision explains: a lead accepted the
   * sender's change while the sender was extending it, so the sender's
   * next characters, typed under the change's mark, arrive where the mark
   * is gone. Recognised as new text from the sender's client that continues
   * the same client's earlier text, now unmarked, when the sender has an
   * accepted change.
   */
  private decidedTyping(identity: Identity, newFrom: ReadonlyMap<number, number>): KeepText {
    let accepted: boolean | undefined;
    const hasAccepted = () => (accepted ??= [...changesMap(this.doc).values()].some((r) => r instanceof Y.Map && r.get('authorId') === identity.member.id && r.get('status') === 'accepted'));
    return (item, text, marked) => {
      const from = newFrom.get(item.id.client);
      if (from === undefined || item.id.clock + text.length <= from) return text;
      const old = text.slice(0, Math.max(0, from - item.id.clock));
      // Merged into the client's earlier item (which continues it), or right after the same client's own unmarked text.
      const origin = item.id.clock < from ? item : item.origin !== null && item.origin.client === item.id.client ? Y.getItem(this.doc.store, item.origin) : null;
      const continues = origin instanceof Y.Item && !marked.has(origin);
      return continues && hasAccepted() ? old : text;
    };
  }

  private growthRefusal(member: string, grown: number): string | null {
    if (grown === 0) return null;
    const recent = this.memory.growth.recent(member);
    if (recent + grown <= this.limits.maxGrowthPerMinute) return null;
    return `this member added ${Math.round((recent + grown) / 1024)} KB to the document within a minute; the limit is ${Math.round(this.limits.maxGrowthPerMinute / 1024)} KB (try again in a minute)`;
  }

  /** How many reads of a clause's suggestions the cache served instead of a walk (for tests and profiles). */
  get cachedClauseReads(): number {
    return this.markedTexts.hits;
  }

  /** Stops watching the Y.Doc (it is being replaced or destroyed). */
  dispose(): void {
    this.original.dispose();
    this.markedTexts.dispose();
  }
}

/**
 * Whether applying a V1 update would change the document: new content
 * (structs past the document's state vector) or new deletions. A replica's
 * sync step 2 always carries its whole delete set, so an update made only of
 * what the document already has is not a change. Cost: one pass over the
 * document's structs.
 */
export function changesDocument(doc: Y.Doc, update: Uint8Array): boolean {
  return !Y.snapshotContainsUpdate(Y.snapshot(doc), update);
}

/**
 * Notes whether transactions with `origin` change what the original text
 * depends on: the content (its XmlFragment) or the change records (a
 * proposed `added` record exempts a clause from it, so a record-only update
 * can take a clause's text out of the comparison).
 */
function watchOriginals(doc: Y.Doc, origin: unknown): { finish(): boolean } {
  let changed = false;
  const watched = [contentFragment(doc), changesMap(doc)];
  const handler = (_events: unknown, transaction: Y.Transaction) => {
    if (transaction.origin === origin) changed = true;
  };
  for (const type of watched) type.observeDeep(handler);
  return {
    finish() {
      for (const type of watched) type.unobserveDeep(handler);
      return changed;
    },
  };
}

/**
 * Whether Yjs parked parts of updates whose dependencies it lacks. An update
 * that builds on edits main does not have (say, ones it refused) would wait
 * there and be checked against whoever completes it: it is refused instead,
 * so that the sender keeps it.
 */
function hasMissingDependencies(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
