/**
 * Team section of the bench (`npm run bench -- --section team`): the sample
 * negotiation served by a real team server on 127.0.0.1, clients speaking
 * y-websocket's protocol over `ws`. Measures connecting and syncing a
 * document, the confirmation round trip of one update (stored before the
 * server answers), updates per second through the server (one writer, one
 * receiver), and a replica's bulk return (thousands of offline edits in one
 * sync step 2).
 */
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readSyncMessage, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { contentFragment } from '../../shared/ydoc/layout';
import { writeSampleWorkspace } from '../sample/build-sample';
import { openWorkspace } from '../store/workspace-store';
import { silentLog } from '../team/server/server-log';
import { startTeamServer } from '../team/server/team-server';
import { formatMsFine, formatRate, summarize, type BenchRow } from './measure';

/** What the team section measures, and how much. */
export interface TeamBenchOptions {
  /** Connections opened one after another for the connect + sync measure. */
  readonly connects?: number;
  /** Updates sent by the writer for the throughput measure. */
  readonly updates?: number;
  /** Offline keystrokes a replica brings back in one step 2. */
  readonly offlineEdits?: number;
}

/** A y-protocols client over one WebSocket, with promise-based waits (also used by the cluster section). */
export class BenchClient {
  readonly doc = new Y.Doc();
  /** The server's step 1 replies that followed a step 2 (answers to our step 1). */
  confirmations = 0;
  /** Update messages received from the server (broadcasts). */
  received = 0;
  private lastSyncType = -1;
  private readonly ws: WebSocket;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === 0) {
        const syncType = decoding.peekVarUint(decoder);
        if (syncType === 0 && this.lastSyncType === 1) this.confirmations += 1;
        if (syncType === 2) this.received += 1;
        this.lastSyncType = syncType;
        readSyncMessage(decoder, encoding.createEncoder(), this.doc, 'server');
      }
      this.wake();
    });
    this.ws.on('close', () => this.wake());
  }

  open(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Sends step 1 and waits for the server's step 2 + step 1: everything sent before is stored. */
  async sync(): Promise<void> {
    await this.open();
    const before = this.confirmations;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    writeSyncStep1(encoder, this.doc);
    this.ws.send(encoding.toUint8Array(encoder));
    await this.until(() => this.confirmations > before);
  }

  /** Sends one update (as a sync update message). */
  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    writeUpdate(encoder, update);
    this.ws.send(encoding.toUint8Array(encoder));
  }

  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.reject(new Error('the server closed the connection'));
    return new Promise((resolve) => this.waiters.push({ check: condition, resolve }));
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => w.check() || this.ws.readyState === WebSocket.CLOSED);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

/** The first text node of the document (the first clause's text), for a lead's typing. */
function firstText(doc: Y.Doc): Y.XmlText {
  const stack: (Y.XmlElement | Y.XmlText | Y.XmlFragment)[] = [contentFragment(doc)];
  while (stack.length > 0) {
    const node = stack.shift()!;
    if (node instanceof Y.XmlText) return node;
    stack.unshift(...(node.toArray() as (Y.XmlElement | Y.XmlText)[]));
  }
  throw new Error('the document has no text');
}

/** Types `count` characters as `doc`'s client, one transaction each, returning each update. */
export function typeKeystrokes(doc: Y.Doc, count: number): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array): void => {
    updates.push(update);
  };
  doc.on('update', listener);
  const text = firstText(doc);
  for (let i = 0; i < count; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  doc.off('update', listener);
  return updates;
}

/** Runs the team section in `workDir`; returns its table rows. */
export async function runTeamBench(workDir: string, options: TeamBenchOptions = {}): Promise<BenchRow[]> {
  const connects = options.connects ?? 50;
  const updateCount = options.updates ?? 2000;
  const offlineEdits = options.offlineEdits ?? 5000;
  const file = join(workDir, 'team-bench.draftroom');
  writeSampleWorkspace(file);
  const store = openWorkspace(file);
  const workspaceId = store.meta().id;
  const docId = store.getDocument('Peace framework').id;
  const lead = store.createToken('us-whitfield').secret;
  const drafter = store.createToken('us-hale').secret;
  store.close();

  const server = await startTeamServer({ path: file, port: 0, log: silentLog, limits: { messagesPerSecond: 1e6, messageBurst: 1e6 } });
  const url = (token: string): string => `${server.url}/${workspaceId}/${docId}?token=${token}`;
  const rows: BenchRow[] = [];
  try {
    // Someone keeps the document open, as in a working session (the first connect also loads it from the file).
    const keeper = new BenchClient(url(drafter));
    await keeper.sync();

    const connectMs: number[] = [];
    for (let i = 0; i < connects; i++) {
      const started = performance.now();
      const client = new BenchClient(url(lead));
      await client.sync();
      connectMs.push(performance.now() - started);
      client.close();
    }
    const connect = summarize(connectMs);
    rows.push({ measure: 'connect + sync the 28-clause draft', value: formatMsFine(connect.median), note: `p95 ${formatMsFine(connect.p95)}, ${connects} connections (token check, step 1 → step 2 + step 1)` });

    const writer = new BenchClient(url(lead));
    await writer.sync();
    const roundTrips: number[] = [];
    for (const update of typeKeystrokes(writer.doc, 200)) {
      const started = performance.now();
      writer.sendUpdate(update);
      await writer.sync();
      roundTrips.push(performance.now() - started);
    }
    const roundTrip = summarize(roundTrips);
    rows.push({ measure: 'one keystroke, sent → confirmed stored', value: formatMsFine(roundTrip.median), note: `p95 ${formatMsFine(roundTrip.p95)}; a lead's update checked, appended (FULL sync) and answered` });

    const receivedBefore = keeper.received;
    const updates = typeKeystrokes(writer.doc, updateCount);
    const started = performance.now();
    for (const update of updates) writer.sendUpdate(update);
    await writer.sync();
    await keeper.until(() => keeper.received - receivedBefore >= updates.length);
    const throughputMs = performance.now() - started;
    rows.push({ measure: 'updates through the server', value: formatRate(updates.length, throughputMs), note: `${updates.length} keystrokes sent back to back: each checked, stored, relayed to one other connection` });

    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(writer.doc));
    typeKeystrokes(offline, offlineEdits);
    const returning = new BenchClient(url(lead));
    const missing = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(writer.doc));
    const bulkStarted = performance.now();
    await returning.open();
    returning.sendUpdate(missing);
    await returning.sync();
    const bulkMs = performance.now() - bulkStarted;
    rows.push({ measure: `replica back with ${offlineEdits} offline keystrokes`, value: formatMsFine(bulkMs), note: `one ${Math.round(missing.length / 1024)} KB update: connect, check, store in one transaction, confirm` });
    returning.close();
    writer.close();
    keeper.close();
  } finally {
    await server.close();
  }
  return rows;
}
