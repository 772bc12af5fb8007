/**
 * Brackets and positions through the team server: two stock y-websocket
 * clients (Alice, U.S. drafter; Bohdan, Ukrainian lead) on one document.
 * What one records reaches the other and the server's file; the server's
 * policy (the same as main's) refuses Alice recording Ukraine's position,
 * and tells her why; the lead's closure reaches the file.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { closeBracketInYDoc, openBracketInYDoc } from '../../../shared/negotiation/bracket-ops';
import { readBracketRecords, writeEntryFields } from '../../../shared/negotiation/bracket-records';
import { positionKey } from '../../../shared/negotiation/position-schema';
import { positionsMap, readPositions, recordPosition } from '../../../shared/negotiation/positions';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import type { TeamServer } from '../../../main/team/server/team-server';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { tempDir } from '../services/harness';
import { connectProvider, makeTeamWorkspace, startTestServer, waitUntil, type ProviderClient, type TeamPeople } from './team-harness';

describe('brackets and positions through the team server', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TeamPeople;
  let server: TeamServer;
  const clients: ProviderClient[] = [];

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'team.draftroom');
    people = makeTeamWorkspace(path);
    server = (await startTestServer(path)).server;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    dir.cleanup();
  });

  const identity = (member: Member): Identity => ({ member, party: ([people.us, people.ua] as Party[]).find((p) => p.id === member.partyId)! });
  const connect = async (member: Member) => {
    const client = await connectProvider(server, people.workspaceId, people.docId, people.tokens.get(member.id)!);
    clients.push(client);
    return client;
  };
  const onServer = () => {
    const store = openWorkspace(path);
    try {
      return loadYDoc(store, people.docId);
    } finally {
      store.close();
    }
  };

  it('relays and stores a bracket, positions and a lead’s closure; refuses another party’s position, with the reason', async () => {
    const alice = await connect(people.alice);
    const bohdan = await connect(people.bohdan);
    const text = readSuggestedDoc(alice.doc).child(0).textContent;
    const at = text.indexOf('800,000');
    const { bracketId, altIds } = openBracketInYDoc(alice.doc, identity(people.alice), {
      from: 2 + at,
      to: 2 + at + 7,
      existingPartyId: people.ua.id,
      alternatives: [{ text: '600,000', rationale: 'The first draft’s figure.' }],
    });
    const clauseId = readBracketRecords(alice.doc)[0]!.clauseId;
    recordPosition(alice.doc, readSuggestedDoc(alice.doc), identity(people.alice), { clauseId, stance: 'reserves' });
    await waitUntil(() => readBracketRecords(bohdan.doc).length === 1 && readPositions(bohdan.doc).length === 1, 5000, 'Bohdan to see Alice’s bracket and position');
    recordPosition(bohdan.doc, readSuggestedDoc(bohdan.doc), identity(people.bohdan), { clauseId, stance: 'rejects', note: 'Not below 800,000.' });
    await waitUntil(() => readPositions(alice.doc).length === 2, 5000, 'Alice to see Ukraine’s position');
    await waitUntil(() => readPositions(onServer()).length === 2, 5000, 'the server to store both positions');
    expect(readBracketRecords(onServer()).map((b) => b.id)).toEqual([bracketId]);

    // Alice's client writes Ukraine's position: the server refuses it, says why, and stores nothing of it.
    const forged = { clauseId, partyId: people.ua.id, stance: 'agreed', note: '', recordedBy: people.alice.id, recordedAt: '2025-12-01T10:00:00.000Z', textHash: '00000000' };
    writeEntryFields(positionsMap(alice.doc), positionKey(clauseId, people.ua.id), forged);
    await waitUntil(() => alice.denials.length > 0, 5000, 'the server to refuse the forged position');
    expect(alice.denials[0]).toMatch(/only a member of a party records its position; Alice Drafter is with United States/);
    expect(readPositions(onServer()).find((p) => p.partyId === people.ua.id)?.stance).toBe('rejects');

    // The lead closes the bracket with the U.S. alternative; both sides and the file have the closure.
    closeBracketInYDoc(bohdan.doc, identity(people.bohdan), { bracketId, choice: { altId: altIds[1]! } });
    await waitUntil(() => readBracketRecords(onServer())[0]?.status === 'closed', 5000, 'the server to store the closure');
    expect(readSuggestedDoc(onServer()).child(0).textContent).toBe('Ukraine keeps an army of 600,000.');
  });
});
