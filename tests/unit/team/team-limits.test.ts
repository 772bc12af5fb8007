import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { openWorkspace } from '../../../main/store/workspace-store';
import type { ServerLimits } from '../../../main/team/server/limits';
import type { TeamServer } from '../../../main/team/server/team-server';
import { decodeAwarenessUpdate } from '../../../main/team/server/wire';
import { tempDir } from '../services/harness';
import { makeTeamWorkspace, RawClient, startTestServer, waitUntil, type TeamPeople } from './team-harness';

/** An awareness message (type 1) for one client's state. */
function awarenessMessage(clientId: number, clock: number, state: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new Awareness(doc);
  awareness.setLocalState(state);
  // Bring the clock to `clock` (each setLocalState increments it).
  for (let c = 1; c < clock; c++) awareness.setLocalState(state);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [clientId]));
  awareness.destroy();
  return encoding.toUint8Array(encoder);
}

/** The latest state each client id has in the awareness messages a client received. */
function statesSeen(client: RawClient): Map<number, unknown> {
  const states = new Map<number, unknown>();
  for (const update of client.awareness) for (const e of decodeAwarenessUpdate(update)) states.set(e.clientId, JSON.parse(e.stateJson));
  return states;
}

/** The highest clock a client received for an awareness client id (0 if none). */
function seenClock(client: RawClient, clientId: number): number {
  let clock = 0;
  for (const update of client.awareness) for (const e of decodeAwarenessUpdate(update)) if (e.clientId === clientId) clock = Math.max(clock, e.clock);
  return clock;
}

describe('team server: limits and presence', () => {
  let dir: { dir: string; cleanup: () => void } | null = null;
  let server: TeamServer | null = null;
  const raws: RawClient[] = [];

  afterEach(async () => {
    for (const r of raws.splice(0)) r.close();
    await server?.close();
    server = null;
    dir?.cleanup();
    dir = null;
  });

  async function setup(limits: Partial<ServerLimits> = {}): Promise<{ people: TeamPeople; path: string; log: { lines: string[] } }> {
    dir = tempDir();
    const path = join(dir.dir, 'team.draftroom');
    const people = makeTeamWorkspace(path);
    const started = await startTestServer(path, { limits });
    server = started.server;
    return { people, path, log: started.log };
  }

  function raw(people: TeamPeople, member: { id: string }): RawClient {
    const client = new RawClient(RawClient.url(server!, people.workspaceId, people.docId, people.tokens.get(member.id)!));
    raws.push(client);
    return client;
  }

  it('closes a connection that sends a message above the size limit (1009) and stores nothing', async () => {
    const { people, path } = await setup({ maxMessageBytes: 4096 });
    const client = raw(people, people.bohdan);
    await client.sync();
    const before = openWorkspace(path);
    const rows = before.readDocumentState(people.docId).lastSeq;
    before.close();
    client.edit((doc) => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('x'.repeat(10_000))]));
    expect((await client.whenClosed()).code).toBe(1009);
    const after = openWorkspace(path);
    expect(after.readDocumentState(people.docId).lastSeq).toBe(rows);
    after.close();
  });

  it('closes a connection that sends faster than allowed (4529), others unaffected', async () => {
    const { people } = await setup({ messagesPerSecond: 20, messageBurst: 40 });
    const flooder = raw(people, people.alice);
    const calm = raw(people, people.bohdan);
    await flooder.sync();
    await calm.sync();
    for (let i = 0; i < 200; i++) flooder.send(new Uint8Array([3])); // query awareness
    const closed = await flooder.whenClosed();
    expect(closed.code).toBe(4529);
    expect(closed.reason).toMatch(/too many messages/);
    await calm.sync();
    expect(calm.closed).toBeNull();
  });

  it('allows a limited number of connections per token (4509)', async () => {
    const { people } = await setup({ connectionsPerToken: 2 });
    const first = raw(people, people.alice);
    const second = raw(people, people.alice);
    await first.sync();
    await second.sync();
    const third = raw(people, people.alice);
    expect(await third.whenClosed()).toMatchObject({ code: 4509, reason: expect.stringMatching(/too many connections/) });
    const other = raw(people, people.bohdan);
    await other.sync();
    expect(other.closed).toBeNull();
    first.close();
    await waitUntil(() => server!.connectionCount() === 2, 5000, 'the first to close');
    const again = raw(people, people.alice);
    await again.sync();
    expect(again.closed).toBeNull();
  });

  it('relays presence to the room (sender included), never stores it, removes it when a connection closes', async () => {
    const { people, path } = await setup();
    const alice = raw(people, people.alice);
    const bohdan = raw(people, people.bohdan);
    await alice.sync();
    await bohdan.sync();
    const store = openWorkspace(path);
    const seqBefore = store.readDocumentState(people.docId).lastSeq;
    alice.send(awarenessMessage(1001, 1, { user: { name: 'Alice Drafter' }, clauseId: 'c-elections' }));
    await waitUntil(() => statesSeen(bohdan).has(1001) && statesSeen(alice).has(1001), 5000, 'presence to reach both');
    // The server vouches for who it is: the token's member, whatever the client wrote.
    expect(statesSeen(bohdan).get(1001)).toEqual({
      user: { memberId: people.alice.id, name: 'Alice Drafter', partyId: people.us.id, partyCode: 'US', colour: people.us.colour, color: people.us.colour, role: 'drafter' },
      clauseId: 'c-elections',
      cursor: null,
    });

    // Bohdan cannot speak for Alice's client id.
    bohdan.send(awarenessMessage(1001, 5, { user: { name: 'Impostor' } }));
    bohdan.send(awarenessMessage(2002, 1, { user: { name: 'Bohdan Lead' } }));
    await waitUntil(() => statesSeen(alice).has(2002), 5000, "Bohdan's own presence");
    expect(statesSeen(alice).get(1001)).toMatchObject({ user: { name: 'Alice Drafter' }, clauseId: 'c-elections' });
    expect(statesSeen(alice).get(2002)).toMatchObject({ user: { memberId: people.bohdan.id, name: 'Bohdan Lead', partyCode: 'UA' } });
    alice.send(awarenessMessage(1001, 2, { user: { name: 'Bohdan Lead', memberId: people.bohdan.id }, clauseId: 'c-elections' }));
    await waitUntil(() => seenClock(bohdan, 1001) >= 2, 5000, "Alice's second state");
    expect(statesSeen(bohdan).get(1001)).toMatchObject({ user: { memberId: people.alice.id, name: 'Alice Drafter' } });

    // A newcomer gets every current state on connect.
    const carol = raw(people, people.carol);
    await carol.sync();
    expect([...statesSeen(carol).keys()].sort()).toEqual([1001, 2002]);

    alice.close();
    await waitUntil(() => statesSeen(bohdan).get(1001) === null, 5000, "Alice's presence to be removed");
    expect(store.readDocumentState(people.docId).lastSeq).toBe(seqBefore);
    store.close();
  });
});
