import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { DraftroomEvents } from '../../../shared/api/contract';
import { encodeAwarenessEntries } from '../../../shared/presence/awareness-update';
import type { PresenceState } from '../../../shared/presence/presence-state';
import { dispatchApiCall } from '../../../main/services/dispatch';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { makeWorkspace, openPeer, tempDir, type TestPeer, type TestPeople } from './harness';

const FROM_MAIN = 'main';

/**
 * What a renderer does for presence: an Awareness on its own Y.Doc, whose
 * local changes go to main with `presenceMessage` and which applies main's
 * `presenceMessage` events.
 */
class PresenceClient {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  /** Awareness updates main delivered to this client. */
  readonly received: Uint8Array[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly peer: TestPeer,
    readonly docId: string,
  ) {
    this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin === FROM_MAIN) return;
      const mine = [...added!, ...updated!, ...removed!].filter((c) => c === this.doc.clientID);
      if (mine.length > 0) this.send(encodeAwarenessUpdate(this.awareness, mine));
    });
  }

  /** Applies what main sent since the last call. */
  pump(): void {
    for (const event of this.peer.events.splice(0)) {
      if (event.event !== 'presenceMessage') continue;
      const { docId, message } = event.payload as DraftroomEvents['presenceMessage'];
      if (docId !== this.docId) continue;
      this.received.push(message);
      applyAwarenessUpdate(this.awareness, message, FROM_MAIN);
    }
  }

  send(message: Uint8Array): void {
    // A closed session (its window went away) sends nothing more.
    this.chain = this.chain.then(() => (this.peer.session.closed ? undefined : this.peer.session.presenceMessage(this.docId, message)));
  }

  async settled(): Promise<void> {
    await this.chain;
  }

  /** The states of the other clients, by client id. */
  others(): Map<number, PresenceState> {
    const out = new Map<number, PresenceState>();
    for (const [client, state] of this.awareness.getStates()) {
      if (client !== this.doc.clientID) out.set(client, state as PresenceState);
    }
    return out;
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Every row of every table, as text: what must not change when only presence happens. */
function storeContents(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return JSON.stringify(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all()]),
      (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value),
    );
  } finally {
    db.close();
  }
}

describe('PresenceHub', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let peers: TestPeer[];
  let clients: PresenceClient[];
  let docId: string;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'presence.draftroom');
    people = makeWorkspace(path);
    registry = new WorkspaceRegistry();
    peers = [];
    clients = [];
    const founder = peer(people.bohdan.id);
    docId = (await founder.session.createDocument('Peace framework')).id;
    founder.session.close();
  });

  afterEach(() => {
    for (const client of clients) client.destroy();
    for (const p of peers) p.session.close();
    registry.closeAll();
    dir.cleanup();
    vi.useRealTimers();
  });

  function peer(memberId: string): TestPeer {
    const p = openPeer(registry, path);
    peers.push(p);
    void p.session.setIdentity(memberId);
    return p;
  }

  function client(memberId: string): PresenceClient {
    const c = new PresenceClient(peer(memberId), docId);
    clients.push(c);
    return c;
  }

  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      for (const c of clients) await c.settled();
      for (const c of clients) c.pump();
    }
  }

  it('relays each window’s presence to the others, with the user main vouches for, never back to the sender', async () => {
    const alice = client(people.alice.id);
    const bohdan = client(people.bohdan.id);
    const before = storeContents(path);

    // Alice claims to be Bohdan: main puts her own identity in her state.
    alice.awareness.setLocalState({ user: { memberId: people.bohdan.id, name: 'Bohdan Lead', partyId: people.ua.id, partyCode: 'UA', colour: '#000000', role: 'lead' }, clauseId: 'clause-1', cursor: null, extra: 'dropped' });
    bohdan.awareness.setLocalState({ user: null, clauseId: 'clause-2', cursor: null });
    await settle();

    const seenByBohdan = [...bohdan.others().values()];
    expect(seenByBohdan).toEqual([
      {
        user: { memberId: people.alice.id, name: 'Alice Drafter', partyId: people.us.id, partyCode: 'US', colour: '#1f4e9c', color: '#1f4e9c', role: 'drafter' },
        clauseId: 'clause-1',
        cursor: null,
      },
    ]);
    expect([...alice.others().values()].map((s) => [s.user?.name, s.clauseId])).toEqual([['Bohdan Lead', 'clause-2']]);

    // Alice moves to another clause: Bohdan sees it, Alice gets nothing about herself back.
    alice.awareness.setLocalStateField('clauseId', 'clause-3');
    await settle();
    expect([...bohdan.others().values()][0]?.clauseId).toBe('clause-3');
    for (const message of alice.received) {
      const probe = new Awareness(new Y.Doc());
      applyAwarenessUpdate(probe, message, 'probe');
      expect(probe.getStates().has(alice.doc.clientID)).toBe(false);
      expect(probe.meta.has(alice.doc.clientID)).toBe(false);
      probe.destroy();
    }

    // Presence is never stored.
    expect(storeContents(path)).toBe(before);
  });

  it('tells a window that joins who is already there, and everyone when a window closes', async () => {
    const alice = client(people.alice.id);
    const bohdan = client(people.bohdan.id);
    alice.awareness.setLocalStateField('clauseId', 'a');
    bohdan.awareness.setLocalStateField('clauseId', 'b');
    await settle();

    const carol = client(people.carol.id);
    carol.awareness.setLocalStateField('clauseId', 'c');
    await settle();
    expect([...carol.others().values()].map((s) => s.user?.name).sort()).toEqual(['Alice Drafter', 'Bohdan Lead']);
    expect([...alice.others().values()].map((s) => s.user?.name).sort()).toEqual(['Bohdan Lead', 'Carol Suggester']);

    // Bohdan's window closes (connection dropped): the others lose him at once.
    bohdan.peer.session.close();
    await settle();
    expect([...alice.others().values()].map((s) => s.user?.name)).toEqual(['Carol Suggester']);
    expect([...carol.others().values()].map((s) => s.user?.name)).toEqual(['Alice Drafter']);

    // Carol closes the document only (her session stays): she leaves this document's presence.
    await carol.peer.session.closeDocument(docId);
    await settle();
    expect([...alice.others().values()]).toEqual([]);
  });

  it('lets a window speak only for its own awareness clients (a reconnected window of the same member may take over)', async () => {
    const alice = client(people.alice.id);
    const bohdan = client(people.bohdan.id);
    alice.awareness.setLocalStateField('clauseId', 'a');
    bohdan.awareness.setLocalStateField('clauseId', 'b');
    await settle();
    const aliceClock = alice.awareness.meta.get(alice.doc.clientID)!.clock;

    // Bohdan's session tries to remove and to overwrite Alice's client: ignored.
    await bohdan.peer.session.presenceMessage(docId, encodeAwarenessEntries([{ clientId: alice.doc.clientID, clock: aliceClock + 5, state: null }]));
    await bohdan.peer.session.presenceMessage(
      docId,
      encodeAwarenessEntries([{ clientId: alice.doc.clientID, clock: aliceClock + 6, state: { clauseId: 'forged', cursor: null } }]),
    );
    await settle();
    expect([...bohdan.others().values()].map((s) => [s.user?.name, s.clauseId])).toEqual([['Alice Drafter', 'a']]);

    // Alice reconnects on a new session before the old one is noticed as gone: her window's client moves with her.
    const again = peer(people.alice.id);
    await again.session.presenceMessage(docId, encodeAwarenessEntries([{ clientId: alice.doc.clientID, clock: aliceClock + 1, state: { clauseId: 'a2', cursor: null } }]));
    await settle();
    expect([...bohdan.others().values()].map((s) => s.clauseId)).toEqual(['a2']);
    alice.peer.session.close(); // the old session no longer speaks for that client
    await settle();
    expect([...bohdan.others().values()].map((s) => s.clauseId)).toEqual(['a2']);
  });

  it('refuses malformed and oversized awareness updates with invalid-argument and changes nothing', async () => {
    const alice = client(people.alice.id);
    const bohdan = client(people.bohdan.id);
    bohdan.awareness.setLocalStateField('clauseId', 'b');
    await settle();
    const refused = async (message: unknown): Promise<string | undefined> => {
      const result = await dispatchApiCall(alice.peer.session, 'presenceMessage', [docId, message]);
      return result.ok ? undefined : result.error.code;
    };
    expect(await refused(new Uint8Array([1, 5]))).toBe('invalid-argument');
    expect(await refused(new Uint8Array([1, 5, 0, 9, 123]))).toBe('invalid-argument');
    expect(await refused(new Uint8Array([200, 1]))).toBe('invalid-argument');
    expect(await refused(new Uint8Array(70_000))).toBe('invalid-argument');
    expect(await refused('not bytes')).toBe('invalid-argument');
    const unknownDoc = await dispatchApiCall(alice.peer.session, 'presenceMessage', ['no-such-doc', encodeAwarenessEntries([])]);
    expect(unknownDoc.ok).toBe(false);
    await settle();
    // Nothing of it arrived, and Alice has not joined: she hears of Bohdan with her first valid update.
    expect([...bohdan.others().values()]).toEqual([]);
    expect([...alice.others().values()]).toEqual([]);
    alice.awareness.setLocalStateField('clauseId', 'a');
    await settle();
    expect([...alice.others().values()].map((s) => s.clauseId)).toEqual(['b']);
    expect([...bohdan.others().values()].map((s) => s.clauseId)).toEqual(['a']);
  });

  it('relays changes made by another holder of the Awareness (a team server provider) to every window', async () => {
    const alice = client(people.alice.id);
    const bohdan = client(people.bohdan.id);
    alice.awareness.setLocalStateField('clauseId', 'a');
    bohdan.awareness.setLocalStateField('clauseId', 'b');
    await settle();

    const remoteDoc = new Y.Doc();
    const remote = new Awareness(remoteDoc);
    remote.setLocalState({ user: { memberId: 'm-far', name: 'Far Away', partyId: 'p', partyCode: 'EU', colour: '#123456', role: 'drafter' }, clauseId: 'z', cursor: null });
    const awareness = registry.acquire(path).presence.awarenessFor(docId);
    registry.release(registry.acquire(path));
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(remote, [remoteDoc.clientID]), 'team-server');
    await settle();
    for (const c of [alice, bohdan]) expect(c.others().get(remoteDoc.clientID)?.user?.name).toBe('Far Away');
    // What the windows sent is in it too, for the provider to pass on.
    expect(awareness.getStates().get(alice.doc.clientID)).toMatchObject({ clauseId: 'a' });
    remote.destroy();
    remoteDoc.destroy();
  });

  it('times out a window that stops renewing its presence', async () => {
    vi.useFakeTimers();
    const alice = client(people.alice.id);
    const bohdan = client(people.bohdan.id);
    alice.awareness.setLocalStateField('clauseId', 'a');
    bohdan.awareness.setLocalStateField('clauseId', 'b');
    await settle();
    // Alice's window hangs: her awareness neither renews nor says goodbye. (lib0 reads the clock through a
    // `Date.now` it captured at load, which fake timers cannot move: age her entry in main's Awareness instead.)
    clearInterval((alice.awareness as unknown as { _checkInterval: ReturnType<typeof setInterval> })._checkInterval);
    const awareness = registry.acquire(path).presence.awarenessFor(docId);
    registry.release(registry.acquire(path));
    awareness.meta.get(alice.doc.clientID)!.lastUpdated -= 31_000;
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect([...bohdan.others().values()]).toEqual([]);
    expect(awareness.getStates().has(alice.doc.clientID)).toBe(false);
    expect(awareness.getStates().has(bohdan.doc.clientID)).toBe(true);
  });
});
