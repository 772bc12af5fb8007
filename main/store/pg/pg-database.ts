import pg from 'pg';
import { DraftroomError } from '../../../shared/api/errors';
import { newId } from '../../../shared/domain/ids';
import { requireText, requireTime } from '../input-checks';
import { runPgMigrations } from './pg-migrations';
import { redactUrl, toPgStoreError } from './pg-errors';
import { PgWorkspaceStore } from './pg-workspace-store';

/** bigint columns (sequence numbers, keys, counts) come back as numbers: none of them comes near 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** A workspace as listed in a database. */
export interface PgWorkspaceInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** Options of `openPgDatabase`. */
export interface PgDatabaseOptions {
  /** Most connections in the pool (default 10). */
  readonly maxConnections?: number;
  /** Bring the schema up to this version only (migration tests); default: the latest. */
  readonly migrateTo?: number;
}

/**
 * One PostgreSQL database (or schema: `?options=-c search_path=<schema>` in
 * the URL) holding any number of workspaces, through a `pg` pool. Opening
 * it migrates the schema. Each workspace is served by a `PgWorkspaceStore`.
 */
export class PgDatabase {
  /** The URL without its password. */
  readonly label: string;

  private constructor(
    readonly pool: pg.Pool,
    url: string,
    /** The schema version after migrating. */
    readonly schemaVersion: number,
  ) {
    this.label = redactUrl(url);
  }

  /**
   * Connects and migrates. `invalid-argument` for a URL that is not
   * `postgres://…`, `unreachable` if PostgreSQL does not answer,
   * `newer-schema` if the database is ahead of this build.
   */
  static async open(url: string, options: PgDatabaseOptions = {}): Promise<PgDatabase> {
    if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) {
      throw new DraftroomError('invalid-argument', `--database must be a postgres://… URL (got "${String(url)}")`);
    }
    const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 5000, types });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw toPgStoreError(error, `Could not connect to ${redactUrl(url)}`);
    }
    let version: number;
    try {
      version = await runPgMigrations(client, options.migrateTo);
    } catch (error) {
      client.release(true);
      await pool.end().catch(() => undefined);
      throw toPgStoreError(error, `Could not prepare ${redactUrl(url)}`);
    }
    client.release();
    return new PgDatabase(pool, url, version);
  }

  /** Every workspace in the database, oldest first. */
  async listWorkspaces(): Promise<PgWorkspaceInfo[]> {
    try {
      const result = await this.pool.query<{ id: string; name: string; created_at: string }>('SELECT id, name, created_at FROM workspaces ORDER BY created_at, id');
      return result.rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
    } catch (error) {
      throw toPgStoreError(error, 'Listing workspaces');
    }
  }

  /** Adds an empty workspace; `conflict` if the id is taken. */
  async createWorkspace(input: { id?: string; name: string; createdAt?: string }): Promise<PgWorkspaceStore> {
    const id = input.id === undefined ? newId() : requireText(input.id, 'Workspace id');
    const name = requireText(input.name, 'Workspace name');
    const createdAt = requireTime(input.createdAt, 'Workspace time');
    try {
      await this.pool.query('INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)', [id, name, createdAt]);
    } catch (error) {
      const failure = toPgStoreError(error, 'Creating a workspace');
      if (failure.code === 'conflict') throw new DraftroomError('conflict', `the database already holds workspace ${id}`);
      throw failure;
    }
    return this.workspace(id);
  }

  /** The store of one workspace; `not-found` (listing those there are) if the database has no such workspace. */
  async workspace(id: string): Promise<PgWorkspaceStore> {
    const all = await this.listWorkspaces();
    if (!all.some((w) => w.id === id)) {
      const known = all.map((w) => `${w.id} (${w.name})`).join(', ') || 'none';
      throw new DraftroomError('not-found', `no workspace ${id} in ${this.label} (workspaces: ${known})`);
    }
    return new PgWorkspaceStore(this.pool, id, this.schemaVersion, `${this.label}#${id}`);
  }

  /** True if PostgreSQL answers a trivial query (for `/healthz`). */
  async reachable(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Closes every connection of the pool. */
  async close(): Promise<void> {
    await this.pool.end();
  }
}
