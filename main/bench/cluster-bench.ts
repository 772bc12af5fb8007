/**
 * Cluster section of the bench (`npm run bench -- --section cluster`): the
 * sample negotiation copied into PostgreSQL (`copyFileToDatabase`) and
 * served by two team server instances in this process sharing it through
 * Redis; a lead types on instance A, a drafter's client on instance B
 * receives. Measures the time from an edit sent to A to its arrival at B's
 * client (p50/p95), updates per second across the two instances, and how
 * long a fresh instance takes to load the document from PostgreSQL after
 * those updates (what catching up reads). Uses its own schema and Redis
 * prefix and drops them; skipped, with the reason, when PostgreSQL or Redis
 * does not answer (DRAFTROOM_BENCH_DATABASE, DRAFTROOM_BENCH_REDIS).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { errorText } from '../../shared/api/errors';
import { writeSampleWorkspace } from '../sample/build-sample';
import { PgDatabase } from '../store/pg/pg-database';
import { copyFileToDatabase } from '../store/pg/workspace-transfer';
import { silentLog } from '../team/server/server-log';
import { startTeamServer, type TeamServer } from '../team/server/team-server';
import { formatMsFine, formatRate, summarize, type BenchRow } from './measure';
import { SyncClient } from './sync-client';
import { typeKeystrokes } from './team-bench';

/** PostgreSQL the cluster section uses. */
const DATABASE = process.env['DRAFTROOM_BENCH_DATABASE'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Redis the cluster section uses. */
const REDIS = process.env['DRAFTROOM_BENCH_REDIS'] ?? 'redis://127.0.0.1:6379';

/** Runs the cluster section in `workDir`; returns its rows, or one row saying why it was skipped. */
export async function runClusterBench(workDir: string, options: { readonly keystrokes?: number; readonly updates?: number } = {}): Promise<BenchRow[]> {
  const keystrokes = options.keystrokes ?? 300;
  const updateCount = options.updates ?? 2000;
  const schema = `drbench_${process.pid}_${randomBytes(4).toString('hex')}`;
  let admin: PgDatabase;
  try {
    admin = await PgDatabase.open(DATABASE, { maxConnections: 1 });
  } catch (error) {
    return [{ measure: 'cluster section', value: 'skipped', note: errorText(error) }];
  }
  await admin.pool.query(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const url = new URL(DATABASE);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const servers: TeamServer[] = [];
  const rows: BenchRow[] = [];
  try {
    const file = join(workDir, 'cluster-bench.draftroom');
    writeSampleWorkspace(file);
    const database = await PgDatabase.open(url.toString(), { maxConnections: 2 });
    let workspaceId: string;
    let docId: string;
    let lead: string;
    let drafter: string;
    try {
      workspaceId = (await copyFileToDatabase(file, database)).workspaceId;
      const store = await database.workspace(workspaceId);
      docId = (await store.getDocument('Peace framework')).id;
      lead = (await store.createToken('us-whitfield')).secret;
      drafter = (await store.createToken('us-hale')).secret;
    } finally {
      await database.close();
    }
    const prefix = `drbench:${randomBytes(4).toString('hex')}:`;
    const start = async (): Promise<TeamServer> => {
      const server = await startTeamServer({
        database: { database: url.toString(), redis: REDIS, redisPrefix: prefix, catchUpMs: 0 },
        port: 0,
        log: silentLog,
        limits: { messagesPerSecond: 1e6, messageBurst: 1e6 },
      });
      servers.push(server);
      return server;
    };
    let a: TeamServer;
    let b: TeamServer;
    try {
      a = await start();
      b = await start();
    } catch (error) {
      return [{ measure: 'cluster section', value: 'skipped', note: errorText(error) }];
    }
    const docUrl = (server: TeamServer, token: string): string => `${server.url}/${workspaceId}/${docId}?token=${token}`;
    const receiver = new SyncClient(docUrl(b, drafter));
    await receiver.sync();
    const writer = new SyncClient(docUrl(a, lead));
    await writer.sync();

    const latencies: number[] = [];
    for (const update of typeKeystrokes(writer.doc, keystrokes)) {
      const before = receiver.received;
      const started = performance.now();
      writer.sendUpdate(update);
      await receiver.until(() => receiver.received > before);
      latencies.push(performance.now() - started);
    }
    const latency = summarize(latencies);
    rows.push({
      measure: 'edit on instance A → at a client of instance B',
      value: formatMsFine(latency.median),
      note: `p95 ${formatMsFine(latency.p95)}, ${keystrokes} keystrokes one at a time: checked and appended to PostgreSQL by A, published on Redis, applied by B, relayed`,
    });

    const receivedBefore = receiver.received;
    const updates = typeKeystrokes(writer.doc, updateCount);
    const started = performance.now();
    for (const update of updates) writer.sendUpdate(update);
    await receiver.until(() => receiver.received - receivedBefore >= updates.length);
    const throughputMs = performance.now() - started;
    rows.push({ measure: 'updates across instances', value: formatRate(updates.length, throughputMs), note: `${updates.length} keystrokes back to back into A, each stored, all arrived at B's client` });
    writer.close();
    receiver.close();

    const loadMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const fresh = await start();
      const loadStarted = performance.now();
      const client = new SyncClient(docUrl(fresh, drafter));
      await client.sync();
      loadMs.push(performance.now() - loadStarted);
      client.close();
      await fresh.close();
    }
    const load = summarize(loadMs);
    rows.push({
      measure: 'fresh instance: connect + load from PostgreSQL',
      value: formatMsFine(load.median),
      note: `p95 ${formatMsFine(load.p95)}, 5 instances; the snapshot plus ~${keystrokes + updateCount} log rows not yet compacted (what catching up reads)`,
    });
  } finally {
    for (const server of servers) await server.close().catch(() => undefined);
    const cleanup = await PgDatabase.open(DATABASE, { maxConnections: 1 }).catch(() => null);
    await cleanup?.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await cleanup?.close();
  }
  return rows;
}
