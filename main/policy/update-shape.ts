import * as Y from 'yjs';
import { YDOC_LAYOUT } from '../../shared/ydoc/layout';

/**
 * The update policy's screening of an update's bytes before it is applied:
 * nothing outside the document's layout, no absurd clock ranges, a bounded
 * size. Reads only the decoded update and the document's state vector.
 */

/** Limits on what one member may add to a document (see `DEFAULT_POLICY_LIMITS`). */
export interface PolicyLimits {
  /** Largest update (V1 bytes) one sync message may carry. */
  readonly maxUpdateBytes: number;
  /** Most bytes one member's accepted updates may add to one document within a minute. */
  readonly maxGrowthPerMinute: number;
}

/** Defaults: 2 MiB per update (a long pasted annex), 8 MiB per member and minute. */
export const DEFAULT_POLICY_LIMITS: PolicyLimits = {
  maxUpdateBytes: 2 * 1024 * 1024,
  maxGrowthPerMinute: 8 * 1024 * 1024,
};

/** The top-level Y types of the layout and whether their items are keyed (Y.Map) or listed (Y.XmlFragment). */
const TOP_LEVEL: ReadonlyMap<string, 'keyed' | 'listed'> = new Map([
  [YDOC_LAYOUT.content, 'listed'],
  [YDOC_LAYOUT.changes, 'keyed'],
  [YDOC_LAYOUT.comments, 'keyed'],
  [YDOC_LAYOUT.brackets, 'keyed'],
  [YDOC_LAYOUT.alternatives, 'keyed'],
  [YDOC_LAYOUT.positions, 'keyed'],
  [YDOC_LAYOUT.packages, 'keyed'],
]);

/** What the screening learned about an update (for the checks after it is applied). */
export interface UpdateFacts {
  /** First clock of each client's new structs (struct clocks at or past the document's state). */
  readonly newFrom: ReadonlyMap<number, number>;
}

/**
 * Why an update (V1) is refused before it is applied, or its facts. Refused:
 * more than `limits.maxUpdateBytes`; a struct whose parent is a top-level
 * type outside the layout (a Y.Text or Y.Array beside `prosemirror`,
 * `changes` and `comments`), or in the wrong shape (an unkeyed entry in a
 * map, a keyed one in the fragment, anything but an XML element at the top
 * of the fragment); a deletion
 * range reaching past what the document and the update itself hold for
 * that client (an "empty" update deleting clocks up to 2⁴⁰).
 */
export function screenUpdate(doc: Y.Doc, update: Uint8Array, limits: PolicyLimits): string | UpdateFacts {
  return screenUpdates(doc, [update], limits);
}

/**
 * `screenUpdate` for updates one sender sent in a row, to be applied
 * together: each is screened as above, a deletion may reach what an earlier
 * update of the batch created, and the facts are those of the batch (the
 * first new clock of each client).
 */
export function screenUpdates(doc: Y.Doc, updates: readonly Uint8Array[], limits: PolicyLimits): string | UpdateFacts {
  const ends = new Map<number, number>();
  const newFrom = new Map<number, number>();
  for (const update of updates) {
    const refusal = screenOne(doc, update, limits, ends, newFrom);
    if (refusal !== null) return refusal;
  }
  return { newFrom };
}

function screenOne(
  doc: Y.Doc,
  update: Uint8Array,
  limits: PolicyLimits,
  ends: Map<number, number>,
  newFrom: Map<number, number>,
): string | null {
  if (update.length > limits.maxUpdateBytes) {
    return `the update is ${formatBytes(update.length)}; one update may carry at most ${formatBytes(limits.maxUpdateBytes)}`;
  }
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    const { client, clock } = struct.id;
    ends.set(client, Math.max(ends.get(client) ?? 0, clock + struct.length));
    if (!(struct instanceof Y.Item)) continue;
    if (clock + struct.length > Y.getState(doc.store, client) && !newFrom.has(client)) newFrom.set(client, Math.max(clock, Y.getState(doc.store, client)));
    if (typeof struct.parent !== 'string') continue;
    const shape = TOP_LEVEL.get(struct.parent);
    if (shape === undefined) return `the update writes a top-level "${struct.parent}", which is not part of a Draftroom document`;
    const keyed = struct.parentSub !== null;
    if (keyed !== (shape === 'keyed')) return `the update writes "${struct.parent}" in a shape Draftroom does not use`;
    const content = struct.content;
    if (content instanceof Y.ContentDeleted) continue;
    // What a record or comment holds is the record schema's business (`record-rules.ts`).
    if (shape === 'listed' && !(content instanceof Y.ContentType && content.type instanceof Y.XmlElement)) {
      return `the update puts something other than a clause at the top of "${struct.parent}"`;
    }
  }
  for (const [client, deletions] of ds.clients) {
    const known = Math.max(Y.getState(doc.store, client), ends.get(client) ?? 0);
    for (const { clock, len } of deletions) {
      if (clock + len > known) return `the update deletes clocks ${clock}–${clock + len} of client ${client}, past what exists (${known})`;
    }
  }
  return null;
}

/**
 * Bytes each member's accepted updates added to a document in the last
 * minute. Kept by the caller beside the document (it outlives rollbacks).
 */
export class GrowthMeter {
  /** Per member: what it added, oldest first (from `head` on), and the sum of `bytes` from `head` on. */
  private readonly entries = new Map<string, { list: { at: number; bytes: number }[]; head: number; sum: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Bytes `member` added within the last minute. */
  recent(member: string): number {
    return this.prune(member)?.sum ?? 0;
  }

  /** Counts `bytes` added by `member` now. */
  add(member: string, bytes: number): void {
    let meter = this.prune(member);
    if (meter === undefined) this.entries.set(member, (meter = { list: [], head: 0, sum: 0 }));
    meter.list.push({ at: this.now(), bytes });
    meter.sum += bytes;
  }

  /** Drops what is older than a minute (a member typing 20 keystrokes a second keeps ~1,200 entries: no scan per update). */
  private prune(member: string): { list: { at: number; bytes: number }[]; head: number; sum: number } | undefined {
    const meter = this.entries.get(member);
    if (meter === undefined) return undefined;
    const since = this.now() - 60_000;
    while (meter.head < meter.list.length && meter.list[meter.head]!.at <= since) meter.sum -= meter.list[meter.head++]!.bytes;
    if (meter.head === meter.list.length) {
      this.entries.delete(member);
      return undefined;
    }
    if (meter.head > 1024 && meter.head * 2 > meter.list.length) {
      meter.list = meter.list.slice(meter.head);
      meter.head = 0;
    }
    return meter;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
