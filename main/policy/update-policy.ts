import * as Y from 'yjs';
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import type { Identity } from '../../shared/domain/types';
import { contentFragment } from '../../shared/ydoc/layout';
import { watchRecords } from './record-rules';
import { mustSuggest, OriginalTextReader, untrackedEditRefusal } from './tracked-text';
import { DEFAULT_POLICY_LIMITS, GrowthMeter, type PolicyLimits, screenUpdate } from './update-shape';

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
 * - roles: an observer or a sender without an identity changes nothing;
 * - change records and comments (`record-rules.ts`): in one's own name,
 *   decisions by leads only;
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
  /** Growth per member in the last minute; pass the same meter to the policy that replaces this one. */
  readonly growth?: GrowthMeter;
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
  private readonly limits: PolicyLimits;
  /** Growth per member; shared with the policy that replaces this one after a rollback. */
  readonly growth: GrowthMeter;

  constructor(
    private readonly doc: Y.Doc,
    options: DocumentPolicyOptions = {},
  ) {
    this.original = new OriginalTextReader(doc);
    this.limits = { ...DEFAULT_POLICY_LIMITS, ...options.limits };
    this.growth = options.growth ?? new GrowthMeter();
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
    if (sender.editRefusal !== null && changesDocument(this.doc, message.payload)) {
      return { refusal: sender.editRefusal, rollback: false };
    }
    const facts = screenUpdate(this.doc, message.payload, this.limits);
    if (typeof facts === 'string') return { refusal: facts, rollback: false };
    const { identity, origin } = sender;
    const member = identity?.member.id ?? '';
    let grown = 0;
    const measure = (update: Uint8Array, updateOrigin: unknown) => {
      if (updateOrigin === origin) grown += update.length;
    };
    this.doc.on('update', measure);
    const records = watchRecords(this.doc, origin);
    const incompleteBefore = hasMissingDependencies(this.doc);
    // A member who may only suggest: the original text before, to compare after.
    const before = mustSuggest(identity) ? this.original.read() : null;
    const content = before ? watchContent(this.doc, origin) : null;
    let contentChanged = false;
    let recordRefusal: string | null = null;
    try {
      apply();
    } finally {
      this.doc.off('update', measure);
      contentChanged = content?.finish() ?? false;
      recordRefusal = records.finish(identity);
    }
    const refusal =
      recordRefusal ??
      (!incompleteBefore && hasMissingDependencies(this.doc)
        ? 'this edit builds on edits main does not have (an earlier one was refused); it was not applied'
        : null) ??
      (before && identity && contentChanged ? untrackedEditRefusal(before, this.original.read(), identity) : null) ??
      this.growthRefusal(member, grown);
    if (refusal !== null) return { refusal, rollback: true };
    if (grown > 0) this.growth.add(member, grown);
    return ACCEPTED;
  }

  private growthRefusal(member: string, grown: number): string | null {
    if (grown === 0) return null;
    const recent = this.growth.recent(member);
    if (recent + grown <= this.limits.maxGrowthPerMinute) return null;
    return `this member added ${Math.round((recent + grown) / 1024)} KB to the document within a minute; the limit is ${Math.round(this.limits.maxGrowthPerMinute / 1024)} KB (try again in a minute)`;
  }

  /** Stops watching the Y.Doc (it is being replaced or destroyed). */
  dispose(): void {
    this.original.dispose();
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

/** Notes whether transactions with `origin` change the document's content (its XmlFragment). */
function watchContent(doc: Y.Doc, origin: unknown): { finish(): boolean } {
  let changed = false;
  const fragment = contentFragment(doc);
  const handler = (_events: unknown, transaction: Y.Transaction) => {
    if (transaction.origin === origin) changed = true;
  };
  fragment.observeDeep(handler);
  return {
    finish() {
      fragment.unobserveDeep(handler);
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
