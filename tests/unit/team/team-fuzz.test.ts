import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import type { TeamServer } from '../../../main/team/server/team-server';
import { clauseLines, tempDir } from '../services/harness';
import { messagesHandled, runFuzz } from './fuzz-driver';
import { makeTeamWorkspace, RawClient, startTestServer, type TeamPeople } from './team-harness';

/** Run another seed or more inputs with DRAFTROOM_FUZZ_SEED=… DRAFTROOM_FUZZ_INPUTS=…; a failure names its seed. */
const SEED = Number(process.env['DRAFTROOM_FUZZ_SEED'] ?? 20251202);
const INPUTS = Number(process.env['DRAFTROOM_FUZZ_INPUTS'] ?? 10_000);
const MAX_MESSAGE_BYTES = 64 * 1024;

/** What the file holds for a document: its log's last sequence number and its content. */
function stored(path: string, docId: string): { lastSeq: number; state: string; lines: string[]; maps: string } {
  const store = openWorkspace(path);
  try {
    const doc = loadYDoc(store, docId);
    const maps = JSON.stringify([doc.getMap('changes').toJSON(), doc.getMap('comments').toJSON(), [...doc.share.keys()].sort()]);
    const result = { lastSeq: store.readDocumentState(docId).lastSeq, state: Buffer.from(Y.encodeStateVector(doc)).toString('hex'), lines: clauseLines(doc), maps };
    doc.destroy();
    return result;
  } finally {
    store.close();
  }
}

describe('team server under malformed and hostile traffic (seeded fuzz)', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TeamPeople;
  let server: TeamServer;
  let log: { lines: string[] };

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'team.draftroom');
    people = makeTeamWorkspace(path);
    ({ server, log } = await startTestServer(path, {
      limits: { maxMessageBytes: MAX_MESSAGE_BYTES, messagesPerSecond: 1e9, messageBurst: 1e9, maxRefusals: 1e9, connectionsPerToken: 1000 },
    }));
  });

  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  it(`stays up and changes no stored document over ${INPUTS} seeded inputs (seed ${SEED})`, async () => {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const before = stored(path, people.docId);
    const base = (() => {
      const store = openWorkspace(path);
      const doc = loadYDoc(store, people.docId);
      store.close();
      return Y.encodeStateAsUpdate(doc);
    })();
    // A lead stays connected throughout and must see no update from all this.
    const witness = new RawClient(RawClient.url(server, people.workspaceId, people.docId, people.tokens.get(people.bohdan.id)!));
    await witness.sync();
    const witnessLines = clauseLines(witness.doc).join('\n');
    const witnessUpdates: Uint8Array[] = [];
    witness.doc.on('update', (u: Uint8Array) => witnessUpdates.push(u));

    // A few extra inputs cover those lost when an input meant to be harmless closes its connection mid-batch.
    const run = await runFuzz(server, people, { seed: SEED, inputs: Math.ceil(INPUTS * 1.05), base, maxMessageBytes: MAX_MESSAGE_BYTES });
    const handled = (): number => messagesHandled(log.lines, 1) - run.barriersAnswered;

    // Wait for the fuzz connections to close and log their counts.
    const deadline = Date.now() + 5000;
    while (server.connectionCount() > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const total = handled();
    const closes = new Map<string, number>();
    for (const line of log.lines) {
      const code = / code=(\d+)/.exec(line)?.[1];
      if (line.startsWith('disconnect ') && code) closes.set(code, (closes.get(code) ?? 0) + 1);
    }
    const refusals = log.lines.filter((l) => l.startsWith('refuse ')).length;
    const errors = log.lines.filter((l) => l.startsWith('ERROR '));
    const cpu = process.cpuUsage(cpuBefore);
    const summary = { seed: SEED, handled: total, sent: run.sent, ms: Math.round(performance.now() - started), cpuMs: Math.round((cpu.user + cpu.system) / 1000), kinds: run.kinds, closes: Object.fromEntries(closes), refusals };
    console.log(`team fuzz: ${JSON.stringify(summary)}`);

    expect(total, `seed ${SEED}`).toBeGreaterThanOrEqual(INPUTS);
    expect(errors, `seed ${SEED}: unexpected server errors`).toEqual([]);
    // The server is up: the witness is still connected and a new client syncs the same document.
    expect(witness.closed).toBeNull();
    await witness.sync();
    expect(witnessUpdates, `seed ${SEED}: the lead received updates`).toEqual([]);
    expect(clauseLines(witness.doc).join('\n')).toBe(witnessLines);
    const fresh = new RawClient(RawClient.url(server, people.workspaceId, people.docId, people.tokens.get(people.alice.id)!));
    await fresh.sync();
    expect(Buffer.from(Y.encodeStateVector(fresh.doc)).toString('hex')).toBe(before.state);
    fresh.close();
    witness.close();
    // Nothing was stored: not one log row, and the document reads as before.
    expect(stored(path, people.docId), `seed ${SEED}`).toEqual(before);
    // About 15 s on an idle 2-core machine; the limit leaves room for a loaded one.
  }, 180_000);
});
