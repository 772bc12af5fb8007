import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadYDoc } from '../../../main/store/document-state';
import { createWorkspace, openWorkspace } from '../../../main/store/workspace-store';
import { makeTempDir, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

describe('store operations a replica needs', () => {
  it('creates a workspace with a given id, upserts parties and members by id, creates documents with id and time', () => {
    const store = createWorkspace(dir.file('r.draftroom'), { name: 'Replica', id: 'ws-team' });
    try {
      expect(store.meta().id).toBe('ws-team');
      store.upsertParty({ id: 'p1', name: 'United States', code: 'US', colour: '#1f4e9c' });
      store.upsertParty({ id: 'p1', name: 'USA', code: 'USA', colour: '#000000' });
      expect(store.listParties()).toEqual([{ id: 'p1', name: 'USA', code: 'USA', colour: '#000000' }]);
      store.upsertParty({ id: 'p2', name: 'Ukraine', code: 'UA', colour: '#d4a106' });
      expect(() => store.upsertParty({ id: 'p2', name: 'USA', code: 'UA', colour: '#d4a106' })).toThrow(/Another party/);
      store.upsertMember({ id: 'm1', name: 'Alice', partyId: 'p1', role: 'suggester' });
      store.upsertMember({ id: 'm1', name: 'Alice B.', partyId: 'p1', role: 'lead' });
      expect(store.getMember('m1')).toEqual({ id: 'm1', name: 'Alice B.', partyId: 'p1', role: 'lead' });
      expect(() => store.upsertMember({ id: 'm1', name: 'Alice', partyId: 'p2', role: 'lead' })).toThrow(/belongs to party/);
      const doc = store.createDocument({ id: 'd1', title: 'Framework', createdAt: '2025-12-01T10:00:00Z' });
      expect(doc).toEqual({ id: 'd1', title: 'Framework', createdAt: '2025-12-01T10:00:00.000Z' });
    } finally {
      store.close();
    }
  });

  it('replaces a document state atomically, keeping who edited it', () => {
    const path = dir.file('r.draftroom');
    const store = createWorkspace(path, { name: 'Replica' });
    try {
      const party = store.addParty({ name: 'United States', code: 'US', colour: '#1f4e9c' });
      const alice = store.addMember({ name: 'Alice', partyId: party.id, role: 'lead' });
      const doc = store.createDocument({ title: 'Framework' });
      const local = new Y.Doc();
      local.getText('t').insert(0, 'local text');
      store.appendUpdate(doc.id, Y.encodeStateAsUpdate(local), { memberId: alice.id });
      store.compact(doc.id);
      local.getText('t').insert(0, 'more ');
      store.appendUpdate(doc.id, Y.encodeStateAsUpdate(local), { memberId: alice.id });
      const server = new Y.Doc();
      server.getText('t').insert(0, 'server text');
      store.replaceDocumentState(doc.id, Y.encodeStateAsUpdate(server));
      expect(loadYDoc(store, doc.id).getText('t').toString()).toBe('server text');
      expect(store.logLength(doc.id)).toBe(0);
      expect(store.listContributors(doc.id).reduce((n, c) => n + c.updates, 0)).toBe(2);
      store.appendUpdate(doc.id, Y.encodeStateAsUpdate(server), { memberId: alice.id });
      expect(loadYDoc(store, doc.id).getText('t').toString()).toBe('server text');
      expect(() => store.replaceDocumentState(doc.id, new Uint8Array([1, 2, 3]))).toThrow(/not a Yjs update/);
    } finally {
      store.close();
    }
    const reopened = openWorkspace(path);
    try {
      expect(loadYDoc(reopened, reopened.listDocuments()[0]!.id).getText('t').toString()).toBe('server text');
    } finally {
      reopened.close();
    }
  });
});
