import type { PoolClient } from 'pg';
import { DraftroomError } from '../../../shared/api/errors';

/** One numbered step of the PostgreSQL schema, applied once, in its own transaction. */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  /** SQL run inside the migration's transaction. */
  readonly sql: string;
}

/**
 * Version 1: workspaces, parties, members and documents. One database (or
 * schema) holds any number of workspaces; every row names its workspace.
 * Names, codes and titles are unique per workspace, case-insensitively
 * (`lower(…)`). A document keeps `last_seq`, the highest sequence number
 * handed out in its log: appends take the next one under the document row's
 * lock, so each document's sequence numbers are contiguous (1, 2, 3, …), which
 * lets an instance tell that it missed one.
 */
const pgMigration001: PgMigration = {
  version: 1,
  name: 'workspaces, parties, members, documents',
  sql: `
    CREATE TABLE workspaces (
      id         text PRIMARY KEY,
      name       text NOT NULL,
      created_at text NOT NULL
    );
    CREATE TABLE parties (
      party_key    bigserial PRIMARY KEY,
      workspace_id text NOT NULL REFERENCES workspaces (id),
      id           text NOT NULL,
      name         text NOT NULL,
      code         text NOT NULL,
      colour       text NOT NULL CHECK (colour ~ '^#[0-9a-fA-F]{6}$'),
      UNIQUE (workspace_id, id)
    );
    CREATE UNIQUE INDEX parties_code ON parties (workspace_id, lower(code));
    CREATE UNIQUE INDEX parties_name ON parties (workspace_id, lower(name));
    CREATE TABLE members (
      member_key   bigserial PRIMARY KEY,
      workspace_id text NOT NULL,
      id           text NOT NULL,
      name         text NOT NULL,
      party_id     text NOT NULL,
      role         text NOT NULL CHECK (role IN ('lead', 'drafter', 'suggester', 'observer')),
      UNIQUE (workspace_id, id),
      FOREIGN KEY (workspace_id, party_id) REFERENCES parties (workspace_id, id)
    );
    CREATE TABLE documents (
      doc_key      bigserial PRIMARY KEY,
      workspace_id text NOT NULL REFERENCES workspaces (id),
      id           text NOT NULL,
      title        text NOT NULL,
      created_at   text NOT NULL,
      last_seq     bigint NOT NULL DEFAULT 0,
      UNIQUE (workspace_id, id)
    );
    CREATE UNIQUE INDEX documents_title ON documents (workspace_id, lower(title));
  `,
};

/**
 * Version 2: the append-only update log (per-document sequence numbers, who
 * sent each update), compacted snapshots, and the attribution that
 * compaction folds the merged rows into (so "who edited" covers the whole
 * history). The log's primary key (doc_key, seq) refuses a duplicate
 * sequence number outright.
 */
const pgMigration002: PgMigration = {
  version: 2,
  name: 'update log, snapshots, compacted attribution',
  sql: `
    CREATE TABLE update_log (
      doc_key   bigint NOT NULL REFERENCES documents (doc_key),
      seq       bigint NOT NULL CHECK (seq > 0),
      data      bytea NOT NULL CHECK (length(data) > 0),
      member_id text,
      party_id  text,
      at        bigint NOT NULL,
      PRIMARY KEY (doc_key, seq)
    );
    CREATE TABLE snapshots (
      doc_key    bigint PRIMARY KEY REFERENCES documents (doc_key),
      state      bytea NOT NULL,
      covers_seq bigint NOT NULL,
      created_at text NOT NULL
    );
    CREATE TABLE compacted_attribution (
      doc_key   bigint NOT NULL REFERENCES documents (doc_key),
      party_id  text NOT NULL DEFAULT '',
      member_id text NOT NULL DEFAULT '',
      updates   bigint NOT NULL,
      first_at  bigint NOT NULL,
      last_at   bigint NOT NULL,
      PRIMARY KEY (doc_key, party_id, member_id)
    );
  `,
};

/**
 * Version 3: named versions and access tokens (only a SHA-256 hash of each
 * token's secret; a revoked token keeps its row with the time).
 */
const pgMigration003: PgMigration = {
  version: 3,
  name: 'named versions, access tokens',
  sql: `
    CREATE TABLE versions (
      version_key  bigserial PRIMARY KEY,
      doc_key      bigint NOT NULL REFERENCES documents (doc_key),
      id           text NOT NULL UNIQUE,
      name         text NOT NULL,
      note         text NOT NULL DEFAULT '',
      author_id    text,
      party_id     text,
      created_at   text NOT NULL,
      state        bytea NOT NULL
    );
    CREATE UNIQUE INDEX versions_doc_name ON versions (doc_key, lower(name));
    CREATE TABLE access_tokens (
      token_key    bigserial PRIMARY KEY,
      workspace_id text NOT NULL REFERENCES workspaces (id),
      id           text NOT NULL UNIQUE,
      member_id    text NOT NULL,
      secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
      created_at   text NOT NULL,
      last_used_at text,
      revoked_at   text,
      FOREIGN KEY (workspace_id, member_id) REFERENCES members (workspace_id, id)
    );
    CREATE INDEX access_tokens_workspace ON access_tokens (workspace_id);
  `,
};

/** Every PostgreSQL migration, in order; the last one's version is the schema this build writes. */
export const PG_MIGRATIONS: readonly PgMigration[] = [pgMigration001, pgMigration002, pgMigration003];

/** The schema version this build writes. */
export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/** Advisory lock key held while migrating (so instances starting together migrate once), per schema. */
const MIGRATION_LOCK = "hashtext(current_schema() || ':draftroom-migration')";

/**
 * Brings the database (the connection's `search_path` schema) up to
 * `upTo` (default: the latest version): each missing migration runs in its
 * own transaction with its row in `draftroom_schema`, under an advisory lock
 * so that instances starting at once migrate one at a time. `newer-schema`
 * if the database was written by a newer Draftroom. Returns the version now.
 */
export async function runPgMigrations(client: PoolClient, upTo: number = PG_LATEST_VERSION): Promise<number> {
  await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS draftroom_schema (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    let current = await pgSchemaVersion(client);
    if (current > PG_LATEST_VERSION) {
      throw new DraftroomError(
        'newer-schema',
        `the database holds Draftroom schema ${current}, newer than this build's ${PG_LATEST_VERSION}; update Draftroom`,
      );
    }
    for (const migration of PG_MIGRATIONS) {
      if (migration.version <= current || migration.version > upTo) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO draftroom_schema (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      current = migration.version;
    }
    return current;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
}

/** The schema version recorded in the database (0: none yet). */
export async function pgSchemaVersion(client: PoolClient): Promise<number> {
  const exists = await client.query<{ present: boolean }>("SELECT to_regclass('draftroom_schema') IS NOT NULL AS present");
  if (exists.rows[0]?.present !== true) return 0;
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM draftroom_schema');
  return result.rows[0]?.version ?? 0;
}
