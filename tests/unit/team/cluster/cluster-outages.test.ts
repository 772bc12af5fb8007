/**
 * What several instances do when something goes away: an update reaches
 * the other instance's clients through Redis alone; Redis connections cut
 * during traffic (instances keep serving their own clients, then catch up
 * from PostgreSQL); an instance killed with SIGKILL (its clients reconnect
 * elsewhere and lose nothing stored); PostgreSQL failing to take an edit
 * (it is refused with the reason, not acknowledged, and arrives once the
 * client reconnects).
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentFragment } from '../../../../shared/ydoc/layout';
import { canonicalState, sameBytes } from '../../../helpers/team-rig';
import { PG_SKIP, REDIS_SKIP, TEST_REDIS_URL } from '../../../helpers/pg-services';
import { connectProvider, waitUntil, type ProviderClient } from '../team-harness';
import { childServer, makeCluster, startChildInstance, type ChildInstance, type Cluster } from './cluster-harness';

const SKIP = PG_SKIP ?? REDIS_SKIP;

function clauseText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

const state = (c: ProviderClient): Uint8Array => canonicalState(Y.encodeStateAsUpdate(c.doc));
const same = (clients: readonly ProviderClient[]): boolean => clients.every((c) => sameBytes(state(c), state(clients[0]!)));

let cluster: Cluster | undefined;
const clients: ProviderClient[] = [];
const children: ChildInstance[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const child of children.splice(0)) child.process.kill('SIGKILL');
  await cluster?.cleanup();
  cluster = undefined;
});

/** Cuts every Redis connection of this test's instances (they are named after its prefix). */
async function cutRedis(prefix: string): Promise<number> {
  const admin = new Redis(TEST_REDIS_URL);
  try {
    const list = (await admin.client('LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=${prefix}`))
      .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    for (const id of ids) await admin.client('KILL', 'ID', id);
    return ids.length;
  } finally {
    admin.disconnect();
  }
}

describe.skipIf(SKIP !== null)('several instances when something goes away', () => {
  it('an edit through one instance reaches a client of the other through Redis (no catch-up timer)', async () => {
    cluster = await makeCluster('fanout', 2);
    const a = await cluster.start({ catchUpMs: 0 });
    const b = await cluster.start({ catchUpMs: 0 });
    const { people } = cluster;
    const one = await connectProvider(a.server, people.workspaceId, people.docId, cluster.leadTokens[0]!);
    const two = await connectProvider(b.server, people.workspaceId, people.docId, cluster.leadTokens[1]!);
    clients.push(one, two);
    clauseText(one.doc, 0).insert(0, 'Through A. ');
    await waitUntil(() => clauseText(two.doc, 0).toString().startsWith('Through A. '), 5000, 'the edit to reach the client of B');
    clauseText(two.doc, 1).insert(0, 'Through B. ');
    await waitUntil(() => clauseText(one.doc, 1).toString().startsWith('Through B. '), 5000, 'the edit to reach the client of A');
    // Awareness travels the same way.
    one.provider.awareness.setLocalState({ clauseId: null, cursor: null });
    await waitUntil(() => two.provider.awareness.getStates().has(one.doc.clientID), 5000, 'the presence of the client of A to reach B');
  }, 30_000);

  it('Redis connections cut during traffic: instances keep serving their own clients, catch up afterwards and converge', async () => {
    cluster = await makeCluster('rediscut', 4);
    // No timer: only the bus reconnect and gap detection can heal what the cut loses.
    const a = await cluster.start({ catchUpMs: 0 });
    const b = await cluster.start({ catchUpMs: 0 });
    const { people } = cluster;
    const onA = [await connectProvider(a.server, people.workspaceId, people.docId, cluster.leadTokens[0]!), await connectProvider(a.server, people.workspaceId, people.docId, cluster.leadTokens[1]!)];
    const onB = [await connectProvider(b.server, people.workspaceId, people.docId, cluster.leadTokens[2]!), await connectProvider(b.server, people.workspaceId, people.docId, cluster.leadTokens[3]!)];
    clients.push(...onA, ...onB);
    let cuts = 0;
    for (let round = 0; round < 40; round++) {
      clauseText(onA[round % 2]!.doc, 0).insert(0, `a${round} `);
      clauseText(onB[round % 2]!.doc, 1).insert(0, `b${round} `);
      if (round % 8 === 3) cuts += await cutRedis(cluster.prefix);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(cuts).toBeGreaterThan(0);
    // Clients of one instance saw each other's edits throughout (served locally, whatever Redis did).
    await waitUntil(() => same(onA) && same(onB), 5000, 'clients of the same instance to agree');
    await waitUntil(() => same([...onA, ...onB]), 15_000, 'every client to converge after the cuts');
    expect(sameBytes(canonicalState(await cluster.storedState()), state(onA[0]!))).toBe(true);
    for (let round = 0; round < 40; round++) {
      expect(clauseText(onB[0]!.doc, 0).toString()).toContain(`a${round} `);
      expect(clauseText(onA[0]!.doc, 1).toString()).toContain(`b${round} `);
    }
    expect(a.log.lines.some((l) => l.includes('redis-lost')) || b.log.lines.some((l) => l.includes('redis-lost'))).toBe(true);
  }, 60_000);

  it('an instance killed with SIGKILL mid-traffic: its clients reconnect to another and nothing stored is lost', async () => {
    cluster = await makeCluster('sigkill', 2);
    const { people } = cluster;
    const doomed = await startChildInstance(cluster);
    children.push(doomed);
    const survivor = await cluster.start({ catchUpMs: 500 });
    const writer = await connectProvider(childServer(doomed), people.workspaceId, people.docId, cluster.leadTokens[0]!);
    const watcher = await connectProvider(survivor.server, people.workspaceId, people.docId, cluster.leadTokens[1]!);
    clients.push(writer, watcher);
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      clauseText(writer.doc, 0).insert(0, `k${i} `);
      if (i === 40) {
        // Mid-traffic: once some of it went through (stored, then relayed to the other instance).
        await waitUntil(() => clauseText(watcher.doc, 0).toString().includes('k0 '), 15_000, 'the first edits to reach the watcher');
        doomed.process.kill('SIGKILL');
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    // What the watcher saw went through PostgreSQL: it was confirmed stored.
    for (let i = 0; i < 60; i++) if (clauseText(watcher.doc, 0).toString().includes(`k${i} `)) seen.add(`k${i}`);
    expect(seen.size).toBeGreaterThan(0);
    // The writer comes back through the surviving instance, with its own document.
    writer.destroy();
    const back = await connectProvider(survivor.server, people.workspaceId, people.docId, cluster.leadTokens[0]!, writer.doc);
    clients.push(back);
    await waitUntil(() => same([back, watcher]), 10_000, 'the writer and the watcher to converge');
    const stored = canonicalState(await cluster.storedState());
    await waitUntil(() => true, 0);
    const storedDoc = new Y.Doc();
    Y.applyUpdate(storedDoc, stored);
    for (const word of seen) expect(clauseText(storedDoc, 0).toString()).toContain(`${word} `);
    // And nothing the writer typed is lost at all: it re-sent what the killed instance never stored.
    for (let i = 0; i < 60; i++) expect(clauseText(storedDoc, 0).toString()).toContain(`k${i} `);
  }, 60_000);

  it('PostgreSQL cannot take an edit: it is refused with the reason (not acknowledged, not relayed) and stored once the client reconnects', async () => {
    cluster = await makeCluster('pgfail', 2);
    const a = await cluster.start({ catchUpMs: 0 });
    const b = await cluster.start({ catchUpMs: 0 });
    const { people } = cluster;
    const one = await connectProvider(a.server, people.workspaceId, people.docId, cluster.leadTokens[0]!);
    const two = await connectProvider(b.server, people.workspaceId, people.docId, cluster.leadTokens[1]!);
    clients.push(one, two);
    const admin = new pg.Client({ connectionString: cluster.schema.url });
    await admin.connect();
    try {
      // The log stops accepting rows, as a database that went away would.
      await admin.query('ALTER TABLE update_log RENAME TO update_log_away');
      clauseText(one.doc, 0).insert(0, 'During the outage. ');
      await waitUntil(() => one.closes.some((c) => c.code === 4503), 5000, 'the instance to refuse the edit');
      expect(one.closes.find((c) => c.code === 4503)!.reason).toMatch(/not stored/);
      expect(a.log.lines.some((l) => l.includes('store-failed'))).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(clauseText(two.doc, 0).toString()).not.toContain('During the outage.');
      await admin.query('ALTER TABLE update_log_away RENAME TO update_log');
    } finally {
      await admin.end();
    }
    // y-websocket reconnects (45xx: try again) and re-sends what was not stored.
    await waitUntil(() => clauseText(two.doc, 0).toString().startsWith('During the outage. '), 15_000, 'the edit to be stored and relayed after reconnecting');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, await cluster.storedState());
    expect(clauseText(stored, 0).toString().startsWith('During the outage. ')).toBe(true);
    const health = await fetch(`${a.server.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, store: 'ok', redis: 'ok' });
  }, 60_000);
});
