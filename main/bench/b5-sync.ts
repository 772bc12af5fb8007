/**
 * B5, sync through the team server. 20 replicas (y-protocols clients over
 * WebSockets, as y-websocket speaks it) each type 500 characters into their
 * own clause of the sample's 28-clause draft, served by a real `draftroom
 * serve` child process on 127.0.0.1, at a fast typist's pace (20
 * keystrokes/s each, within the server's per-connection rate limit):
 * edit-to-remote-arrival at every other replica (p50/p95), and the time from
 * the last edit until every replica holds every edit (then checked equal to
 * the server's state). Server memory per loaded document: the child's RSS
 * with 20 more documents open, per document. Then the concurrent
 * friendsforever trace (when present) replayed as two real replicas through
 * a team server started in this process with the message rate limit lifted
 * (26,000 messages would take minutes at 200/s): each replica merges the
 * other's edits its next edit builds on, both send every edit to the
 * server; at the end both, and the server, hold the trace's endContent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { contentFragment, readChanges } from '../../shared/ydoc/layout';
import { writeSampleWorkspace } from '../sample/build-sample';
import { loadYDoc } from '../store/document-state';
import { openWorkspace } from '../store/workspace-store';
import { silentLog } from '../team/server/server-log';
import { startTeamServer } from '../team/server/team-server';
import { percentile, result, type BenchResult } from './bench-results';
import { runClusterBench } from './cluster-bench';
import { runTeamBench } from './team-bench';
import { formatTable } from './measure';
import type { Measure, MeasureContext } from './measure-context';
import { SyncClient } from './sync-client';
import { loadTrace, type EditingTrace } from './trace';
import { DEFAULT_TRACE, paragraphText, traceWorkload } from './trace-workload';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'draftroom.mjs');
const FRIENDS = join(dirname(DEFAULT_TRACE), 'friendsforever.json.gz');

const REPLICAS = 20;
const EDITS = 500;
/** Keystrokes per second per replica (a fast typist; human typing peaks near 20/s). */
const RATE = 20;
/** The Yjs client id of the first replica of the first run (the sample's own clients are random 32-bit ids). */
const FIRST_CLIENT_ID = 1000;
/** Extra documents opened for the memory figure. */
const MEMORY_DOCS = 20;

/** The team server as a child process (`draftroom serve <file> --port 0`); resolves with its URL. */
function serveChild(file: string, profileDir: string | null): Promise<{ child: ChildProcess; url: string }> {
  const profile = profileDir !== null ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, BIN, 'serve', file, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (ws:\/\/\S+)/.exec(out);
      if (match) resolveUrl({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`draftroom serve exited (${code}) before listening: ${out}`)));
  });
}

/** Resident memory of a process, in bytes (Linux /proc; null elsewhere). */
function rssOf(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The first text node of the clause at `index`. */
function clauseText(doc: Y.Doc, index: number): Y.XmlText {
  const stack: (Y.XmlElement | Y.XmlText)[] = [contentFragment(doc).get(index) as Y.XmlElement];
  while (stack.length > 0) {
    const node = stack.shift()!;
    if (node instanceof Y.XmlText) return node;
    stack.unshift(...(node.toArray() as (Y.XmlElement | Y.XmlText)[]));
  }
  throw new Error(`clause ${index} has no text`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sets up the workspace: the sample, lead tokens, 20 copies of the draft (memory) and a document for the trace. */
export function prepare(context: MeasureContext): { file: string; workspaceId: string; docId: string; copies: string[]; traceDocId: string | null; tokens: string[]; trace: EditingTrace | null } {
  const file = join(context.workDir, 'b5.draftroom');
  writeSampleWorkspace(file);
  const store = openWorkspace(file);
  try {
    const workspaceId = store.meta().id;
    const docId = store.getDocument('Peace framework').id;
    const state = (() => {
      const doc = loadYDoc(store, docId);
      const bytes = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      return bytes;
    })();
    const copies: string[] = [];
    for (let i = 0; i < MEMORY_DOCS; i++) {
      const id = store.createDocument({ title: `Copy ${i + 1}` }).id;
      store.appendUpdate(id, state);
      copies.push(id);
    }
    const trace = existsSync(FRIENDS) ? loadTrace(FRIENDS) : null;
    let traceDocId: string | null = null;
    if (trace !== null) {
      traceDocId = store.createDocument({ title: 'Trace' }).id;
      store.appendUpdate(traceDocId, traceWorkload({ ...trace, txns: [] , endContent: trace.startContent }).initial);
    }
    const tokens = ['us-whitfield', 'ua-kovalenko'].map((member) => store.createToken(member).secret);
    return { file, workspaceId, docId, copies, traceDocId, tokens, trace };
  } finally {
    store.close();
  }
}

/** One run of the twenty typists. */
export interface TypingRun {
  readonly convergedMs: number;
  readonly arrivals: number[];
  readonly memoryPerDoc: number | null;
}

/**
 * Twenty replicas typing `edits` keystrokes each through a `draftroom serve`
 * child (see the file's comment). `run` numbers the runs on the same file:
 * each run's replicas take Yjs client ids no earlier run used (a replica
 * whose id the server's state already holds would be a second writer under
 * that id: Yjs warns "Changed the client-id" and picks another).
 */
export async function twentyReplicas(context: MeasureContext, setup: ReturnType<typeof prepare>, edits: number, run = 0): Promise<TypingRun> {
  const { child, url } = await serveChild(setup.file, context.profileDir);
  const clients: SyncClient[] = [];
  try {
    const at = (doc: string, i: number) => `${url}/${setup.workspaceId}/${doc}?token=${setup.tokens[i % setup.tokens.length]}`;
    // Memory: the child with the draft open, then with 20 more documents open.
    const keeper = new SyncClient(at(setup.docId, 0));
    await keeper.sync();
    await sleep(300);
    const rssBefore = rssOf(child.pid!);
    const memoryClients = setup.copies.map((id, i) => new SyncClient(at(id, i)));
    await Promise.all(memoryClients.map((c) => c.sync()));
    await sleep(300);
    const rssAfter = rssOf(child.pid!);
    for (const c of memoryClients) c.close();
    const memoryPerDoc = rssBefore !== null && rssAfter !== null ? (rssAfter - rssBefore) / setup.copies.length : null;

    for (let i = 0; i < REPLICAS; i++) clients.push(new SyncClient(at(setup.docId, i), FIRST_CLIENT_ID + run * REPLICAS + i));
    await Promise.all(clients.map((c) => c.sync()));
    const sentAt = new Map<string, number>();
    const arrivals: number[] = [];
    for (const client of clients) {
      client.onServerUpdate = (update, time) => {
        for (const struct of Y.decodeUpdate(update).structs) {
          for (let k = 0; k < struct.length; k++) {
            const sent = sentAt.get(`${struct.id.client}:${struct.id.clock + k}`);
            if (sent !== undefined) arrivals.push(time - sent);
          }
        }
      };
    }
    const finalClock = new Map<number, number>();
    const typeOne = (client: SyncClient, index: number, n: number): void => {
      const text = clauseText(client.doc, index);
      const clock = Y.getState(client.doc.store, client.doc.clientID);
      let update: Uint8Array | null = null;
      const grab = (u: Uint8Array) => (update = u);
      client.doc.once('update', grab);
      text.insert(text.length, String.fromCharCode(97 + (n % 26)), {});
      sentAt.set(`${client.doc.clientID}:${clock}`, performance.now());
      client.sendUpdate(update!);
      finalClock.set(client.doc.clientID, Y.getState(client.doc.store, client.doc.clientID));
    };
    // Each replica types in its own clause, one no pending change touches (a proposed clause is its proposer's).
    const touched = new Set(readChanges(clients[0]!.doc).filter((r) => r.status === 'proposed').flatMap((r) => r.clauseIds));
    const free = contentFragment(clients[0]!.doc)
      .toArray()
      .map((clause, index) => ({ index, id: clause instanceof Y.XmlElement ? clause.getAttribute('id') : undefined }))
      .filter((c) => c.id !== undefined && !touched.has(c.id))
      .map((c) => c.index);
    if (free.length === 0) throw new Error('B5: every clause of the draft has a pending change');
    const interval = 1000 / RATE;
    let lastEdit = 0;
    await Promise.all(
      clients.map(async (client, i) => {
        await sleep((i * interval) / REPLICAS);
        const start = performance.now();
        for (let n = 0; n < edits; n++) {
          typeOne(client, free[i % free.length]!, n);
          lastEdit = Math.max(lastEdit, performance.now());
          const next = start + (n + 1) * interval - performance.now();
          if (next > 0) await sleep(next);
        }
      }),
    );
    const holdsAll = (c: SyncClient) => [...finalClock].every(([id, clock]) => Y.getState(c.doc.store, id) >= clock);
    await Promise.all(clients.map((c) => c.until(() => holdsAll(c))));
    const convergedMs = performance.now() - lastEdit;
    const refused = clients.find((c) => c.refusal !== null);
    if (refused) throw new Error(`B5: the server refused an edit: ${refused.refusal}`);
    // Every replica equals the server's state (a fresh client syncs it).
    const check = new SyncClient(at(setup.docId, 0));
    await check.sync();
    const server = Y.encodeStateVector(check.doc);
    const serverText = contentFragment(check.doc).toString();
    for (const c of clients) {
      if (Buffer.compare(Buffer.from(Y.encodeStateVector(c.doc)), Buffer.from(server)) !== 0 || contentFragment(c.doc).toString() !== serverText) {
        throw new Error('B5: a replica differs from the server');
      }
    }
    check.close();
    keeper.close();
    context.log(`B5: ${REPLICAS}×${edits} edits, converged ${Math.round(convergedMs)} ms after the last; ${arrivals.length} arrivals`);
    return { convergedMs, arrivals, memoryPerDoc };
  } finally {
    for (const c of clients) c.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** friendsforever as two replicas through an in-process team server; returns milliseconds from first edit to convergence. */
async function concurrentTrace(context: MeasureContext, setup: ReturnType<typeof prepare>, trace: EditingTrace): Promise<number> {
  const server = await startTeamServer({ path: setup.file, port: 0, log: silentLog, limits: { messagesPerSecond: 1e6, messageBurst: 1e6 } });
  const clients = [0, 1].map((agent) => new SyncClient(`${server.url}/${setup.workspaceId}/${setup.traceDocId}?token=${setup.tokens[agent]}`, 100 + agent, false));
  try {
    // Each replica takes only what the trace says its edits build on (merged from the sender's bytes), once the
    // server has relayed it (so the server always has an edit before anything building on it): the server's
    // broadcasts are not applied meanwhile.
    for (const c of clients) await c.sync();
    const relayed = clients.map(() => new Map<number, number>());
    clients.forEach((c, i) => {
      c.onServerUpdate = (update) => {
        for (const struct of Y.decodeUpdate(update).structs) {
          const end = struct.id.clock + struct.length;
          if (end > (relayed[i]!.get(struct.id.client) ?? 0)) relayed[i]!.set(struct.id.client, end);
        }
      };
    });
    const started = performance.now();
    const updates: Uint8Array[] = [];
    const ends: number[] = [];
    const applied = clients.map(() => new Set<number>());
    const texts = clients.map((c) => paragraphText(c.doc));
    for (const [index, txn] of trace.txns.entries()) {
      const agent = txn.agent ?? 0;
      const client = clients[agent]!;
      const missing: number[] = [];
      const stack = [...(txn.parents ?? [])];
      while (stack.length > 0) {
        const p = stack.pop()!;
        if (applied[agent]!.has(p)) continue;
        applied[agent]!.add(p);
        missing.push(p);
        stack.push(...(trace.txns[p]!.parents ?? []));
      }
      if (missing.length > 0) {
        missing.sort((a, b) => a - b);
        const needed = new Map<number, number>();
        for (const p of missing) {
          const from = 100 + (trace.txns[p]!.agent ?? 0);
          needed.set(from, Math.max(needed.get(from) ?? 0, ends[p]!));
        }
        await client.until(() => [...needed].every(([id, clock]) => clock === 0 || (relayed[agent]!.get(id) ?? 0) >= clock));
        for (const p of missing) Y.applyUpdate(client.doc, updates[p]!, 'merge');
      }
      let update: Uint8Array = new Uint8Array([0, 0]);
      const grab = (u: Uint8Array, origin: unknown) => {
        if (origin !== 'merge') update = u;
      };
      client.doc.on('update', grab);
      client.doc.transact(() => {
        for (const [pos, del, insert] of txn.patches) {
          if (del > 0) texts[agent]!.delete(pos, del);
          if (insert.length > 0) texts[agent]!.insert(pos, insert);
        }
      });
      client.doc.off('update', grab);
      updates.push(update);
      ends.push(Y.getState(client.doc.store, client.doc.clientID));
      applied[agent]!.add(index);
      client.sendUpdate(update);
    }
    // Both sync with the server (step 1 → its step 2 with what they lack): then both hold everything.
    await Promise.all(clients.map((c) => c.sync()));
    await Promise.all(clients.map((c) => c.sync()));
    const ms = performance.now() - started;
    for (const c of clients) {
      if (paragraphText(c.doc).toString() !== trace.endContent) throw new Error(`B5: a replica of ${trace.source} does not hold its endContent${c.refusal ? ` (refused: ${c.refusal})` : ''}`);
    }
    context.log(`B5: friendsforever (${trace.txns.length} transactions, 2 replicas) converged in ${Math.round(ms)} ms`);
    return ms;
  } finally {
    for (const c of clients) c.close();
    await server.close();
  }
  // The server's copy is checked by the caller from the file.
}

/** B5. */
export const syncMeasure: Measure = {
  ids: ['B5'],
  title: 'sync through the team server',
  async run(context): Promise<BenchResult[]> {
    const setup = prepare(context);
    // One run each (a run is ~45 s of typing and draining, the trace ~1 min): the percentiles rest on 190,000 arrivals.
    const runs = context.quick ? 1 : 2;
    const typing: TypingRun[] = [];
    for (let i = 0; i < runs; i++) typing.push(await twentyReplicas(context, setup, EDITS, i));
    const arrivals = typing.flatMap((t) => t.arrivals);
    const p50s = typing.map((t) => percentile(t.arrivals, 50));
    const p95s = typing.map((t) => percentile(t.arrivals, 95));
    const memory = typing.map((t) => t.memoryPerDoc).filter((m): m is number => m !== null);
    const out: BenchResult[] = [
      result('B5', `${REPLICAS} replicas × ${EDITS} edits via draftroom serve: last edit → all converged`, 'ms', typing.map((t) => t.convergedMs), {
        atMost: 2000,
        note: `${RATE} keystrokes/s each; ${runs} run(s)`,
      }),
      result('B5', 'edit → arrival at each other replica, p50', 'ms', p50s, { note: `${arrivals.length.toLocaleString('en-US')} arrivals` }),
      result('B5', 'edit → arrival at each other replica, p95', 'ms', p95s, { atMost: 50 }),
    ];
    if (memory.length > 0) out.push(result('B5', 'server memory per loaded document (RSS)', 'B', memory, { note: `the 28-clause draft; ${MEMORY_DOCS} documents opened` }));
    if (setup.trace !== null && setup.traceDocId !== null) {
      // One run (about a minute here): 26,000 transactions through the server, checked at the end.
      const ms = [await concurrentTrace(context, setup, setup.trace)];
      const store = openWorkspace(setup.file);
      try {
        const doc = loadYDoc(store, setup.traceDocId);
        if (paragraphText(doc).toString() !== setup.trace.endContent) throw new Error('B5: the server did not store the trace’s endContent');
        doc.destroy();
      } finally {
        store.close();
      }
      out.push(result('B5', `friendsforever (${setup.trace.txns.length.toLocaleString('en-US')} concurrent transactions) as 2 replicas: first edit → both converged`, 'ms', ms, { note: 'in-process team server, rate limit lifted; endContent checked on both replicas and the file' }));
    } else {
      context.log(`B5: no ${FRIENDS}: the concurrent trace replay is skipped`);
    }
    // One server on a workspace file: connect + sync, the confirmation round trip, throughput, a replica's bulk return.
    const team = await runTeamBench(context.workDir);
    context.log(`B5 on one server (workspace file):\n${formatTable(team).replace(/^/gm, '    ')}`);
    // Two server instances sharing PostgreSQL and Redis (skipped, with the reason, when they do not answer).
    const cluster = await runClusterBench(context.workDir);
    context.log(`B5 across two instances (PostgreSQL + Redis):\n${formatTable(cluster).replace(/^/gm, '    ')}`);
    return out;
  },
};
