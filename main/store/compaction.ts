import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { checksumMatches, damagedRowError, updateChecksumFrom, updateChecksumSeed } from './row-checksums';
import type { CompactionResult } from './store-types';
import type { DocumentTable } from './tables/document-table';
import type { SnapshotTable } from './tables/snapshot-table';

/**
 * Most log rows merged per transaction. Each step holds the write lock for a
 * bounded time (about 0.3 s here for 50,000 one-keystroke updates), well
 * inside the busy timeout other writers wait for.
 */
export const COMPACTION_STEP_ROWS = 50_000;

/**
 * Folds a document's update log into its snapshot, in steps. Each step is one
 * `BEGIN IMMEDIATE` transaction: with the write lock held it reads the
 * snapshot and the oldest log rows (up to the current max seq, at most
 * `COMPACTION_STEP_ROWS`), applies them to a fresh Y.Doc, writes the new
 * snapshot and deletes exactly the rows it merged. An update another process
 * appends meanwhile waits (busy timeout) and lands after `covers_seq`, in the
 * log. Steps repeat until the log as it was when compaction began is merged.
 *
 * The log is applied to a Y.Doc and re-encoded with `Y.encodeStateAsUpdate`;
 * `Y.mergeUpdates` is avoided on purpose (it slows down super-linearly on
 * long logs and keeps deleted content).
 */
export class Compactor {
  private readonly selectMaxSeq: Database.Statement<[number], number | null>;
  private readonly selectStepEnd: Database.Statement<[number, number, number], number>;
  private readonly selectRange: Database.Statement<[number, number, number], [unknown, unknown, unknown]>;
  private readonly foldAttribution: Database.Statement<[number, number]>;
  private readonly deleteRange: Database.Statement<[number, number]>;

  constructor(
    private readonly db: Database.Database,
    private readonly documents: DocumentTable,
    private readonly snapshots: SnapshotTable,
    private readonly stepRows: number = COMPACTION_STEP_ROWS,
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
    let merged = 0;
    let target: number | null = null;
    let snapshotSeq = 0;
    let longestLockMs = 0;
    for (;;) {
      const started = performance.now();
      const step = this.step(docKey, target);
      longestLockMs = Math.max(longestLockMs, performance.now() - started);
      target ??= step.target;
      merged += step.merged;
      snapshotSeq = step.snapshotSeq;
      if (step.merged === 0 || snapshotSeq >= target) break;
    }
    if (merged > 0) this.releaseFreePages();
    return { merged, snapshotSeq, longestLockMs };
  }

  /** One transaction: merges the oldest rows, up to `target` (default: the current max seq). */
  private step(docKey: number, target: number | null): Omit<CompactionResult, 'longestLockMs'> & { target: number } {
    return this.db
      .transaction(() => {
        const previous = this.snapshots.get(docKey);
        if (previous && !previous.intact) throw this.damaged(docKey, 'its compacted snapshot');
        const fromSeq = previous?.coversSeq ?? 0;
        const limit = target ?? this.selectMaxSeq.get(docKey) ?? fromSeq;
        if (limit <= fromSeq) return { merged: 0, snapshotSeq: fromSeq, target: limit };
        const stepEnd = Math.min(limit, this.selectStepEnd.get(docKey, fromSeq, this.stepRows - 1) ?? limit);

        const ydoc = new Y.Doc();
        let read = 0;
        ydoc.transact(() => {
          if (previous) Y.applyUpdate(ydoc, previous.state);
          const seed = updateChecksumSeed(docKey);
          for (const [seq, update, checksum] of this.selectRange.iterate(docKey, fromSeq, stepEnd)) {
            // Never fold a damaged row into a snapshot with a fresh, valid checksum.
            if (!(update instanceof Uint8Array) || !checksumMatches(checksum, updateChecksumFrom(seed, update))) {
              throw this.damaged(docKey, `stored edit ${String(seq)}`);
            }
            Y.applyUpdate(ydoc, update);
            read++;
          }
        });
        const state = Y.encodeStateAsUpdate(ydoc);
        ydoc.destroy();

        this.foldAttribution.run(docKey, stepEnd);
        this.snapshots.put(docKey, { state, coversSeq: stepEnd });
        const deleted = this.deleteRange.run(docKey, stepEnd).changes;
        if (deleted !== read) {
          // Cannot happen under the write lock; refuse rather than lose anything.
          throw new Error(`compaction read ${read} log rows but would delete ${deleted}`);
        }
        return { merged: deleted, snapshotSeq: stepEnd, target: limit };
      })
      .immediate();
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
