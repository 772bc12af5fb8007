import type Database from 'better-sqlite3';

/** A document's compacted state. */
export interface SnapshotRow {
  /** Merged Yjs state (V1) of every update up to `coversSeq`. */
  readonly state: Uint8Array;
  /** Highest log sequence number merged into it. */
  readonly coversSeq: number;
}

/** Statements on the `snapshots` table (one row per document at most). */
export class SnapshotTable {
  private readonly selectOne: Database.Statement<[string], { state: Buffer; covers_seq: number }>;
  private readonly upsert: Database.Statement<[string, Uint8Array, number, string]>;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare('SELECT state, covers_seq FROM snapshots WHERE doc_id = ?');
    this.upsert = db.prepare(
      `INSERT INTO snapshots (doc_id, state, covers_seq, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET state = excluded.state, covers_seq = excluded.covers_seq, created_at = excluded.created_at`,
    );
  }

  /** The document's snapshot, or undefined if it was never compacted. */
  get(docId: string): SnapshotRow | undefined {
    const row = this.selectOne.get(docId);
    return row ? { state: row.state, coversSeq: row.covers_seq } : undefined;
  }

  /** Replaces the document's snapshot. */
  put(docId: string, snapshot: SnapshotRow): void {
    this.upsert.run(docId, snapshot.state, snapshot.coversSeq, new Date().toISOString());
  }
}
