import type Database from 'better-sqlite3';
import { checksumMatches, snapshotChecksum } from '../row-checksums';

/** A document's compacted state. */
export interface SnapshotRow {
  /** Merged Yjs state (V1) of every update up to `coversSeq`. */
  readonly state: Uint8Array;
  /** Highest log sequence number merged into it. */
  readonly coversSeq: number;
}

/** A stored snapshot and whether it matches its checksum. */
export type StoredSnapshot = SnapshotRow & { readonly intact: boolean };

/** Statements on the `snapshots` table (one row per document at most). */
export class SnapshotTable {
  private readonly selectOne: Database.Statement<[number], { state: Buffer; covers_seq: number; checksum: unknown }>;
  private readonly upsert: Database.Statement<[number, Uint8Array, number, string, number]>;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare('SELECT state, covers_seq, checksum FROM snapshots WHERE doc_key = ?');
    this.upsert = db.prepare(
      `INSERT INTO snapshots (doc_key, state, covers_seq, created_at, checksum) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (doc_key) DO UPDATE SET state = excluded.state, covers_seq = excluded.covers_seq,
         created_at = excluded.created_at, checksum = excluded.checksum`,
    );
  }

  /**
   * The snapshot of the document with this key, or undefined if it was never
   * compacted; `intact` is false when its bytes do not match its checksum.
   */
  get(docKey: number): StoredSnapshot | undefined {
    const row = this.selectOne.get(docKey);
    if (!row) return undefined;
    const intact =
      row.state instanceof Uint8Array &&
      typeof row.covers_seq === 'number' &&
      checksumMatches(row.checksum, snapshotChecksum(docKey, row.covers_seq, row.state));
    return { state: row.state, coversSeq: row.covers_seq, intact };
  }

  /** Replaces the document's snapshot (with its checksum). */
  put(docKey: number, snapshot: SnapshotRow): void {
    const checksum = snapshotChecksum(docKey, snapshot.coversSeq, snapshot.state);
    this.upsert.run(docKey, snapshot.state, snapshot.coversSeq, new Date().toISOString(), checksum);
  }
}
