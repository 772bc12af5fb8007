import type Database from 'better-sqlite3';
import type { StoredVersionProjection } from '../store-types';

interface ProjectionRow {
  hash: string | null;
  prev_hash: string | null;
  format: unknown;
  content: unknown;
}

/**
 * Statements on the `version_projections` table: each named version's
 * content as its hash covers it, kept for redlines (migration 009). Derived
 * data: what is read here is checked by the reader against the version's
 * hash before it is used.
 */
export class VersionProjectionTable {
  private readonly select: Database.Statement<[string], ProjectionRow>;
  private readonly upsert: Database.Statement<[string, number, string]>;

  constructor(db: Database.Database) {
    this.select = db.prepare(
      `SELECT v.hash, v.prev_hash, p.format, p.content FROM versions v LEFT JOIN version_projections p ON p.version_id = v.id WHERE v.id = ?`,
    );
    this.upsert = db.prepare(
      'INSERT INTO version_projections (version_id, format, content) VALUES (?, ?, ?) ON CONFLICT (version_id) DO UPDATE SET format = excluded.format, content = excluded.content',
    );
  }

  /** A version's recorded hashes and its stored projection (null parts where there is none or it is not of the stored types); undefined for no such version. */
  get(versionId: string): StoredVersionProjection | undefined {
    const row = this.select.get(versionId);
    if (row === undefined) return undefined;
    const stored = typeof row.format === 'number' && typeof row.content === 'string' ? { format: row.format, content: row.content } : null;
    return { hash: row.hash, previousHash: row.prev_hash, projection: stored };
  }

  /** Stores (or replaces) a version's projection (inside the caller's transaction, if any). */
  put(versionId: string, format: number, content: string): void {
    this.upsert.run(versionId, format, content);
  }
}
