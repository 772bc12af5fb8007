/**
 * Compaction racing appends from two instances: two instances that compact
 * after every few appends they store, each with a lead typing as fast as it
 * can; every keystroke ends up stored once, in both clients and in
 * PostgreSQL, and compaction did run meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentFragment } from '../../../../shared/ydoc/layout';
import { PgDatabase } from '../../../../main/store/pg/pg-database';
import { canonicalState, sameBytes } from '../../../helpers/team-rig';
import { PG_SKIP, REDIS_SKIP } from '../../../helpers/pg-services';
import { connectProvider, waitUntil, type ProviderClient } from '../team-harness';
import { makeCluster, type Cluster } from './cluster-harness';

const SKIP = PG_SKIP ?? REDIS_SKIP;
const PER_WRITER = 150;

function clauseText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

let cluster: Cluster | undefined;
const clients: ProviderClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await cluster?.cleanup();
  cluster = undefined;
});

describe.skipIf(SKIP !== null)('compaction racing appends from two instances', () => {
  it('loses nothing: every keystroke from both instances is stored once and compaction ran meanwhile', async () => {
    cluster = await makeCluster('compactrace2', 2);
    const { people } = cluster;
    const a = await cluster.start({ compactAfter: 3 });
    const b = await cluster.start({ compactAfter: 3 });
    const one = await connectProvider(a.server, people.workspaceId, people.docId, cluster.leadTokens[0]!);
    const two = await connectProvider(b.server, people.workspaceId, people.docId, cluster.leadTokens[1]!);
    clients.push(one, two);
    const type = async (client: ProviderClient, clause: number, label: string): Promise<void> => {
      for (let i = 0; i < PER_WRITER; i++) {
        clauseText(client.doc, clause).insert(0, `${label}${i}.`);
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
      }
    };
    await Promise.all([type(one, 0, 'a'), type(two, 1, 'b')]);
    const state = (c: ProviderClient): Uint8Array => canonicalState(Y.encodeStateAsUpdate(c.doc));
    await waitUntil(() => sameBytes(state(one), state(two)), 20_000, 'both clients to converge');
    let stored = canonicalState(await cluster.storedState());
    for (let i = 0; i < 100 && !sameBytes(stored, state(one)); i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = canonicalState(await cluster.storedState());
    }
    expect(sameBytes(stored, state(one))).toBe(true);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored);
    for (let i = 0; i < PER_WRITER; i++) {
      expect(clauseText(doc, 0).toString()).toContain(`a${i}.`);
      expect(clauseText(doc, 1).toString()).toContain(`b${i}.`);
    }
    const database = await PgDatabase.open(cluster.schema.url, { maxConnections: 1 });
    try {
      const store = await database.workspace(people.workspaceId);
      const read = await store.readDocumentState(people.docId);
      // Compaction ran (the snapshot moved past what migrate-store wrote) and the log is contiguous after it.
      expect(read.snapshotSeq).toBeGreaterThan(1);
      expect(read.updates.length).toBe(read.lastSeq - read.snapshotSeq);
      // Every appended update is counted once in the history, compacted or not: the one copied in by
      // migrate-store (sequence number 1) plus one per sequence number handed out since.
      const contributors = await store.listContributors(people.docId);
      expect(contributors.reduce((sum, c) => sum + c.updates, 0)).toBe(read.lastSeq);
      const leads = new Set([people.bohdan.id]);
      expect(contributors.filter((c) => c.memberId !== null && !leads.has(c.memberId)).length).toBe(2);
    } finally {
      await database.close();
    }
  }, 60_000);
});
