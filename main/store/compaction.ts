import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { CompactionResult } from './store-types';
import type { DocumentTable } from './tables/document-table';
import type { SnapshotTable } from './tables/snapshot-table';

/**
 * Folds a document's update log into its snapshot. Everything happens in one
 * `BEGIN IMMEDIATE` transaction: the write lock is taken first, so the rows
 * read are exactly the rows deleted, and an update another process appends
 * meanwhile waits (busy timeout) and lands after `covers_seq`, in the log.
 *
 * The log is applied to a fresh Y.Doc and re-encoded with
 * `Y.encodeStateAsUpdate`; `Y.mergeUpdates` is avoided on purpose (it slows
 * down super-linearly on long logs and keeps deleted content).
 */
export class Compactor {
  private readonly selectMaxSeq: Database.Statement<[string], number | null>;
  private readonly selectRange: Database.Statement<[string, number, number], Buffer>;
  private readonly foldAttribution: Database.Statement<[string, number]>;
  private readonly deleteRange: Database.Statement<[string, number]>;

  constructor(
    private readonly db: Database.Database,
    private readonly documents: DocumentTable,
    private readonly snapshots: SnapshotTable,
  ) {
    this.selectMaxSeq = db.prepare<[string], number | null>('SELECT max(seq) FROM update_log WHERE doc_id = ?').pluck();
    this.selectRange = db.prepare<[string, number, number], Buffer>('SELECT data FROM update_log WHERE doc_id = ? AND seq > ? AND seq <= ? ORDER BY seq').pluck();
    this.foldAttribution = db.prepare(
      `INSERT INTO compacted_attribution (doc_id, party_id, member_id, updates, first_at, last_at)
       SELECT doc_id, coalesce(party_id, ''), coalesce(member_id, ''), count(*), min(at), max(at)
         FROM update_log WHERE doc_id = ? AND seq <= ? GROUP BY 1, 2, 3
       ON CONFLICT (doc_id, party_id, member_id) DO UPDATE SET
         updates = updates + excluded.updates,
         first_at = min(first_at, excluded.first_at),
         last_at = max(last_at, excluded.last_at)`,
    );
    this.deleteRange = db.prepare('DELETE FROM update_log WHERE doc_id = ? AND seq <= ?');
  }

  /** Compacts one document; see the class comment. */
  compact(docId: string): CompactionResult {
    const result = this.db
      .transaction((): CompactionResult => {
        this.documents.requireId(docId);
        const previous = this.snapshots.get(docId);
        const fromSeq = previous?.coversSeq ?? 0;
        const maxSeq = this.selectMaxSeq.get(docId) ?? null;
        if (maxSeq === null || maxSeq <= fromSeq) return { merged: 0, snapshotSeq: fromSeq };

        const ydoc = new Y.Doc();
        let read = 0;
        ydoc.transact(() => {
          if (previous) Y.applyUpdate(ydoc, previous.state);
          for (const update of this.selectRange.iterate(docId, fromSeq, maxSeq)) {
            Y.applyUpdate(ydoc, update);
            read++;
          }
        });
        const state = Y.encodeStateAsUpdate(ydoc);
        ydoc.destroy();

        this.foldAttribution.run(docId, maxSeq);
        this.snapshots.put(docId, { state, coversSeq: maxSeq });
        const deleted = this.deleteRange.run(docId, maxSeq).changes;
        if (deleted !== read) {
          // Cannot happen under the write lock; refuse rather than lose anything.
          throw new Error(`compaction read ${read} log rows but would delete ${deleted}`);
        }
        return { merged: deleted, snapshotSeq: maxSeq };
      })
      .immediate();
    if (result.merged > 0) this.releaseFreePages();
    return result;
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
