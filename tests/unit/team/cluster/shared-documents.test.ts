/**
 * `SharedDocuments` on a real PostgreSQL store, driven directly by peers
 * (what `TeamConnection` does): a burst of updates is accepted one message
 * at a time but stored in a few transactions, in order, with contiguous
 * sequence numbers, and relayed only once stored; a refused message in the
 * middle of a burst keeps what was accepted before it and nothing of itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Identity } from '../../../../shared/domain/types';
import { contentFragment } from '../../../../shared/ydoc/layout';
import { encodeSyncUpdate } from '../../../../main/services/sync-message';
import { PgDatabase } from '../../../../main/store/pg/pg-database';
import type { PgWorkspaceStore } from '../../../../main/store/pg/pg-workspace-store';
import type { ServedPeer } from '../../../../main/team/server/document-service';
import { silentLog } from '../../../../main/team/server/server-log';
import { SharedDocuments } from '../../../../main/team/server/shared-documents';
import { PG_SKIP } from '../../../helpers/pg-services';
import { makeCluster, type Cluster } from './cluster-harness';

/** A peer acting as one member, recording what it is relayed. */
function peer(identity: Identity): ServedPeer & { received: Uint8Array[] } {
  const received: Uint8Array[] = [];
  return {
    received,
    attribution: () => ({ memberId: identity.member.id, partyId: identity.party.id }),
    identity: () => identity,
    editRefusal: () => (identity.member.role === 'observer' ? `${identity.member.name} is an observer` : null),
    deliver: (_docId, message) => received.push(message),
  };
}

function clauseText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

let cluster: Cluster;
let database: PgDatabase;
let store: PgWorkspaceStore;
let appendCalls = 0;
beforeAll(async () => {
  if (PG_SKIP !== null) return;
  cluster = await makeCluster('shareddocs');
  database = await PgDatabase.open(cluster.schema.url, { maxConnections: 3 });
  store = await database.workspace(cluster.people.workspaceId);
  const append = store.appendBatch.bind(store);
  store.appendBatch = (...args) => {
    appendCalls += 1;
    return append(...args);
  };
});
afterAll(async () => {
  if (PG_SKIP !== null) return;
  await database.close();
  await cluster.cleanup();
});

describe.skipIf(PG_SKIP !== null)('SharedDocuments on PostgreSQL', () => {
  it('stores a burst in a few transactions, in order, and relays each update only once stored; a refusal keeps what came before', async () => {
    const { people } = cluster;
    const documents = new SharedDocuments(store, { workspaceId: people.workspaceId, log: silentLog, catchUpMs: 0 });
    const lead = peer({ member: people.bohdan, party: people.ua });
    const watcher = peer({ member: people.alice, party: people.us });
    const observer = peer({ member: people.olga, party: people.us });
    await documents.open(watcher, people.docId);
    await documents.open(observer, people.docId);
    const state = await store.readDocumentState(people.docId);
    const local = new Y.Doc();
    if (state.snapshot) Y.applyUpdate(local, state.snapshot);
    for (const u of state.updates) Y.applyUpdate(local, u);
    const updates: Uint8Array[] = [];
    local.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 100; i++) clauseText(local, 0).insert(0, `${i} `);
    const before = appendCalls;
    const lastSeqBefore = (await store.readDocumentState(people.docId)).lastSeq;

    const outcomes = [];
    for (let i = 0; i < updates.length; i++) {
      outcomes.push(await documents.handleSync(lead, people.docId, encodeSyncUpdate(updates[i]!)));
      if (i === 49) {
        // An observer's edit in the middle of the burst is refused; the 50 accepted before it stay.
        const sneaky = new Y.Doc();
        Y.applyUpdate(sneaky, Y.encodeStateAsUpdate(local));
        const sv = Y.encodeStateVector(sneaky);
        clauseText(sneaky, 1).insert(0, 'OBSERVED ');
        await expect(documents.handleSync(observer, people.docId, encodeSyncUpdate(Y.encodeStateAsUpdate(sneaky, sv)))).rejects.toMatchObject({ code: 'forbidden' });
      }
    }
    // Accepted in memory, not necessarily stored yet: nothing is relayed before it is.
    await Promise.all(outcomes.map((o) => o.stored));
    const calls = appendCalls - before;
    console.log(`shared documents: ${updates.length} updates of a burst stored in ${calls} transactions`);
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(updates.length);
    // Relayed to the watcher exactly once each, in the order they were sent.
    expect(watcher.received.map((m) => Buffer.from(m).toString('hex'))).toEqual(updates.map((u) => Buffer.from(encodeSyncUpdate(u)).toString('hex')));
    expect(observer.received).toHaveLength(updates.length);
    const after = await store.readDocumentState(people.docId);
    expect(after.lastSeq).toBe(lastSeqBefore + updates.length);
    const stored = new Y.Doc();
    if (after.snapshot) Y.applyUpdate(stored, after.snapshot);
    for (const u of after.updates) Y.applyUpdate(stored, u);
    expect(clauseText(stored, 0).toString()).toBe(clauseText(local, 0).toString());
    expect(clauseText(stored, 1).toString()).not.toContain('OBSERVED');
    const contributors = await store.listContributors(people.docId);
    expect(contributors.find((c) => c.memberId === people.bohdan.id)!.updates).toBeGreaterThanOrEqual(updates.length);
    expect(contributors.some((c) => c.memberId === people.olga.id)).toBe(false);
    documents.closePeer(lead);
    documents.closePeer(watcher);
    documents.closePeer(observer);
    await documents.dispose();
  }, 60_000);
});
