import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DraftroomError } from '../../shared/api/errors';
import { checksumMatches, damagedRowError, updateChecksumFrom, updateChecksumSeed } from './row-checksums';
import type { CompactionResult } from './store-types';
import type { DocumentTable } from './tables/document-table';
import type { SnapshotTable } from './tables/snapshot-table';

/**
 * Most log rows folded per step. A step reads its rows in a read
 * transaction and folds them outside any transaction, so this bounds the
 * memory and the time of one fold, not a lock.
 */
export const COMPACTION_STEP_ROWS = 50_000;

/**
 * Most merged log rows deleted per write transaction after a step's snapshot
 * is committed (each such transaction holds the write lock for a few tens of
 * milliseconds).
 */
export const PURGE_STEP_ROWS = 10_000;

/**
 * Folds a document's update log into its snapshot, in steps, holding the
 * write lock only to swap:
 *
 * 1. read, without the write lock (one read transaction, a consistent view
 *    in WAL mode): the snapshot and the oldest log rows after it (up to the
 *    max seq when compaction began, at most `stepRows`), each row checked
 *    against its checksum;
 * 2. fold them into a fresh Y.Doc and encode it, outside any transaction;
 * 3. commit the new snapshot (`BEGIN IMMEDIATE`, a few milliseconds) if the
 *    snapshot is still the one read in 1 (another compactor, in this or
 *    another process, may have moved it: then the step starts over from it);
 * 4. delete the rows the snapshot now covers, folding their attribution into
 *    `compacted_attribution` in the same transaction, at most
 *    `PURGE_STEP_ROWS` per transaction.
 *
 * Between 3 and 4 the merged rows are still in the log but nothing reads
 * them (a document is read as the snapshot plus the rows after `covers_seq`,
 * and sequence numbers are never reused); if the process stops there, the
 * next compaction deletes them first. An update appended meanwhile lands
 * after the max seq read, in the log. Steps repeat until the log as it was
 * when compaction began is merged.
 *
 * The log is applied to a Y.Doc and re-encoded with `Y.encodeStateAsUpdate`;
 * `Y.mergeUpdates` is avoided on purpose (it slows down super-linearly on
 * long logs and keeps deleted content).
 */
export class Compactor {
  private readonly selectMaxSeq: Database.Statement<[number], number | null>;
  private readonly selectStepEnd: Database.Statement<[number, number, number], number>;
  private readonly selectRange: Database.Statement<[number, number, number], [unknown, unknown, unknown]>;
  private readonly selectCoversSeq: Database.Statement<[number], number>;
  private readonly selectFirstSeq: Database.Statement<[number], number | null>;
  private readonly selectCountBetween: Database.Statement<[number, number, number], number>;
  private readonly foldAttribution: Database.Statement<[number, number]>;
  private readonly deleteRange: Database.Statement<[number, number]>;

  constructor(
    private readonly db: Database.Database,
    private readonly documents: DocumentTable,
    private readonly snapshots: SnapshotTable,
    private readonly stepRows: number = COMPACTION_STEP_ROWS,
    private readonly purgeRows: number = PURGE_STEP_ROWS,
  ) {
    this.selectMaxSeq = db.prepare<[number], number | null>('SELECT max(seq) FROM update_log WHERE doc_key = ?').pluck();
    this.selectStepEnd = db
      .prepare<[number, number, number], number>('SELECT seq FROM update_log WHERE doc_key = ? AND seq > ? ORDER BY seq LIMIT 1 OFFSET ?')
      .pluck();
    this.selectRange = db
      .prepare<[number, number, number], [unknown, unknown, unknown]>(
        'SELECT seq, data, checksum FROM update_log WHERE doc_key = ? AND seq > ? AND seq <= ? ORDER BY seq',
      )
      .raw();
    this.selectCoversSeq = db.prepare<[number], number>('SELECT covers_seq FROM snapshots WHERE doc_key = ?').pluck();
    this.selectFirstSeq = db.prepare<[number], number | null>('SELECT min(seq) FROM update_log WHERE doc_key = ?').pluck();
    this.selectCountBetween = db
      .prepare<[number, number, number], number>('SELECT count(*) FROM update_log WHERE doc_key = ? AND seq > ? AND seq <= ?')
      .pluck();
    this.foldAttribution = db.prepare(
      `INSERT INTO compacted_attribution (doc_key, party_key, member_key, updates, first_at, last_at)
       SELECT doc_key, coalesce(party_key, 0), coalesce(member_key, 0), count(*), min(at), max(at)
         FROM update_log WHERE doc_key = ? AND seq <= ? GROUP BY 1, 2, 3
       ON CONFLICT (doc_key, party_key, member_key) DO UPDATE SET
         updates = updates + excluded.updates,
         first_at = min(first_at, excluded.first_at),
         last_at = max(last_at, excluded.last_at)`,
    );
    this.deleteRange = db.prepare('DELETE FROM update_log WHERE doc_key = ? AND seq <= ?');
  }

  /** Compacts one document; see the class comment. */
  compact(docId: string): CompactionResult {
    const docKey = this.documents.keyOf(docId);
    let longestLockMs = this.purge(docKey);
    let merged = 0;
    let target: number | null = null;
    let snapshotSeq = 0;
    for (;;) {
      const step = this.step(docKey, target);
      longestLockMs = Math.max(longestLockMs, step.lockMs, this.purge(docKey));
      target ??= step.target;
      merged += step.merged;
      snapshotSeq = step.snapshotSeq;
      if ((step.merged === 0 && !step.raced) || snapshotSeq >= target) break;
    }
    if (merged > 0) this.releaseFreePages();
    return { merged, snapshotSeq, longestLockMs };
  }

  /**
   * Makes `state` (the document as read through `coversSeq`) the snapshot,
   * unless the snapshot already covers that far, then deletes the rows it
   * covers in bounded transactions. `invalid-argument` for a `coversSeq`
   * beyond the log.
   */
  compactWith(docKey: number, state: Uint8Array, coversSeq: number): CompactionResult {
    const started = performance.now();
    const merged = this.db
      .transaction(() => {
        const covers = this.selectCoversSeq.get(docKey) ?? 0;
        if (coversSeq <= covers) return 0;
        if (coversSeq > (this.selectMaxSeq.get(docKey) ?? 0)) {
          throw new DraftroomError('invalid-argument', `No stored edit ${coversSeq} of ${this.documents.labelOfKey(docKey)}: a state cannot cover edits not stored.`);
        }
        const rows = this.selectCountBetween.get(docKey, covers, coversSeq) ?? 0;
        this.snapshots.put(docKey, { state, coversSeq });
        return rows;
      })
      .immediate();
    const lockMs = performance.now() - started;
    const longestLockMs = Math.max(lockMs, this.purge(docKey));
    if (merged > 0) this.releaseFreePages();
    return { merged, snapshotSeq: Math.max(coversSeq, this.selectCoversSeq.get(docKey) ?? 0), longestLockMs };
  }

  /**
   * Folds the oldest rows after the snapshot, up to `target` (default: the
   * current max seq), and commits the new snapshot; see the class comment
   * (steps 1 to 3). `raced`: another compactor moved the snapshot first.
   */
  private step(docKey: number, target: number | null): { merged: number; snapshotSeq: number; target: number; lockMs: number; raced: boolean } {
    const read = this.db.transaction(() => {
      const previous = this.snapshots.get(docKey);
      if (previous && !previous.intact) throw this.damaged(docKey, 'its compacted snapshot');
      const fromSeq = previous?.coversSeq ?? 0;
      const limit = target ?? this.selectMaxSeq.get(docKey) ?? fromSeq;
      if (limit <= fromSeq) return { fromSeq, limit, stepEnd: fromSeq, previous, rows: [] as Uint8Array[] };
      const stepEnd = Math.min(limit, this.selectStepEnd.get(docKey, fromSeq, this.stepRows - 1) ?? limit);
      const seed = updateChecksumSeed(docKey);
      const rows: Uint8Array[] = [];
      for (const [seq, update, checksum] of this.selectRange.iterate(docKey, fromSeq, stepEnd)) {
        // Never fold a damaged row into a snapshot with a fresh, valid checksum.
        if (!(update instanceof Uint8Array) || !checksumMatches(checksum, updateChecksumFrom(seed, update))) {
          throw this.damaged(docKey, `stored edit ${String(seq)}`);
        }
        rows.push(update);
      }
      return { fromSeq, limit, stepEnd, previous, rows };
    })();
    if (read.rows.length === 0) return { merged: 0, snapshotSeq: read.fromSeq, target: read.limit, lockMs: 0, raced: false };

    const ydoc = new Y.Doc();
    ydoc.transact(() => {
      if (read.previous) Y.applyUpdate(ydoc, read.previous.state);
      for (const update of read.rows) Y.applyUpdate(ydoc, update);
    });
    const state = Y.encodeStateAsUpdate(ydoc);
    ydoc.destroy();

    const started = performance.now();
    const committed = this.db
      .transaction(() => {
        // Another compactor committed first: what was folded here may be stale.
        if ((this.selectCoversSeq.get(docKey) ?? 0) !== read.fromSeq) return false;
        this.snapshots.put(docKey, { state, coversSeq: read.stepEnd });
        return true;
      })
      .immediate();
    const lockMs = performance.now() - started;
    if (!committed) return { merged: 0, snapshotSeq: read.fromSeq, target: read.limit, lockMs, raced: true };
    return { merged: read.rows.length, snapshotSeq: read.stepEnd, target: read.limit, lockMs, raced: false };
  }

  /**
   * Deletes the log rows the snapshot covers, folding their attribution into
   * the history, at most `purgeRows` per write transaction (step 4 of the
   * class comment). Returns the longest of those transactions, in ms.
   */
  private purge(docKey: number): number {
    let longest = 0;
    for (;;) {
      const started = performance.now();
      const deleted = this.db
        .transaction(() => {
          const covers = this.selectCoversSeq.get(docKey) ?? 0;
          const first = this.selectFirstSeq.get(docKey) ?? null;
          if (first === null || first > covers) return 0;
          const upTo = Math.min(covers, this.selectStepEnd.get(docKey, first - 1, this.purgeRows - 1) ?? covers);
          this.foldAttribution.run(docKey, upTo);
          return this.deleteRange.run(docKey, upTo).changes;
        })
        .immediate();
      longest = Math.max(longest, performance.now() - started);
      if (deleted === 0) return longest;
    }
  }

  /**
   * Replaces the document's whole state by `state` in one transaction: the
   * log rows are folded into the attribution history and deleted, and the
   * snapshot becomes `state`, covering every sequence number handed out so
   * far. A reader sees the old state or the new one, never a mix.
   */
  replace(docKey: number, state: Uint8Array): void {
    this.db
      .transaction(() => {
        const maxSeq = this.selectMaxSeq.get(docKey) ?? 0;
        const covers = Math.max(maxSeq, this.snapshots.get(docKey)?.coversSeq ?? 0);
        this.foldAttribution.run(docKey, covers);
        this.deleteRange.run(docKey, covers);
        this.snapshots.put(docKey, { state, coversSeq: covers });
      })
      .immediate();
  }

  private damaged(docKey: number, row: string): Error {
    return damagedRowError({ document: this.documents.labelOfKey(docKey), row, remedy: 'It was not compacted.' });
  }

  /** Gives pages freed by deleted log rows back to the file system (files made with auto_vacuum = INCREMENTAL). */
  private releaseFreePages(): void {
    try {
      this.db.pragma('incremental_vacuum');
    } catch {
      // Best effort: the snapshot is committed; free pages are reused by later appends anyway.
    }
  }
}
