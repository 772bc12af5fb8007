/**
 * The hub's group commit (`DocumentHub.acceptSyncMessage` + `commitAccepted`),
 * what the team server uses for a workspace file: messages of many
 * connections judged one by one, stored together in one transaction, and
 * relayed and confirmed only after that commit.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { readSyncMessage } from 'y-protocols/sync';
import { DraftroomError } from '../../../shared/api/errors';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { contentFragment } from '../../../shared/ydoc/layout';
import { DocumentHub, type HubPeer } from '../../../main/services/document-hub';
import { encodeSyncStep1, encodeSyncUpdate } from '../../../main/services/sync-message';
import { loadYDoc } from '../../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { clauseLines, insertClause, makeWorkspace, tempDir, type TestPeople, typeInClause } from './harness';

/** A hub peer acting as `member`, recording what the hub delivers to it. */
function peerOf(member: Member, party: Party): HubPeer & { delivered: Uint8Array[] } {
  const identity: Identity = { member, party };
  const delivered: Uint8Array[] = [];
  return {
    delivered,
    attribution: () => ({ memberId: member.id, partyId: party.id }),
    editRefusal: () => null,
    identity: () => identity,
    deliver: (_docId, message) => delivered.push(message),
  };
}

/** A replica of a stored document: what a client holds after syncing it. */
function replicaOf(store: WorkspaceStoreApi, docId: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(loadYDoc(store, docId)));
  return doc;
}

/** Each character of `text` typed at the end of clause `index` of `doc` as its own update message (as typing sends them). */
function keystrokes(doc: Y.Doc, index: number, text: string, options: Parameters<typeof typeInClause>[3]): Uint8Array[] {
  return messagesOf(doc, () => {
    for (const ch of text) typeInClause(doc, index, ch, options);
  });
}

/** The update messages `edit` makes on `doc`, one per Yjs transaction. */
function messagesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
  const messages: Uint8Array[] = [];
  const collect = (update: Uint8Array) => messages.push(encodeSyncUpdate(update));
  doc.on('update', collect);
  edit();
  doc.off('update', collect);
  return messages;
}

/** The text of the first paragraph of clause `index`. */
function firstText(doc: Y.Doc, index: number): Y.XmlText {
  return ((contentFragment(doc).get(index) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** A write outside the document's layout (refused by the policy), made on a copy of `doc`. */
function outsideWrite(doc: Y.Doc): Uint8Array {
  const outsider = new Y.Doc();
  Y.applyUpdate(outsider, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(outsider);
  outsider.getText('notes').insert(0, 'not part of a Draftroom document');
  return encodeSyncUpdate(Y.encodeStateAsUpdate(outsider, before));
}

/** An outcome as comparable data: accepted with the number of replies, or the error's code and message. */
function described(run: () => { replies: Uint8Array[] }): unknown {
  try {
    return { replies: run().replies.length };
  } catch (error) {
    return error instanceof DraftroomError ? { code: error.code, message: error.message } : { error: String(error) };
  }
}

/** A document holding `state`, then every relayed sync message in `messages` (what a connection's replica holds). */
function applied(state: Uint8Array, messages: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  for (const message of messages) readSyncMessage(decoding.createDecoder(message), encoding.createEncoder(), doc, 'relayed');
  return doc;
}

/** The Yjs clients whose structs relayed update messages carry. */
function clientsIn(messages: readonly Uint8Array[]): Set<number> {
  const clients = new Set<number>();
  for (const message of messages) {
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder);
    for (const struct of Y.decodeUpdate(decoding.readVarUint8Array(decoder)).structs) clients.add(struct.id.client);
  }
  return clients;
}

/** How a promise has settled so far (read after `turn()`). */
function watch(promise: Promise<void>): () => 'pending' | 'resolved' | 'rejected' {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  return () => state;
}

/** Lets every queued microtask and immediate run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Updates per member in a document's log, as comparable data. */
function rowsPerMember(store: WorkspaceStoreApi, docId: string): Record<string, number> {
  return Object.fromEntries(store.listContributors(docId).map((c) => [c.memberId ?? '-', c.updates]));
}

describe('DocumentHub group commit (acceptSyncMessage)', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let store: WorkspaceStoreApi;
  let hub: DocumentHub;
  let docId: string;
  let otherDocId: string;
  /** Commits the hub scheduled and the test has not run yet. */
  let scheduled: (() => void)[];
  const runCommits = () => {
    for (const commit of scheduled.splice(0)) commit();
  };
  /** Runs the scheduled commits, again as the disk syncs finish, until every one of `waits` is settled. */
  const commitsUntil = async (waits: readonly Promise<void>[]): Promise<void> => {
    let settled = false;
    void Promise.allSettled(waits).then(() => (settled = true));
    while (!settled) {
      runCommits();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.dir, 'group.draftroom');
    people = makeWorkspace(path);
    store = openWorkspace(path);
    docId = store.createDocument({ title: 'Peace framework' }).id;
    otherDocId = store.createDocument({ title: 'Annex' }).id;
    for (const id of [docId, otherDocId]) {
      const seed = new Y.Doc();
      insertClause(seed, 0, `${id}-army`, 'Ukraine keeps an army.');
      insertClause(seed, 1, `${id}-border`, 'The line of contact is frozen.');
      store.appendUpdate(id, Y.encodeStateAsUpdate(seed));
    }
    store.close();
    copyFileSync(path, join(dir.dir, 'one-by-one.draftroom'));
    store = openWorkspace(path);
    scheduled = [];
    hub = new DocumentHub(store, { loadYDoc, compactAfter: 10_000, scheduleCommit: (commit) => scheduled.push(commit) });
  });

  afterEach(() => {
    hub.dispose();
    store.close();
    dir.cleanup();
  });

  it('gives every message of every connection the outcome it gets one by one, refusals included, and stores and relays the same', async () => {
    const lead = peerOf(people.bohdan, people.ua);
    const carol = peerOf(people.carol, people.us);
    const alice = peerOf(people.alice, people.us);
    const watcher = peerOf(people.alice, people.us);
    const leadDoc = replicaOf(store, docId);
    const carolDoc = replicaOf(store, docId);
    const aliceDoc = replicaOf(store, docId);
    // Each replica's messages, interleaved below as connections' messages arrive at a server.
    const byLead = [
      ...keystrokes(leadDoc, 0, ' In peacetime', { tracked: false }),
      outsideWrite(leadDoc),
      ...keystrokes(leadDoc, 0, ' and after.', { tracked: false }),
    ];
    const byCarol = [
      ...keystrokes(carolDoc, 1, ' Monitored.', { by: people.carol }),
      // A suggester's untracked typing (at the start of the clause, where no mark continues): each keystroke refused.
      ...messagesOf(carolDoc, () => {
        for (const ch of 'Untracked ') carolDoc.transact(() => firstText(carolDoc, 1).insert(0, ch, {}));
      }),
      encodeSyncStep1(carolDoc),
    ];
    const byAlice = [...keystrokes(aliceDoc, 0, ' Agreed.', { by: people.alice }), new Uint8Array([2, 5, 1, 2]), encodeSyncStep1(aliceDoc)];
    const arrivals: { peer: HubPeer; message: Uint8Array }[] = [];
    for (let i = 0; arrivals.length < byLead.length + byCarol.length + byAlice.length; i++) {
      for (const [peer, messages] of [[lead, byLead], [carol, byCarol], [alice, byAlice]] as const) {
        if (i < messages.length) arrivals.push({ peer, message: messages[i]! });
      }
    }

    const initial = Y.encodeStateAsUpdate(loadYDoc(store, docId));
    hub.openDocument(watcher, docId);
    // A server turn reads several messages before its commit: here 5 at a time (so that accepted updates of one
    // sender and refusals of another share turns in every order).
    const grouped: unknown[] = [];
    const waits: Promise<void>[] = [];
    arrivals.forEach(({ peer, message }, i) => {
      grouped.push(
        described(() => {
          const accepted = hub.acceptSyncMessage(peer, docId, message);
          waits.push(accepted.stored);
          return accepted;
        }),
      );
      if (i % 5 === 4) runCommits();
    });
    // A group commit written while another syncs waits for it, and is scheduled when it is done: keep running them.
    await commitsUntil(waits);

    const otherStore = openWorkspace(join(dir.dir, 'one-by-one.draftroom'));
    const otherHub = new DocumentHub(otherStore, { loadYDoc, compactAfter: 10_000 });
    const otherWatcher = peerOf(people.alice, people.us);
    try {
      otherHub.openDocument(otherWatcher, docId);
      const oneByOne = arrivals.map(({ peer, message }) => described(() => ({ replies: otherHub.handleSyncMessage(peer, docId, message) })));
      expect(grouped).toEqual(oneByOne);
      // The run exercised refusals of two senders and a malformed message, each with its own reason.
      const errors = grouped.filter((o): o is { code: string; message: string } => 'code' in (o as object));
      expect(errors.filter((e) => e.code === 'forbidden' && e.message.includes('"notes"'))).toHaveLength(1);
      expect(errors.filter((e) => e.code === 'forbidden' && !e.message.includes('"notes"')).length).toBeGreaterThanOrEqual(2);
      expect(errors.filter((e) => e.code === 'invalid-argument')).toHaveLength(1);
      // The same rows (one per accepted update, in each sender's name) and the same document.
      expect(store.logLength(docId)).toBe(otherStore.logLength(docId));
      expect(rowsPerMember(store, docId)).toEqual(rowsPerMember(otherStore, docId));
      const stored = clauseLines(loadYDoc(store, docId));
      expect(stored).toEqual(clauseLines(loadYDoc(otherStore, docId)));
      // Lead's and Alice's typing at the end of the same clause, concurrent: Yjs orders the two runs by client.
      expect(stored[0]).toContain('In peacetime and after.');
      expect(stored[0]).toContain('Agreed.');
      expect(stored[1]).toContain('Monitored.');
      expect(stored[1]).not.toContain('Untracked');
      // The watcher was relayed what was stored (one message per commit, merged), and nothing else.
      expect(watcher.delivered.length).toBeLessThan(otherWatcher.delivered.length);
      expect(clauseLines(applied(initial, watcher.delivered))).toEqual(stored);
      // Nobody was sent its own updates back.
      for (const [peer, doc] of [[lead, leadDoc], [carol, carolDoc], [alice, aliceDoc]] as const) expect(clientsIn(peer.delivered).has(doc.clientID)).toBe(false);
      expect(clientsIn(carol.delivered).has(leadDoc.clientID)).toBe(true);
      // And memory holds what the store holds (a refusal's rollback kept what was accepted before it in the same turn).
      expect(hub.withDocument(docId, (doc) => clauseLines(doc))).toEqual(stored);
    } finally {
      otherHub.dispose();
      otherStore.close();
    }
  });

  it('stores what every connection sent, to every document, in one transaction, and relays and confirms nothing before it', async () => {
    const lead = peerOf(people.bohdan, people.ua);
    const alice = peerOf(people.alice, people.us);
    const watcher = peerOf(people.carol, people.us);
    const otherWatcher = peerOf(people.carol, people.us);
    hub.openDocument(watcher, docId);
    hub.openDocument(otherWatcher, otherDocId);
    const initial = Y.encodeStateAsUpdate(loadYDoc(store, docId));
    const leadDoc = replicaOf(store, docId);
    const aliceDoc = replicaOf(store, otherDocId);
    const fromLead = keystrokes(leadDoc, 0, ' Yes.', { tracked: false });
    const fromAlice = keystrokes(aliceDoc, 1, ' No.', { by: people.alice });
    const calls = { batch: [] as number[], single: 0 };
    const appendBatch = store.appendBatch.bind(store);
    const appendUpdate = store.appendUpdate.bind(store);
    store.appendBatch = (updates, options) => {
      calls.batch.push(updates.length);
      return appendBatch(updates, options);
    };
    store.appendUpdate = (...args) => {
      calls.single += 1;
      return appendUpdate(...args);
    };
    const rows = [store.logLength(docId), store.logLength(otherDocId)];

    const waits = [...fromLead.map((m) => hub.acceptSyncMessage(lead, docId, m)), ...fromAlice.map((m) => hub.acceptSyncMessage(alice, otherDocId, m))].map((a) => watch(a.stored));
    const probe = hub.acceptSyncMessage(lead, docId, encodeSyncStep1(leadDoc));
    const probeState = watch(probe.stored);
    await turn();
    // Judged and applied in memory, but nothing stored, relayed or confirmed yet.
    expect(scheduled).toHaveLength(1);
    expect([store.logLength(docId), store.logLength(otherDocId)]).toEqual(rows);
    expect(watcher.delivered).toHaveLength(0);
    expect(otherWatcher.delivered).toHaveLength(0);
    expect(waits.map((state) => state())).toEqual(waits.map(() => 'pending'));
    expect(probeState()).toBe('pending');

    runCommits();
    // Written in one transaction, but not synced to disk yet: still nothing relayed or confirmed.
    expect(calls).toEqual({ batch: [fromLead.length + fromAlice.length], single: 0 });
    expect([store.logLength(docId), store.logLength(otherDocId)]).toEqual([rows[0]! + fromLead.length, rows[1]! + fromAlice.length]);
    expect(watcher.delivered).toHaveLength(0);
    await store.syncLog();
    await turn();
    expect(waits.map((state) => state())).toEqual(waits.map(() => 'resolved'));
    expect(probeState()).toBe('resolved');
    // One message per peer and commit: the updates of the others, merged.
    expect(watcher.delivered).toHaveLength(1);
    expect(otherWatcher.delivered).toHaveLength(1);
    expect(clauseLines(applied(initial, watcher.delivered))).toEqual(clauseLines(loadYDoc(store, docId)));
    expect(lead.delivered).toHaveLength(0);
    expect(rowsPerMember(store, docId)[people.bohdan.id]).toBe(fromLead.length);
    expect(rowsPerMember(store, otherDocId)[people.alice.id]).toBe(fromAlice.length);
    expect(clauseLines(loadYDoc(store, docId))[0]).toContain('army. Yes.');
  });

  it('relays and confirms a group commit only once its disk sync is done (off the event loop); a failed sync confirms and relays nothing', async () => {
    const lead = peerOf(people.bohdan, people.ua);
    const watcher = peerOf(people.alice, people.us);
    hub.openDocument(watcher, docId);
    const leadDoc = replicaOf(store, docId);
    const initial = Y.encodeStateAsUpdate(loadYDoc(store, docId));
    const gates: { resolve: () => void; reject: (error: unknown) => void }[] = [];
    store.syncLog = () => new Promise<void>((resolve, reject) => gates.push({ resolve, reject }));

    const first = keystrokes(leadDoc, 0, ' Synced.', { tracked: false }).map((m) => watch(hub.acceptSyncMessage(lead, docId, m).stored));
    runCommits();
    await turn();
    expect(gates).toHaveLength(1);
    expect(clauseLines(loadYDoc(store, docId))[0]).toContain('army. Synced.');
    // Meanwhile the next messages are judged, and wait for that sync: they are the next group.
    const rows = store.logLength(docId);
    const second = keystrokes(leadDoc, 0, ' Next.', { tracked: false }).map((m) => watch(hub.acceptSyncMessage(lead, docId, m).stored));
    runCommits();
    await turn();
    expect(gates).toHaveLength(1);
    expect(store.logLength(docId)).toBe(rows);
    expect([...first, ...second].map((state) => state())).toEqual([...first, ...second].map(() => 'pending'));
    expect(watcher.delivered).toHaveLength(0);

    gates[0]!.resolve();
    await turn();
    expect(first.map((state) => state())).toEqual(first.map(() => 'resolved'));
    expect(second.map((state) => state())).toEqual(second.map(() => 'pending'));
    expect(watcher.delivered).toHaveLength(1);
    runCommits();
    expect(store.logLength(docId)).toBe(rows + second.length);
    expect(gates).toHaveLength(2);
    expect(clauseLines(applied(initial, watcher.delivered))[0]).toContain('army. Synced.');
    expect(clauseLines(applied(initial, watcher.delivered))[0]).not.toContain('Next.');

    gates[1]!.reject(new Error('EIO: the disk refused to sync'));
    await turn();
    expect(second.map((state) => state())).toEqual(second.map(() => 'rejected'));
    expect(watcher.delivered).toHaveLength(1);
    // Memory is what the store holds again (the unsynced rows are in the file; their senders were told they are not stored, and resend them).
    expect(hub.withDocument(docId, (doc) => clauseLines(doc))).toEqual(clauseLines(loadYDoc(store, docId)));
  });

  it('a synchronous store (a window) or a rollback first syncs the written group commits, blocking, and relays them in order', async () => {
    const lead = peerOf(people.bohdan, people.ua);
    const window = peerOf(people.alice, people.us);
    const watcher = peerOf(people.carol, people.us);
    hub.openDocument(watcher, docId);
    const leadDoc = replicaOf(store, docId);
    const windowDoc = replicaOf(store, docId);
    let syncedNow = 0;
    const syncLogNow = store.syncLogNow.bind(store);
    store.syncLog = () => new Promise<void>(() => undefined);
    store.syncLogNow = () => {
      syncedNow += 1;
      syncLogNow();
    };
    const wait = watch(hub.acceptSyncMessage(lead, docId, messagesOf(leadDoc, () => typeInClause(leadDoc, 0, ' First.', { tracked: false }))[0]!).stored);
    runCommits();
    await turn();
    expect(wait()).toBe('pending');
    hub.handleSyncMessage(window, docId, messagesOf(windowDoc, () => typeInClause(windowDoc, 1, ' Second.', { by: people.alice }))[0]!);
    await turn();
    expect(syncedNow).toBe(1);
    expect(wait()).toBe('resolved');
    // The watcher got the lead's commit, then the window's update, in that order.
    expect(watcher.delivered).toHaveLength(2);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(replicaOf(store, docId)));
    expect(clauseLines(doc)[0]).toContain('First.');
    expect(clauseLines(doc)[1]).toContain('Second.');
    // A refused message rolls back after the same: nothing written is lost.
    const more = watch(hub.acceptSyncMessage(lead, docId, messagesOf(leadDoc, () => typeInClause(leadDoc, 0, ' Third.', { tracked: false }))[0]!).stored);
    runCommits();
    // A suggester's untracked typing: applied, then refused, so memory goes back to the store.
    const carol = peerOf(people.carol, people.us);
    const carolDoc = replicaOf(store, docId);
    const untracked = messagesOf(carolDoc, () => carolDoc.transact(() => firstText(carolDoc, 1).insert(0, 'U', {})))[0]!;
    expect(() => hub.acceptSyncMessage(carol, docId, untracked)).toThrow(/suggest/);
    await turn();
    expect(syncedNow).toBe(2);
    expect(more()).toBe('resolved');
    expect(hub.withDocument(docId, (d) => clauseLines(d))[0]).toContain('Third.');
  });

  it('loses nothing confirmed when the process dies between applying and committing, and takes the rest again on reconnect', async () => {
    const lead = peerOf(people.bohdan, people.ua);
    const watcher = peerOf(people.alice, people.us);
    hub.openDocument(watcher, docId);
    const leadDoc = replicaOf(store, docId);
    const first = keystrokes(leadDoc, 0, ' Confirmed.', { tracked: false });
    const firstWaits = first.map((m) => hub.acceptSyncMessage(lead, docId, m).stored);
    runCommits();
    await Promise.all(firstWaits);
    const relayedBefore = watcher.delivered.length;
    const second = keystrokes(leadDoc, 0, ' In flight.', { tracked: false });
    const secondWaits = second.map((m) => watch(hub.acceptSyncMessage(lead, docId, m).stored));
    await turn();

    // The files as a crash now leaves them (what SQLite committed is in the file and its WAL; nothing else is).
    const crashed = join(dir.dir, 'crashed.draftroom');
    copyFileSync(path, crashed);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${crashed}-wal`);
    // Nothing of the second run was confirmed to its sender or relayed to anyone before the crash.
    expect(secondWaits.map((state) => state())).toEqual(secondWaits.map(() => 'pending'));
    expect(watcher.delivered).toHaveLength(relayedBefore);

    const restarted = openWorkspace(crashed);
    const restartedHub = new DocumentHub(restarted, { loadYDoc, compactAfter: 10_000 });
    try {
      const survived = clauseLines(loadYDoc(restarted, docId));
      expect(survived[0]).toContain('Confirmed.');
      expect(survived[0]).not.toContain('In flight.');
      // The replica reconnects: what the server lacks (its step 2) brings the unconfirmed edits back.
      const missing = Y.encodeStateAsUpdate(leadDoc, Y.encodeStateVector(loadYDoc(restarted, docId)));
      restartedHub.handleSyncMessage(lead, docId, encodeSyncUpdate(missing));
      expect(clauseLines(loadYDoc(restarted, docId))).toEqual(clauseLines(leadDoc));
    } finally {
      restartedHub.dispose();
      restarted.close();
    }
  });

  it('stores update by update when the store refuses the group commit; a document the store refuses goes back to disk and nothing of it is confirmed or relayed', async () => {
    const lead = peerOf(people.bohdan, people.ua);
    const alice = peerOf(people.alice, people.us);
    const watcher = peerOf(people.carol, people.us);
    hub.openDocument(watcher, docId);
    hub.openDocument(watcher, otherDocId);
    const leadDoc = replicaOf(store, docId);
    const aliceDoc = replicaOf(store, otherDocId);
    const diskBefore = clauseLines(loadYDoc(store, otherDocId));
    const appendUpdate = store.appendUpdate.bind(store);
    store.appendBatch = () => {
      throw new DraftroomError('internal', 'Saving edits failed: database is locked');
    };
    store.appendUpdate = (id, update, meta) => {
      if (id === otherDocId) throw new DraftroomError('internal', 'Saving edits failed: database is locked');
      return appendUpdate(id, update, meta);
    };
    const fromLead = keystrokes(leadDoc, 0, ' Kept.', { tracked: false });
    const fromAlice = keystrokes(aliceDoc, 0, ' Lost.', { by: people.alice });
    const leadWaits = fromLead.map((m) => watch(hub.acceptSyncMessage(lead, docId, m).stored));
    const aliceWaits = fromAlice.map((m) => watch(hub.acceptSyncMessage(alice, otherDocId, m).stored));
    runCommits();
    await turn();
    expect(leadWaits.map((state) => state())).toEqual(leadWaits.map(() => 'resolved'));
    expect(aliceWaits.map((state) => state())).toEqual(aliceWaits.map(() => 'rejected'));
    expect(clauseLines(loadYDoc(store, docId))[0]).toContain('army. Kept.');
    // Relayed: the lead's updates only; the refused document is what the store holds, in memory too.
    expect(watcher.delivered).toHaveLength(fromLead.length);
    expect(clauseLines(loadYDoc(store, otherDocId))).toEqual(diskBefore);
    expect(hub.withDocument(otherDocId, (doc) => clauseLines(doc))).toEqual(diskBefore);
  });

  it('a synchronous handleSyncMessage (a window) stores what waits for the group commit first, and confirms it', async () => {
    const lead = peerOf(people.bohdan, people.ua);
    const window = peerOf(people.alice, people.us);
    const leadDoc = replicaOf(store, docId);
    const windowDoc = replicaOf(store, docId);
    const wait = watch(hub.acceptSyncMessage(lead, docId, messagesOf(leadDoc, () => typeInClause(leadDoc, 0, ' First.', { tracked: false }))[0]!).stored);
    hub.handleSyncMessage(window, docId, messagesOf(windowDoc, () => typeInClause(windowDoc, 1, ' Second.', { by: people.alice }))[0]!);
    await turn();
    expect(wait()).toBe('resolved');
    const stored = clauseLines(loadYDoc(store, docId));
    expect(stored[0]).toContain('First.');
    expect(stored[1]).toContain('Second.');
    // The scheduled commit finds nothing left to store.
    const rows = store.logLength(docId);
    runCommits();
    expect(store.logLength(docId)).toBe(rows);
  });
});
