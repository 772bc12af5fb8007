import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PgDatabase } from '../../../../main/store/pg/pg-database';
import { serverStoreOf, type ServerStore } from '../../../../main/store/server-store';
import { createWorkspace } from '../../../../main/store/workspace-store';
import { createTestSchema, PG_SKIP, type TestSchema } from '../../../helpers/pg-services';
import { makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

/** One edit: a text insert in the document's "entries" array, made on its own Y.Doc. */
function entryUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray<string>('entries').push([text]);
  return Y.encodeStateAsUpdate(doc);
}

async function entriesOf(store: ServerStore, docId: string): Promise<string[]> {
  const state = await store.readDocumentState(docId);
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const update of state.updates) Y.applyUpdate(doc, update);
  return doc.getArray<string>('entries').toArray().sort();
}

/** The same rules, asked of a workspace file (through `serverStoreOf`) and of PostgreSQL. */
function contract(name: string, open: () => Promise<ServerStore>, skip: string | null): void {
  describe.skipIf(skip !== null)(`the server store contract: ${name}`, () => {
    let store: ServerStore;
    beforeAll(async () => {
      store = await open();
    });

    it('parties and members: unique codes and names (any case), members of known parties, roles checked', async () => {
      const us = await store.addParty({ name: 'United States', code: 'US', colour: '#1f4e9c' });
      await expect(store.addParty({ name: 'Other', code: 'us', colour: '#000000' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(store.addParty({ name: 'united states', code: 'X', colour: '#000000' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(store.addParty({ name: 'Y', code: 'Y', colour: 'red' })).rejects.toMatchObject({ code: 'invalid-argument' });
      expect(await store.findParty('us')).toEqual(us);
      const alice = await store.addMember({ name: 'Alice', partyId: us.id, role: 'lead' });
      await expect(store.addMember({ name: 'Eve', partyId: 'nowhere', role: 'lead' })).rejects.toMatchObject({ code: 'unknown-party' });
      expect(await store.getMember(alice.id)).toEqual(alice);
      expect((await store.setMemberRole(alice.id, 'observer')).role).toBe('observer');
      await expect(store.setMemberRole('nobody', 'lead')).rejects.toMatchObject({ code: 'unknown-member' });
      expect((await store.listMembers()).map((m) => m.name)).toEqual(['Alice']);
    });

    it('documents: unique titles, found by id or title; the log appends, reads back, compacts and keeps attribution', async () => {
      const doc = await store.createDocument({ title: 'Peace framework' });
      await expect(store.createDocument({ title: 'PEACE FRAMEWORK' })).rejects.toMatchObject({ code: 'conflict' });
      expect(await store.getDocument('peace framework')).toEqual(doc);
      await expect(store.getDocument('nothing')).rejects.toMatchObject({ code: 'unknown-document' });
      const [alice] = await store.listMembers();
      const first = await store.appendUpdate(doc.id, entryUpdate('a'), { memberId: alice!.id });
      const more = await store.appendUpdates(doc.id, [entryUpdate('b'), entryUpdate('c')], { memberId: alice!.id });
      expect(more).toEqual([first + 1, first + 2]);
      await expect(store.appendUpdate(doc.id, new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'invalid-argument' });
      expect(await store.logLength(doc.id)).toBe(3);
      expect(await entriesOf(store, doc.id)).toEqual(['a', 'b', 'c']);
      const compacted = await store.compact(doc.id);
      expect(compacted).toMatchObject({ merged: 3, snapshotSeq: first + 2 });
      expect(await store.logLength(doc.id)).toBe(0);
      await store.appendUpdate(doc.id, entryUpdate('d'));
      expect(await entriesOf(store, doc.id)).toEqual(['a', 'b', 'c', 'd']);
      const state = await store.readDocumentState(doc.id);
      expect(state.snapshotSeq).toBe(first + 2);
      expect(state.lastSeq).toBe(first + 3);
      const contributors = await store.listContributors(doc.id);
      expect(contributors.map((c) => [c.memberId, c.partyId !== null, c.updates])).toEqual(
        expect.arrayContaining([
          [alice!.id, true, 3],
          [null, false, 1],
        ]),
      );
    });

    it('appendBatch: updates of several documents and senders in one all-or-nothing transaction, numbered in order', async () => {
      const us = (await store.findParty('US'))!;
      const bohdan = await store.addMember({ name: 'Bohdan', partyId: us.id, role: 'drafter' });
      const [alice] = await store.listMembers();
      const one = await store.createDocument({ title: 'Batch one' });
      const two = await store.createDocument({ title: 'Batch two' });
      const seqs = await store.appendBatch([
        { docId: one.id, update: entryUpdate('1a'), meta: { memberId: alice!.id } },
        { docId: two.id, update: entryUpdate('2a'), meta: { memberId: bohdan.id } },
        { docId: one.id, update: entryUpdate('1b'), meta: { memberId: bohdan.id } },
        { docId: one.id, update: entryUpdate('1c') },
      ]);
      // Per document in the order given (a workspace file numbers rows across documents, PostgreSQL per document).
      expect(seqs).toHaveLength(4);
      expect(seqs[0]!).toBeLessThan(seqs[2]!);
      expect(seqs[2]!).toBeLessThan(seqs[3]!);
      expect(await entriesOf(store, one.id)).toEqual(['1a', '1b', '1c']);
      expect(await entriesOf(store, two.id)).toEqual(['2a']);
      const contributors = await store.listContributors(one.id);
      expect(contributors.map((c) => [c.memberId, c.updates])).toEqual(expect.arrayContaining([[alice!.id, 1], [bohdan.id, 1], [null, 1]]));
      // One bad update (or an unknown document) and nothing of the batch is stored.
      await expect(store.appendBatch([{ docId: one.id, update: entryUpdate('1d') }, { docId: two.id, update: new Uint8Array([1, 2, 3]) }])).rejects.toMatchObject({ code: 'invalid-argument' });
      await expect(store.appendBatch([{ docId: one.id, update: entryUpdate('1e') }, { docId: 'nowhere', update: entryUpdate('x') }])).rejects.toMatchObject({ code: 'unknown-document' });
      expect(await store.logLength(one.id)).toBe(3);
      expect(await store.logLength(two.id)).toBe(1);
    });

    it('versions: unique names per document, read back by id or name with their state', async () => {
      const doc = await store.getDocument('Peace framework');
      const state = entryUpdate('v');
      const version = await store.createVersion({ docId: doc.id, name: 'First reading', state });
      await expect(store.createVersion({ docId: doc.id, name: 'first reading', state })).rejects.toMatchObject({ code: 'conflict' });
      expect(await store.listVersions(doc.id)).toEqual([version]);
      const read = await store.getVersion(doc.id, 'FIRST READING');
      expect(Array.from(read.state)).toEqual(Array.from(state));
      await expect(store.getVersion(doc.id, 'nothing')).rejects.toMatchObject({ code: 'unknown-version' });
    });

    it('tokens: only the issued string opens; revoked and forged ones do not', async () => {
      const [alice] = await store.listMembers();
      const issued = await store.createToken(alice!.id);
      await expect(store.createToken('nobody')).rejects.toMatchObject({ code: 'unknown-member' });
      expect(await store.checkToken(issued.secret)).toMatchObject({ ok: true, token: { id: issued.token.id, memberId: alice!.id } });
      const forged = issued.secret.slice(0, -4) + (issued.secret.endsWith('0000') ? '1111' : '0000');
      expect(await store.checkToken(forged)).toMatchObject({ ok: false, reason: 'unknown' });
      expect(await store.checkToken('hello')).toMatchObject({ ok: false, reason: 'malformed' });
      await store.touchToken(issued.token.id, '2026-02-01T00:00:00.000Z');
      expect((await store.getToken(issued.token.id))?.lastUsedAt).toBe('2026-02-01T00:00:00.000Z');
      const revoked = await store.revokeToken(issued.token.id);
      expect(revoked.revokedAt).not.toBeNull();
      expect(await store.checkToken(issued.secret)).toMatchObject({ ok: false, reason: 'revoked' });
      await expect(store.revokeToken('nothing')).rejects.toMatchObject({ code: 'not-found' });
      expect((await store.listTokens()).map((t) => t.id)).toEqual([issued.token.id]);
    });
  });
}

let dir: TempDir;
let schema: TestSchema | undefined;
let database: PgDatabase | undefined;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(async () => {
  await database?.close();
  await schema?.drop();
  dir.remove();
});

contract('workspace file (SQLite)', () => Promise.resolve(serverStoreOf(createWorkspace(dir.file('contract.draftroom'), { name: 'Talks' }), { closes: true })), null);
contract(
  'PostgreSQL',
  async () => {
    schema = await createTestSchema('contract');
    database = await PgDatabase.open(schema.url);
    return database.createWorkspace({ name: 'Talks' });
  },
  PG_SKIP,
);

describe.skipIf(PG_SKIP !== null)('PostgreSQL: one database, several workspaces', () => {
  it('keeps their parties, documents and tokens apart; a token opens only its own workspace', async () => {
    const own = await createTestSchema('apart');
    const db = await PgDatabase.open(own.url);
    try {
      const a = await db.createWorkspace({ id: 'ws-a', name: 'A talks' });
      const b = await db.createWorkspace({ id: 'ws-b', name: 'B talks' });
      await expect(db.createWorkspace({ id: 'ws-a', name: 'again' })).rejects.toMatchObject({ code: 'conflict' });
      const pa = await a.addParty({ name: 'Same', code: 'S', colour: '#000000' });
      const pb = await b.addParty({ name: 'Same', code: 'S', colour: '#000000' });
      await a.createDocument({ id: 'doc', title: 'Same title' });
      await b.createDocument({ id: 'doc', title: 'Same title' });
      await a.appendUpdate('doc', entryUpdate('only in a'));
      expect(await entriesOf(b, 'doc')).toEqual([]);
      const ma = await a.addMember({ name: 'M', partyId: pa.id, role: 'lead' });
      await expect(b.addMember({ name: 'M', partyId: pa.id === pb.id ? 'x' : pa.id, role: 'lead' })).rejects.toMatchObject({ code: 'unknown-party' });
      const token = await a.createToken(ma.id);
      expect(await b.checkToken(token.secret)).toMatchObject({ ok: false });
      expect((await db.listWorkspaces()).map((w) => w.id).sort()).toEqual(['ws-a', 'ws-b']);
      await expect(db.workspace('ws-c')).rejects.toMatchObject({ code: 'not-found' });
    } finally {
      await db.close();
      await own.drop();
    }
  });
});
