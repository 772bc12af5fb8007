import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { DraftroomApi, DraftroomEvents } from '../../../shared/api/contract';
import type { Identity } from '../../../shared/domain/types';
import type { PresenceState } from '../../../shared/presence/presence-state';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import type { ConnectionState } from '../../../renderer/src/api/connection';
import { signal, type Signal } from '../../../renderer/src/base/signal';
import { DocumentPresence } from '../../../renderer/src/presence/document-presence';
import { makeWorkspace, openPeer, tempDir, type TestPeer, type TestPeople } from '../services/harness';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A window as the renderer has it: its DocumentPresence talks to main
 * through whatever session its connection has now (a reconnect is a new
 * session, as with the web host), and gets that session's events.
 */
class Window {
  readonly ydoc = new Y.Doc();
  readonly connection: Signal<ConnectionState> = signal<ConnectionState>('online');
  readonly identity: Signal<Identity | null> = signal<Identity | null>(null);
  readonly presence: DocumentPresence;
  peer: TestPeer;

  constructor(
    private readonly connect: () => TestPeer,
    docId: string,
  ) {
    this.peer = connect();
    const api: Pick<DraftroomApi, 'presenceMessage'> = {
      presenceMessage: (id, message) => this.peer.session.presenceMessage(id, message),
    };
    this.presence = new DocumentPresence(api, docId, this.ydoc, this.identity, this.connection);
  }

  async actAs(memberId: string): Promise<void> {
    this.identity.set(await this.peer.session.setIdentity(memberId));
  }

  /** Delivers what main sent this window's session. */
  pump(): void {
    for (const { event, payload } of this.peer.events.splice(0)) {
      if (event === 'presenceMessage') this.presence.receive((payload as DraftroomEvents['presenceMessage']).message);
    }
  }

  /** The connection drops and comes back as a new session. */
  async reconnect(memberId: string): Promise<void> {
    this.connection.set('offline');
    this.peer.session.close();
    this.peer = this.connect();
    await this.peer.session.setIdentity(memberId);
    this.connection.set('online');
    this.presence.announce();
  }

  others(): PresenceState[] {
    return [...this.presence.awareness.getStates()].filter(([client]) => client !== this.ydoc.clientID).map(([, state]) => state as PresenceState);
  }
}

describe('DocumentPresence (renderer) with main', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let windows: Window[];
  let docId: string;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'presence.draftroom');
    people = makeWorkspace(path);
    registry = new WorkspaceRegistry();
    windows = [];
    const founder = openPeer(registry, path);
    await founder.session.setIdentity(people.bohdan.id);
    docId = (await founder.session.createDocument('Annex')).id;
    founder.session.close();
  });

  afterEach(() => {
    for (const w of windows) {
      w.presence.destroy();
      w.peer.session.close();
    }
    registry.closeAll();
    dir.cleanup();
  });

  async function open(memberId: string): Promise<Window> {
    const w = new Window(() => openPeer(registry, path), docId);
    windows.push(w);
    await w.actAs(memberId);
    return w;
  }

  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await sleep(50);
      for (const w of windows) w.pump();
    }
  }

  it('shows each window to the other with its member and clause, forgets everyone while offline and finds them again after a reconnect', async () => {
    const alice = await open(people.alice.id);
    const bohdan = await open(people.bohdan.id);
    alice.presence.setClause('c-1');
    bohdan.presence.setClause('c-2');
    await settle();
    expect(bohdan.others().map((s) => [s.user?.name, s.user?.partyCode, s.clauseId])).toEqual([['Alice Drafter', 'US', 'c-1']]);
    expect(alice.others().map((s) => [s.user?.name, s.clauseId])).toEqual([['Bohdan Lead', 'c-2']]);

    await bohdan.reconnect(people.bohdan.id);
    await settle();
    expect(bohdan.others().map((s) => [s.user?.name, s.clauseId])).toEqual([['Alice Drafter', 'c-1']]);
    expect(alice.others().map((s) => [s.user?.name, s.clauseId])).toEqual([['Bohdan Lead', 'c-2']]);

    // Switching member shows at once as the new member.
    await alice.actAs(people.carol.id);
    await settle();
    expect(bohdan.others().map((s) => s.user?.name)).toEqual(['Carol Suggester']);

    // Closing the document tells the others at once.
    alice.presence.destroy();
    await settle();
    expect(bohdan.others()).toEqual([]);
  });

  it('gathers a burst of local changes into few messages', async () => {
    const alice = await open(people.alice.id);
    let sent = 0;
    const original = alice.peer.session.presenceMessage.bind(alice.peer.session);
    alice.peer.session.presenceMessage = (id, message) => {
      sent++;
      return original(id, message);
    };
    for (let i = 0; i < 50; i++) alice.presence.setClause(`c-${i}`);
    await settle();
    expect(sent).toBeLessThanOrEqual(2);
  });
});
