import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgDatabase } from '../../../../main/store/pg/pg-database';
import { PG_LATEST_VERSION, PG_MIGRATIONS, pgSchemaVersion, runPgMigrations } from '../../../../main/store/pg/pg-migrations';
import { createTestSchema, PG_SKIP, type TestSchema } from '../../../helpers/pg-services';

let schema: TestSchema;
let pool: pg.Pool;
beforeEach(async () => {
  if (PG_SKIP !== null) return;
  schema = await createTestSchema('migrations');
  pool = new pg.Pool({ connectionString: schema.url, max: 2 });
});
afterEach(async () => {
  if (PG_SKIP !== null) return;
  await pool.end();
  await schema.drop();
});

async function migrateTo(version: number): Promise<number> {
  const client = await pool.connect();
  try {
    return await runPgMigrations(client, version);
  } finally {
    client.release();
  }
}

async function tables(): Promise<string[]> {
  const result = await pool.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1');
  return result.rows.map((r) => r.name);
}

async function refused(sql: string, params: unknown[] = []): Promise<string | undefined> {
  try {
    await pool.query(sql, params);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe.skipIf(PG_SKIP !== null)('PostgreSQL migrations', () => {
  it('are numbered 1, 2, 3 … without gaps, and a fresh database reaches the latest', async () => {
    expect(PG_MIGRATIONS.map((m) => m.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    expect(await migrateTo(PG_LATEST_VERSION)).toBe(PG_LATEST_VERSION);
    // Running again changes nothing.
    expect(await migrateTo(PG_LATEST_VERSION)).toBe(PG_LATEST_VERSION);
    const client = await pool.connect();
    expect(await pgSchemaVersion(client)).toBe(PG_LATEST_VERSION);
    client.release();
  });

  it('001: workspaces, parties, members, documents with per-workspace unique names and a role check', async () => {
    expect(await migrateTo(1)).toBe(1);
    expect(await tables()).toEqual(['documents', 'draftroom_schema', 'members', 'parties', 'workspaces']);
    await pool.query("INSERT INTO workspaces VALUES ('w1', 'Talks', '2026-01-01T00:00:00.000Z'), ('w2', 'Other talks', '2026-01-01T00:00:00.000Z')");
    await pool.query("INSERT INTO parties (workspace_id, id, name, code, colour) VALUES ('w1', 'p-us', 'United States', 'US', '#1f4e9c')");
    // The same code in another workspace is fine; in the same one (any case) it is not.
    await pool.query("INSERT INTO parties (workspace_id, id, name, code, colour) VALUES ('w2', 'p-us', 'United States', 'US', '#1f4e9c')");
    expect(await refused("INSERT INTO parties (workspace_id, id, name, code, colour) VALUES ('w1', 'p-x', 'Other', 'us', '#000000')")).toBe('23505');
    expect(await refused("INSERT INTO parties (workspace_id, id, name, code, colour) VALUES ('w1', 'p-y', 'Y', 'YY', 'red')")).toBe('23514');
    await pool.query("INSERT INTO members (workspace_id, id, name, party_id, role) VALUES ('w1', 'm-1', 'Alice', 'p-us', 'lead')");
    expect(await refused("INSERT INTO members (workspace_id, id, name, party_id, role) VALUES ('w1', 'm-2', 'Bob', 'p-us', 'king')")).toBe('23514');
    expect(await refused("INSERT INTO members (workspace_id, id, name, party_id, role) VALUES ('w1', 'm-3', 'Eve', 'p-nowhere', 'lead')")).toBe('23503');
    await pool.query("INSERT INTO documents (workspace_id, id, title, created_at) VALUES ('w1', 'd1', 'Framework', 'now')");
    expect(await refused("INSERT INTO documents (workspace_id, id, title, created_at) VALUES ('w1', 'd2', 'FRAMEWORK', 'now')")).toBe('23505');
    const last = await pool.query<{ last_seq: string }>("SELECT last_seq FROM documents WHERE id = 'd1'");
    expect(Number(last.rows[0]!.last_seq)).toBe(0);
  });

  it('002: the update log refuses a duplicate sequence number and empty data; snapshots and attribution per document', async () => {
    await migrateTo(1);
    await pool.query("INSERT INTO workspaces VALUES ('w1', 'Talks', 'now')");
    await pool.query("INSERT INTO documents (workspace_id, id, title, created_at) VALUES ('w1', 'd1', 'Framework', 'now')");
    expect(await migrateTo(2)).toBe(2);
    expect(await tables()).toEqual(expect.arrayContaining(['update_log', 'snapshots', 'compacted_attribution']));
    await pool.query("INSERT INTO update_log (doc_key, seq, data, at) SELECT doc_key, 1, '\\x00'::bytea, 0 FROM documents");
    expect(await refused("INSERT INTO update_log (doc_key, seq, data, at) SELECT doc_key, 1, '\\x01'::bytea, 0 FROM documents")).toBe('23505');
    expect(await refused("INSERT INTO update_log (doc_key, seq, data, at) SELECT doc_key, 2, ''::bytea, 0 FROM documents")).toBe('23514');
    expect(await refused("INSERT INTO update_log (doc_key, seq, data, at) VALUES (999, 1, '\\x00'::bytea, 0)")).toBe('23503');
    await pool.query("INSERT INTO snapshots SELECT doc_key, '\\x00'::bytea, 1, 'now' FROM documents");
    expect(await refused("INSERT INTO snapshots SELECT doc_key, '\\x00'::bytea, 2, 'now' FROM documents")).toBe('23505');
  });

  it('003: versions unique by name per document, tokens with a 32-byte hash belonging to a member of their workspace', async () => {
    await migrateTo(2);
    await pool.query("INSERT INTO workspaces VALUES ('w1', 'Talks', 'now')");
    await pool.query("INSERT INTO parties (workspace_id, id, name, code, colour) VALUES ('w1', 'p', 'P', 'P', '#000000')");
    await pool.query("INSERT INTO members (workspace_id, id, name, party_id, role) VALUES ('w1', 'm', 'M', 'p', 'lead')");
    await pool.query("INSERT INTO documents (workspace_id, id, title, created_at) VALUES ('w1', 'd1', 'Framework', 'now')");
    expect(await migrateTo(3)).toBe(3);
    await pool.query("INSERT INTO versions (doc_key, id, name, created_at, state) SELECT doc_key, 'v1', 'First', 'now', '\\x00'::bytea FROM documents");
    expect(await refused("INSERT INTO versions (doc_key, id, name, created_at, state) SELECT doc_key, 'v2', 'FIRST', 'now', '\\x00'::bytea FROM documents")).toBe('23505');
    const hash = Buffer.alloc(32, 7);
    await pool.query("INSERT INTO access_tokens (workspace_id, id, member_id, secret_hash, created_at) VALUES ('w1', 't1', 'm', $1, 'now')", [hash]);
    expect(await refused("INSERT INTO access_tokens (workspace_id, id, member_id, secret_hash, created_at) VALUES ('w1', 't2', 'm', $1, 'now')", [Buffer.alloc(31)])).toBe('23514');
    expect(await refused("INSERT INTO access_tokens (workspace_id, id, member_id, secret_hash, created_at) VALUES ('w1', 't3', 'nobody', $1, 'now')", [hash])).toBe('23503');
  });

  it('refuses a database written by a newer Draftroom, changing nothing', async () => {
    await migrateTo(PG_LATEST_VERSION);
    await pool.query("INSERT INTO draftroom_schema (version, name) VALUES ($1, 'from the future')", [PG_LATEST_VERSION + 1]);
    await expect(PgDatabase.open(schema.url)).rejects.toMatchObject({ code: 'newer-schema' });
    expect(await tables()).toContain('access_tokens');
  });

  it('instances starting at once migrate once (advisory lock)', async () => {
    const opened = await Promise.all([PgDatabase.open(schema.url), PgDatabase.open(schema.url), PgDatabase.open(schema.url)]);
    for (const db of opened) expect(db.schemaVersion).toBe(PG_LATEST_VERSION);
    const rows = await pool.query('SELECT version FROM draftroom_schema ORDER BY version');
    expect(rows.rows.map((r: { version: number }) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await Promise.all(opened.map((db) => db.close()));
  });
});
