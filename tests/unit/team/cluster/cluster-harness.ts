/**
 * Several team server instances on one PostgreSQL schema and one Redis key
 * prefix (both unique to the test): the team workspace of `team-harness.ts`
 * copied into the database with `copyFileToDatabase`, instances started in
 * this process or as `draftroom serve --database … --redis …` child
 * processes, and helpers to read the stored state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import * as Y from 'yjs';
import { PgDatabase } from '../../../../main/store/pg/pg-database';
import { copyFileToDatabase } from '../../../../main/store/pg/workspace-transfer';
import { startTeamServer, type TeamServer } from '../../../../main/team/server/team-server';
import { createTestSchema, TEST_REDIS_URL, testRedisPrefix, type TestSchema } from '../../../helpers/pg-services';
import { tempDir } from '../../services/harness';
import { makeTeamWorkspace, recordingLog, type TeamPeople } from '../team-harness';

/** One running instance and its log. */
export interface Instance {
  readonly server: TeamServer;
  readonly log: ReturnType<typeof recordingLog>;
}

/** The shared database and bus of a test, with the team workspace in it. */
export interface Cluster {
  readonly people: TeamPeople;
  readonly schema: TestSchema;
  readonly prefix: string;
  /** Tokens of extra leads made for the test (by member id). */
  readonly leadTokens: string[];
  /** Starts an instance in this process (Redis on unless `redis: false`). */
  start(options?: { readonly redis?: boolean; readonly catchUpMs?: number; readonly compactAfter?: number }): Promise<Instance>;
  /** The document's state as stored in PostgreSQL (snapshot and log merged, canonical). */
  storedState(): Promise<Uint8Array>;
  /** Stops every instance started here and drops the schema. */
  cleanup(): Promise<void>;
}

/** Sets up the database with the team workspace and `extraLeads` more leads with tokens. */
export async function makeCluster(label: string, extraLeads = 0): Promise<Cluster> {
  const dir = tempDir();
  const file = join(dir.dir, 'team.draftroom');
  const people = makeTeamWorkspace(file);
  const schema = await createTestSchema(label);
  const database = await PgDatabase.open(schema.url, { maxConnections: 3 });
  await copyFileToDatabase(file, database);
  const store = await database.workspace(people.workspaceId);
  const leadTokens: string[] = [];
  for (let i = 0; i < extraLeads; i++) {
    const member = await store.addMember({ name: `Lead ${i + 1}`, partyId: people.ua.id, role: 'lead' });
    leadTokens.push((await store.createToken(member.id)).secret);
  }
  const prefix = testRedisPrefix(label);
  const instances: Instance[] = [];
  return {
    people,
    schema,
    prefix,
    leadTokens,
    async start(options = {}) {
      const log = recordingLog();
      const server = await startTeamServer({
        database: {
          database: schema.url,
          ...(options.redis === false ? {} : { redis: TEST_REDIS_URL, redisPrefix: prefix }),
          catchUpMs: options.catchUpMs ?? 500,
          ...(options.compactAfter !== undefined ? { compactAfter: options.compactAfter } : {}),
        },
        host: '127.0.0.1',
        port: 0,
        log,
      });
      const instance = { server, log };
      instances.push(instance);
      return instance;
    },
    async storedState() {
      const state = await store.readDocumentState(people.docId);
      const doc = new Y.Doc();
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
      for (const update of state.updates) Y.applyUpdate(doc, update);
      return Y.encodeStateAsUpdate(doc);
    },
    async cleanup() {
      for (const { server } of instances) await server.close().catch(() => undefined);
      await database.close();
      await schema.drop();
      dir.cleanup();
    },
  };
}

const PROJECT_ROOT = resolve(import.meta.dirname, '../../../..');

/** A `draftroom serve --database … --redis …` child process. */
export interface ChildInstance {
  readonly process: ChildProcess;
  /** ws://127.0.0.1:<port>, once it listens. */
  readonly url: string;
  readonly output: () => string;
}

/** Starts `draftroom serve` as a child process (any free port unless given); resolves once it listens. */
export async function startChildInstance(cluster: Pick<Cluster, 'schema' | 'prefix'>, port = 0): Promise<ChildInstance> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'bin/draftroom.mjs'), 'serve', '--database', cluster.schema.url, '--redis', TEST_REDIS_URL, '--redis-prefix', cluster.prefix, '--port', String(port)],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output += `${line}\n`;
      const match = /listening on (ws:\/\/\S+)/.exec(line);
      if (match) resolveUrl(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`draftroom serve exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`draftroom serve did not start within 20 s:\n${output}`)), 20_000).unref();
  });
  return { process: child, url, output: () => output };
}

/** A stand-in for a TeamServer of a child process (what `connectProvider` needs). */
export function childServer(child: ChildInstance): TeamServer {
  return { url: child.url, httpUrl: child.url.replace(/^ws/, 'http'), port: Number(new URL(child.url).port), workspaces: [], instance: '?', connectionCount: () => 0, close: async () => undefined };
}
