import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentFragment } from '../../../shared/ydoc/layout';
import { openWorkspace } from '../../../main/store/workspace-store';
import type { TeamServer } from '../../../main/team/server/team-server';
import { clauseLines, clauseLinesOnDisk, tempDir, typeInClause } from '../services/harness';
import { connectProvider, makeTeamWorkspace, RawClient, startTestServer, waitUntil, type ProviderClient, type TeamPeople } from './team-harness';

/** The first paragraph's text node of the clause at `index`. */
function firstText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

describe('team server: y-websocket clients sync through the document hub', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TeamPeople;
  let server: TeamServer;
  let log: { lines: string[] };
  const clients: { destroy(): void }[] = [];
  const raws: RawClient[] = [];

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'team.draftroom');
    people = makeTeamWorkspace(path);
    ({ server, log } = await startTestServer(path));
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const r of raws.splice(0)) r.close();
    await server.close();
    dir.cleanup();
  });

  const token = (member: { id: string }): string => people.tokens.get(member.id)!;

  async function provider(member: { id: string }): Promise<ProviderClient> {
    const client = await connectProvider(server, people.workspaceId, people.docId, token(member));
    clients.push(client);
    return client;
  }

  function raw(tokenString: string | null, docId = people.docId, workspaceId = people.workspaceId): RawClient {
    const client = new RawClient(RawClient.url(server, workspaceId, docId, tokenString));
    raws.push(client);
    return client;
  }

  const original = ['Ukraine keeps an army of 800,000.', 'Elections are held after the ceasefire.'];
  const diskTexts = (): string[] => clauseLinesOnDisk(path, people.docId).map((line) => line.replace(/^[^:]*: /, ''));

  it('serves the stored document to a stock WebsocketProvider and relays edits, stored and attributed', async () => {
    const lead = await provider(people.bohdan);
    const drafter = await provider(people.alice);
    expect(clauseLines(lead.doc).map((l) => l.replace(/^[^:]*: /, ''))).toEqual(original);
    expect(clauseLines(drafter.doc)).toEqual(clauseLines(lead.doc));

    typeInClause(lead.doc, 1, ' Observers are invited.', { tracked: false });
    await waitUntil(() => clauseLines(drafter.doc).join() === clauseLines(lead.doc).join(), 5000, 'the edit to reach the drafter');
    // Broadcast only after it was stored: it is on disk by now.
    expect(diskTexts()[1]).toBe('Elections are held after the ceasefire. Observers are invited.');

    const store = openWorkspace(path);
    try {
      const contributors = store.listContributors(people.docId);
      expect(contributors.some((c) => c.memberId === people.bohdan.id && c.partyId === people.ua.id && c.updates >= 2)).toBe(true);
      expect(store.getToken(people.tokenIds.get(people.bohdan.id)!)!.lastUsedAt).not.toBeNull();
    } finally {
      store.close();
    }
    expect(log.lines.filter((l) => l.startsWith('connect ')).length).toBe(2);
  });

  it('answers a client step 1 with step 2 and its own step 1 (the confirmation that all it sent is stored)', async () => {
    // The lead: direct (untracked) typing is a lead's edit (issue 13 rule 6 refuses it from others).
    const client = raw(token(people.bohdan));
    await client.sync();
    expect(clauseLines(client.doc).map((l) => l.replace(/^[^:]*: /, ''))).toEqual(original);
    const before = client.confirmations;
    client.edit((doc) => typeInClause(doc, 0, ' (drafted)', { tracked: false }));
    await client.sync();
    expect(client.confirmations).toBe(before + 1);
    expect(diskTexts()[0]).toBe('Ukraine keeps an army of 800,000. (drafted)');
    expect(client.denials).toEqual([]);
  });

  it('refuses wrong, revoked, malformed, missing and other-workspace tokens with 4401 and a reason', async () => {
    const other = join(dir.dir, 'other.draftroom');
    const otherPeople = makeTeamWorkspace(other, 'Other talks');
    const good = token(people.alice);
    const wrongSecret = good.slice(0, -4) + (good.endsWith('0000') ? '1111' : '0000');
    const store = openWorkspace(path);
    const revoked = store.createToken(people.alice.id);
    store.revokeToken(revoked.token.id);
    store.close();

    const cases: [string | null, RegExp][] = [
      [wrongSecret, /does not open this workspace/],
      [revoked.secret, /revoked/],
      ['not-a-token', /not a Draftroom token/],
      [null, /token is required/],
      [otherPeople.tokens.get(otherPeople.alice.id)!, /does not open this workspace/],
    ];
    for (const [presented, reason] of cases) {
      const client = raw(presented);
      const closed = await client.whenClosed();
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(reason);
      expect(client.denials[0]).toMatch(reason);
      expect(client.step1s).toBe(0);
    }
    // The other workspace's token on its own workspace id is unknown here too: it is not served.
    const elsewhere = raw(otherPeople.tokens.get(otherPeople.alice.id)!, otherPeople.docId, otherPeople.workspaceId);
    expect((await elsewhere.whenClosed()).code).toBe(4404);
    expect(log.lines.filter((l) => l.startsWith('refuse-connection ')).length).toBe(cases.length + 1);
  });

  it('closes with 4404 for an unknown document and 4400 for a URL that is not a document', async () => {
    const unknown = raw(token(people.alice), 'no-such-doc');
    const closed = await unknown.whenClosed();
    expect(closed.code).toBe(4404);
    expect(closed.reason).toMatch(/no document no-such-doc/);
    const bad = new RawClient(`${server.url}/only-one-segment?token=x`);
    raws.push(bad);
    expect((await bad.whenClosed()).code).toBe(4400);
  });

  it("refuses an observer's update from a stock WebsocketProvider: the sender is told why, nothing is stored or sent", async () => {
    const lead = await provider(people.bohdan);
    const observer = await provider(people.olga);
    typeInClause(observer.doc, 0, ' OBSERVER WAS HERE', { tracked: false });
    await waitUntil(() => observer.denials.length > 0, 5000, 'the denial');
    expect(observer.denials[0]).toMatch(/Olga Observer .* is an observer/);
    await new Promise((r) => setTimeout(r, 100));
    expect(clauseLines(lead.doc).join('\n')).not.toContain('OBSERVER');
    expect(diskTexts()).toEqual(original);
    // A fresh client sees only what the server holds.
    const fresh = raw(token(people.alice));
    await fresh.sync();
    expect(clauseLines(fresh.doc).join('\n')).not.toContain('OBSERVER');
    expect(log.lines.some((l) => l.startsWith('refuse ') && l.includes('observer'))).toBe(true);
  });

  it("refuses a suggester's untracked deletion sent by a stock WebsocketProvider, and by raw y-protocols", async () => {
    const lead = await provider(people.bohdan);
    const suggester = await provider(people.carol);
    firstText(suggester.doc, 0).delete(0, 'Ukraine '.length);
    await waitUntil(() => suggester.denials.length > 0, 5000, 'the denial');
    expect(suggester.denials[0]).toMatch(/delet|replac/i);
    await new Promise((r) => setTimeout(r, 100));
    expect(clauseLines(lead.doc).map((l) => l.replace(/^[^:]*: /, ''))).toEqual(original);
    expect(diskTexts()).toEqual(original);

    const rawSuggester = raw(token(people.carol));
    await rawSuggester.sync();
    rawSuggester.edit((doc) => contentFragment(doc).delete(1, 1)); // removes the elections clause outright
    await waitUntil(() => rawSuggester.denials.length > 0, 5000, 'the denial');
    await new Promise((r) => setTimeout(r, 100));
    expect(diskTexts()).toEqual(original);
    expect(clauseLines(lead.doc).length).toBe(2);
  });

  it('applies a role change at once: a drafter made observer is refused on the next update', async () => {
    const drafter = raw(token(people.alice));
    await drafter.sync();
    const store = openWorkspace(path);
    store.setMemberRole(people.alice.id, 'observer');
    store.close();
    drafter.edit((doc) => typeInClause(doc, 0, ' late', { tracked: false }));
    await waitUntil(() => drafter.denials.length > 0, 5000, 'the denial');
    expect(drafter.denials[0]).toMatch(/observer/);
    expect(diskTexts()).toEqual(original);
  });

  it('checks the member before every message, keeping what it read only while no role changed: observer refused, drafter again accepted, on one connection', async () => {
    const drafter = raw(token(people.alice));
    await drafter.sync();
    drafter.edit((doc) => typeInClause(doc, 0, ' first', { by: people.alice }));
    drafter.edit((doc) => typeInClause(doc, 0, ' second', { by: people.alice }));
    await drafter.sync();
    expect(drafter.denials).toEqual([]);
    const accepted = Y.encodeStateAsUpdate(drafter.doc);
    const other = openWorkspace(path);
    try {
      other.setMemberRole(people.alice.id, 'observer');
      drafter.edit((doc) => typeInClause(doc, 0, ' late', { tracked: false }));
      await waitUntil(() => drafter.denials.length > 0, 5000, 'the denial');
      expect(drafter.denials[0]).toMatch(/observer/);
      other.setMemberRole(people.alice.id, 'drafter');
    } finally {
      other.close();
    }
    // The same connection, an edit on what the server stored (not on the refused one): accepted again.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, accepted);
    const vector = Y.encodeStateVector(replica);
    typeInClause(replica, 0, ' again', { by: people.alice });
    drafter.sendUpdate(Y.encodeStateAsUpdate(replica, vector));
    await drafter.sync();
    expect(drafter.denials).toHaveLength(1);
    expect(diskTexts()[0]).toContain('first second again');
    expect(diskTexts()[0]).not.toContain('late');
  });

  it('closes a connection whose token is revoked (by another connection to the file) within about a second', async () => {
    const client = raw(token(people.alice));
    await client.sync();
    const store = openWorkspace(path);
    store.revokeToken(people.tokenIds.get(people.alice.id)!);
    store.close();
    const started = Date.now();
    const closed = await client.whenClosed(3000);
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/revoked/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('disconnects a client that keeps sending refused updates (4403), after telling it each time', async () => {
    const observer = raw(token(people.olga));
    await observer.sync();
    for (let i = 0; i < 5; i++) {
      const replica = new Y.Doc();
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(observer.doc));
      const before = Y.encodeStateVector(replica);
      typeInClause(replica, 0, ` try ${i}`, { tracked: false });
      observer.sendUpdate(Y.encodeStateAsUpdate(replica, before));
    }
    const closed = await observer.whenClosed();
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/5 updates refused/);
    expect(observer.denials.length).toBeGreaterThanOrEqual(5);
    expect(diskTexts()).toEqual(original);
  });
});

describe('team server: a folder of workspaces', () => {
  it('serves every .draftroom file in a folder under its own workspace id; a token opens only its own', async () => {
    const dir = tempDir();
    try {
      const first = makeTeamWorkspace(join(dir.dir, 'a.draftroom'), 'Talks A');
      const second = makeTeamWorkspace(join(dir.dir, 'b.draftroom'), 'Talks B');
      const { server } = await startTestServer(dir.dir);
      try {
        expect(server.workspaces.map((w) => w.name)).toEqual(['Talks A', 'Talks B']);
        const inA = new RawClient(RawClient.url(server, first.workspaceId, first.docId, first.tokens.get(first.alice.id)!));
        const inB = new RawClient(RawClient.url(server, second.workspaceId, second.docId, second.tokens.get(second.alice.id)!));
        await inA.sync();
        await inB.sync();
        expect(clauseLines(inA.doc).length).toBe(2);
        expect(clauseLines(inB.doc).length).toBe(2);
        const crossed = new RawClient(RawClient.url(server, second.workspaceId, second.docId, first.tokens.get(first.alice.id)!));
        expect((await crossed.whenClosed()).code).toBe(4401);
        inA.close();
        inB.close();
      } finally {
        await server.close();
      }
      // A copy of a workspace beside it is refused: two files, one id.
      copyFileSync(join(dir.dir, 'a.draftroom'), join(dir.dir, 'c.draftroom'));
      await expect(startTestServer(dir.dir)).rejects.toThrow(/are the same workspace/);
    } finally {
      dir.cleanup();
    }
  });
});
