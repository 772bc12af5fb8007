/**
 * The team server's rules (tokens, observers, suggesters, role changes,
 * revocations), asked of a server on a workspace file and of a server on
 * PostgreSQL (with Redis), through one suite: the same behaviour whatever
 * the store.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentFragment } from '../../../../shared/ydoc/layout';
import { PgDatabase } from '../../../../main/store/pg/pg-database';
import { serverStoreOf, type ServerStore } from '../../../../main/store/server-store';
import { openWorkspace } from '../../../../main/store/workspace-store';
import type { TeamServer } from '../../../../main/team/server/team-server';
import { PG_SKIP, REDIS_SKIP } from '../../../helpers/pg-services';
import { clauseLines, tempDir } from '../../services/harness';
import { connectProvider, makeTeamWorkspace, RawClient, startTestServer, waitUntil, type ProviderClient, type TeamPeople } from '../team-harness';
import { makeCluster } from './cluster-harness';

/** A running server on one kind of store, and how to look into that store. */
interface RuleBackend {
  readonly server: TeamServer;
  readonly people: TeamPeople;
  /** Runs `fn` on the store as an administrator would (another connection). */
  admin<T>(fn: (store: ServerStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

async function fileBackend(): Promise<RuleBackend> {
  const dir = tempDir();
  const path = join(dir.dir, 'team.draftroom');
  const people = makeTeamWorkspace(path);
  const { server } = await startTestServer(path);
  return {
    server,
    people,
    async admin(fn) {
      const store = serverStoreOf(openWorkspace(path), { closes: true });
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
    async close() {
      await server.close();
      dir.cleanup();
    },
  };
}

async function postgresBackend(): Promise<RuleBackend> {
  const cluster = await makeCluster('rules');
  const { server } = await cluster.start();
  return {
    server,
    people: cluster.people,
    async admin(fn) {
      const db = await PgDatabase.open(cluster.schema.url, { maxConnections: 1 });
      try {
        return await fn(await db.workspace(cluster.people.workspaceId));
      } finally {
        await db.close();
      }
    },
    close: () => cluster.cleanup(),
  };
}

async function storedTexts(backend: RuleBackend): Promise<string[]> {
  return backend.admin(async (store) => {
    const state = await store.readDocumentState(backend.people.docId);
    const doc = new Y.Doc();
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(doc, update);
    return texts(doc);
  });
}

const texts = (doc: Y.Doc): string[] => clauseLines(doc).map((l) => l.replace(/^[^:]*: /, ''));
const original = ['Ukraine keeps an army of 800,000.', 'Elections are held after the ceasefire.'];

function firstText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

const BACKENDS: [string, () => Promise<RuleBackend>, string | null][] = [
  ['a workspace file', fileBackend, null],
  ['PostgreSQL and Redis', postgresBackend, PG_SKIP ?? REDIS_SKIP],
];

describe.each(BACKENDS)('team server rules on %s', (_name, start, skip) => {
  let backend: RuleBackend | undefined;
  const clients: { destroy(): void }[] = [];
  const raws: RawClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const r of raws.splice(0)) r.close();
    await backend?.close();
    backend = undefined;
  });
  const token = (b: RuleBackend, member: { id: string }): string => b.people.tokens.get(member.id)!;
  async function provider(b: RuleBackend, member: { id: string }): Promise<ProviderClient> {
    const client = await connectProvider(b.server, b.people.workspaceId, b.people.docId, token(b, member));
    clients.push(client);
    return client;
  }
  function raw(b: RuleBackend, presented: string | null, docId = b.people.docId): RawClient {
    const client = new RawClient(RawClient.url(b.server, b.people.workspaceId, docId, presented));
    raws.push(client);
    return client;
  }

  it.skipIf(skip !== null)("relays a lead's edit, stored first and attributed to the lead", async () => {
    const b = (backend = await start());
    const lead = await provider(b, b.people.bohdan);
    const drafter = await provider(b, b.people.alice);
    firstText(lead.doc, 0).insert(0, 'Agreed: ');
    await waitUntil(() => texts(drafter.doc)[0] === 'Agreed: Ukraine keeps an army of 800,000.', 5000, 'the edit to reach the drafter');
    expect((await storedTexts(b))[0]).toBe('Agreed: Ukraine keeps an army of 800,000.');
    const contributors = await b.admin((store) => store.listContributors(b.people.docId));
    expect(contributors.some((c) => c.memberId === b.people.bohdan.id && c.updates >= 2)).toBe(true);
    // GET /healthz: the store answers (and Redis, where there is one); no token needed.
    const health = await fetch(`${b.server.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, store: 'ok', redis: b.server.instance === 'single' ? 'none' : 'ok' });
  });

  it.skipIf(skip !== null)('refuses wrong, revoked, malformed and missing tokens with 4401 and a reason; 4404 for an unknown document', async () => {
    const b = (backend = await start());
    const good = token(b, b.people.alice);
    const wrongSecret = good.slice(0, -4) + (good.endsWith('0000') ? '1111' : '0000');
    const revoked = await b.admin(async (store) => {
      const issued = await store.createToken(b.people.alice.id);
      await store.revokeToken(issued.token.id);
      return issued.secret;
    });
    const cases: [string | null, RegExp][] = [
      [wrongSecret, /does not open this workspace/],
      [revoked, /revoked/],
      ['not-a-token', /not a Draftroom token/],
      [null, /token is required/],
    ];
    for (const [presented, reason] of cases) {
      const closed = await raw(b, presented).whenClosed();
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(reason);
    }
    const unknown = await raw(b, good, 'no-such-doc').whenClosed();
    expect(unknown.code).toBe(4404);
  });

  it.skipIf(skip !== null)("refuses an observer's update and a suggester's untracked deletion: told why, nothing stored or relayed", async () => {
    const b = (backend = await start());
    const lead = await provider(b, b.people.bohdan);
    const observer = await provider(b, b.people.olga);
    firstText(observer.doc, 0).insert(0, 'OBSERVER WAS HERE ');
    await waitUntil(() => observer.denials.length > 0, 5000, 'the observer denial');
    expect(observer.denials[0]).toMatch(/is an observer/);
    const suggester = await provider(b, b.people.carol);
    firstText(suggester.doc, 1).delete(0, 'Elections '.length);
    await waitUntil(() => suggester.denials.length > 0, 5000, 'the suggester denial');
    expect(suggester.denials[0]).toMatch(/delet|replac/i);
    await new Promise((r) => setTimeout(r, 150));
    expect(texts(lead.doc)).toEqual(original);
    expect(await storedTexts(b)).toEqual(original);
  });

  it.skipIf(skip !== null)('applies a role change at once, and closes a connection whose token is revoked', async () => {
    const b = (backend = await start());
    const drafter = raw(b, token(b, b.people.alice));
    await drafter.sync();
    await b.admin((store) => store.setMemberRole(b.people.alice.id, 'observer'));
    drafter.edit((doc) => firstText(doc, 0).insert(0, 'late '));
    await waitUntil(() => drafter.denials.length > 0, 5000, 'the denial');
    expect(drafter.denials[0]).toMatch(/observer/);
    expect(await storedTexts(b)).toEqual(original);
    const lead = raw(b, token(b, b.people.bohdan));
    await lead.sync();
    await b.admin((store) => store.revokeToken(b.people.tokenIds.get(b.people.bohdan.id)!));
    const closed = await lead.whenClosed(3000);
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/revoked/);
  });
});
