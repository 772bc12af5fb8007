import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import type { PresenceState } from '../../../shared/presence/presence-state';
import { PresenceHub, type PresencePeer } from '../../../main/services/presence-hub';
import type { TeamServer } from '../../../main/team/server/team-server';
import type { ConnectionState } from '../../../renderer/src/api/connection';
import { signal } from '../../../renderer/src/base/signal';
import { DocumentPresence } from '../../../renderer/src/presence/document-presence';
import { tempDir } from '../services/harness';
import { makeTeamWorkspace, startTestServer, waitUntil, type TeamPeople } from './team-harness';

/** A window of a replica: the renderer's DocumentPresence, wired to that replica's PresenceHub as a session would be. */
class Window implements PresencePeer {
  readonly doc = new Y.Doc();
  readonly presence: DocumentPresence;

  constructor(
    hub: PresenceHub,
    docId: string,
    private readonly who: Identity,
  ) {
    const api = { presenceMessage: async (id: string, message: Uint8Array) => hub.receive(this, id, message) };
    this.presence = new DocumentPresence(api, docId, this.doc, signal<Identity | null>(who), signal<ConnectionState>('online'));
  }

  identity(): Identity {
    return this.who;
  }

  deliverPresence(_docId: string, message: Uint8Array): void {
    this.presence.receive(message);
  }

  others(): [string | undefined, string | null][] {
    return [...this.presence.awareness.getStates()]
      .filter(([client]) => client !== this.doc.clientID)
      .map(([, state]) => [(state as PresenceState).user?.name, (state as PresenceState).clauseId]);
  }

  destroy(): void {
    this.presence.destroy();
    this.doc.destroy();
  }
}

function identityOf(member: Member, party: Party): Identity {
  return { member, party };
}

describe('presence through the team server (y-websocket provider on awarenessFor)', () => {
  let dir: { dir: string; cleanup: () => void };
  let people: TeamPeople;
  let server: TeamServer;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    dir = tempDir();
    const path = join(dir.dir, 'team.draftroom');
    people = makeTeamWorkspace(path);
    ({ server } = await startTestServer(path));
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    await server.close();
    dir.cleanup();
  });

  /** A replica's presence: its hub and a provider to the server sharing the hub's Awareness. */
  async function replica(memberId: string): Promise<{ hub: PresenceHub; provider: WebsocketProvider }> {
    const hub = new PresenceHub();
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${server.url}/${people.workspaceId}`, people.docId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: people.tokens.get(memberId)! },
      disableBc: true,
      maxBackoffTime: 200,
      awareness: hub.awarenessFor(people.docId),
    });
    cleanups.push(() => {
      provider.destroy();
      hub.dispose();
      doc.destroy();
    });
    await waitUntil(() => provider.synced, 5000, 'the provider to sync');
    return { hub, provider };
  }

  function window(hub: PresenceHub, who: Identity): Window {
    const w = new Window(hub, people.docId, who);
    cleanups.push(() => w.destroy());
    return w;
  }

  it('shows a window of one replica in the windows of another, and keeps a replica’s own windows when its link drops', async () => {
    const a = await replica(people.alice.id);
    const b = await replica(people.bohdan.id);
    const alice = window(a.hub, identityOf(people.alice, people.us));
    const aliceAgain = window(a.hub, identityOf(people.alice, people.us));
    const bohdan = window(b.hub, identityOf(people.bohdan, people.ua));
    alice.presence.setClause('c-elections');
    bohdan.presence.setClause('c-1');

    await waitUntil(() => bohdan.others().length === 2, 5000, 'Bohdan to see both of Alice’s windows');
    expect(bohdan.others()).toContainEqual(['Alice Drafter', 'c-elections']);
    await waitUntil(() => alice.others().some(([name]) => name === 'Bohdan Lead'), 5000, 'Alice to see Bohdan');
    expect(alice.others()).toContainEqual(['Bohdan Lead', 'c-1']);

    // Replica A loses the server: Bohdan no longer sees Alice, but Alice's two windows still see each other.
    a.provider.disconnect();
    await waitUntil(() => bohdan.others().length === 0, 5000, 'Bohdan to lose Alice');
    await waitUntil(() => !alice.others().some(([name]) => name === 'Bohdan Lead'), 5000, 'Alice to lose Bohdan');
    expect(alice.others()).toEqual([['Alice Drafter', null]]);
    expect(aliceAgain.others()).toEqual([['Alice Drafter', 'c-elections']]);

    // Back online: the server's states reach A's windows at once (though their clocks are old news),
    // and a window's next change (or its 15 s renewal) travels again.
    a.provider.connect();
    await waitUntil(() => a.provider.synced, 5000, 'A to sync again');
    await waitUntil(() => aliceAgain.others().some(([name]) => name === 'Bohdan Lead'), 5000, 'Alice to see Bohdan again');
    alice.presence.setClause('c-1');
    await waitUntil(() => bohdan.others().some(([, clause]) => clause === 'c-1'), 5000, 'Bohdan to see Alice again');
  });
});
