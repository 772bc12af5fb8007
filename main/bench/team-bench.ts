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
import * as Y from 'yjs';
import { contentFragment } from '../../shared/ydoc/layout';
import { writeSampleWorkspace } from '../sample/build-sample';
import { openWorkspace } from '../store/workspace-store';
import { silentLog } from '../team/server/server-log';
import { startTeamServer } from '../team/server/team-server';
import { formatMsFine, formatRate, summarize, type BenchRow } from './measure';
import { SyncClient } from './sync-client';

/** What the team section measures, and how much. */
export interface TeamBenchOptions {
  /** Connections opened one after another for the connect + sync measure. */
  readonly connects?: number;
  /** Updates sent by the writer for the throughput measure. */
  readonly updates?: number;
  /** Offline keystrokes a replica brings back in one step 2. */
  readonly offlineEdits?: number;
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
    const keeper = new SyncClient(url(drafter));
    await keeper.sync();

    const connectMs: number[] = [];
    for (let i = 0; i < connects; i++) {
      const started = performance.now();
      const client = new SyncClient(url(lead));
      await client.sync();
      connectMs.push(performance.now() - started);
      client.close();
    }
    const connect = summarize(connectMs);
    rows.push({ measure: 'connect + sync the 28-clause draft', value: formatMsFine(connect.median), note: `p95 ${formatMsFine(connect.p95)}, ${connects} connections (token check, step 1 → step 2 + step 1)` });

    const writer = new SyncClient(url(lead));
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

    const updates = typeKeystrokes(writer.doc, updateCount);
    const finalClock = Y.getState(writer.doc.store, writer.doc.clientID);
    const started = performance.now();
    for (const update of updates) writer.sendUpdate(update);
    await writer.sync();
    // Relayed: the keeper holds every keystroke (the server relays what one commit stored as one merged message).
    await keeper.until(() => Y.getState(keeper.doc.store, writer.doc.clientID) >= finalClock);
    const throughputMs = performance.now() - started;
    rows.push({ measure: 'updates through the server', value: formatRate(updates.length, throughputMs), note: `${updates.length} keystrokes sent back to back: each checked, stored (a group commit per turn), relayed to one other connection` });

    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(writer.doc));
    typeKeystrokes(offline, offlineEdits);
    const returning = new SyncClient(url(lead));
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
