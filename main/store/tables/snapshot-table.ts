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
  private readonly selectOne: Database.Statement<[number], { state: Buffer; covers_seq: number }>;
  private readonly upsert: Database.Statement<[number, Uint8Array, number, string]>;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare('SELECT state, covers_seq FROM snapshots WHERE doc_key = ?');
    this.upsert = db.prepare(
      `INSERT INTO snapshots (doc_key, state, covers_seq, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc_key) DO UPDATE SET state = excluded.state, covers_seq = excluded.covers_seq, created_at = excluded.created_at`,
    );
  }

  /** The snapshot of the document with this key, or undefined if it was never compacted. */
  get(docKey: number): SnapshotRow | undefined {
    const row = this.selectOne.get(docKey);
    return row ? { state: row.state, coversSeq: row.covers_seq } : undefined;
  }

  /** Replaces the document's snapshot. */
  put(docKey: number, snapshot: SnapshotRow): void {
    this.upsert.run(docKey, snapshot.state, snapshot.coversSeq, new Date().toISOString());
  }
}
