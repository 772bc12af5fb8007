import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import pg from 'pg';
import { errorText } from '../../shared/api/errors';

/**
 * The PostgreSQL and Redis the multi-instance tests run against: the
 * machine's own (DRAFTROOM_TEST_DATABASE / DRAFTROOM_TEST_REDIS override).
 * Each test file gets its own PostgreSQL schema and Redis key prefix, and
 * drops the schema afterwards; when a service is not reachable (a laptop),
 * the tests say so and skip. CI starts both (`.ci/run`).
 */
export const TEST_DATABASE_URL = process.env['DRAFTROOM_TEST_DATABASE'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis the tests use. */
export const TEST_REDIS_URL = process.env['DRAFTROOM_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';

function portOpen(url: string, defaultPort: number): Promise<boolean> {
  const parsed = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || defaultPort) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Why PostgreSQL cannot be used (the skip reason), or null if it answers. */
export async function postgresUnavailable(): Promise<string | null> {
  if (!(await portOpen(TEST_DATABASE_URL, 5432))) return `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (set DRAFTROOM_TEST_DATABASE; CI starts it)`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${TEST_DATABASE_URL} refused: ${errorText(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why Redis cannot be used, or null if it answers. */
export async function redisUnavailable(): Promise<string | null> {
  return (await portOpen(TEST_REDIS_URL, 6379)) ? null : `Redis is not reachable at ${TEST_REDIS_URL} (set DRAFTROOM_TEST_REDIS; CI starts it)`;
}

/** Probed once per file at import: the skip reasons (null = available). */
export const PG_SKIP = await postgresUnavailable();
/** Redis skip reason, null when reachable. */
export const REDIS_SKIP = await redisUnavailable();
if (PG_SKIP !== null) console.warn(`[skipped] ${PG_SKIP}`);
if (REDIS_SKIP !== null) console.warn(`[skipped] ${REDIS_SKIP}`);

/** A throwaway schema: its URL (search_path set through `options`) and how to drop it. */
export interface TestSchema {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates a uniquely named schema in the test database. */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const name = `drt_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A Redis key prefix no other test run uses. */
export function testRedisPrefix(label: string): string {
  return `drt:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}
