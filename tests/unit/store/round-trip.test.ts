import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import { readChanges, readProseMirrorDoc, seedContent, writeChange } from '../../../shared/ydoc/layout';
import { loadYDoc } from '../../../main/store/document-state';
import { LATEST_SCHEMA_VERSION } from '../../../main/store/migrations/registry';
import { createWorkspace, openWorkspace } from '../../../main/store/workspace-store';
import { clause, heading, ins, p, proposal } from '../../helpers/builders';
import { TEST_PARTIES, buildWorkspace, fileSetDifferences, makeTempDir, readFileSet, recordingYDoc, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  dir.remove();
});

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof DraftroomError) return error.code;
    throw error;
  }
  throw new Error('expected a DraftroomError');
}

const spec = {
  name: 'Peace talks',
  parties: TEST_PARTIES,
  members: [
    { name: 'Alice Drafter', party: 'US', role: 'lead' as const },
    { name: 'Olena Koval', party: 'UA', role: 'drafter' as const },
    { name: 'Marie Dupont', party: 'EU', role: 'suggester' as const },
  ],
  documents: ['Peace framework', 'European 6-point framework'],
};

describe('workspace store round trips', () => {
  it('keeps workspace meta, parties, members and documents across close and reopen', () => {
    const path = dir.file('talks.draftroom');
    const built = buildWorkspace(path, spec);
    const meta = built.store.meta();
    built.store.setName('Peace talks, round 2');
    built.store.close();

    const store = openWorkspace(path);
    expect(store.path).toBe(path);
    expect(store.meta()).toEqual({ ...meta, name: 'Peace talks, round 2', schemaVersion: LATEST_SCHEMA_VERSION });
    expect(store.listParties()).toEqual(Object.values(built.parties));
    expect(store.listParties().map((party) => party.code)).toEqual(['US', 'UA', 'EU', 'RU']);
    expect(store.listMembers()).toEqual(Object.values(built.members));
    expect(store.getMember(built.members['Olena Koval']!.id)).toEqual(built.members['Olena Koval']);
    expect(store.getMember('nobody')).toBeUndefined();
    expect(store.listDocuments()).toEqual(Object.values(built.documents));
    store.close();
  });

  it('finds parties by id, code or name, case-insensitively', () => {
    const { store, parties } = buildWorkspace(dir.file('w.draftroom'), spec);
    const ukraine = parties['UA']!;
    expect(store.findParty(ukraine.id)).toEqual(ukraine);
    expect(store.findParty('ua')).toEqual(ukraine);
    expect(store.findParty('UKRAINE')).toEqual(ukraine);
    expect(store.findParty(' Ukraine ')).toEqual(ukraine);
    expect(store.findParty('Atlantis')).toBeUndefined();
    store.close();
  });

  it('finds documents by id, exact title or case-insensitive title, and names the known ones otherwise', () => {
    const { store, documents } = buildWorkspace(dir.file('w.draftroom'), spec);
    const framework = documents['Peace framework']!;
    expect(store.getDocument(framework.id)).toEqual(framework);
    expect(store.getDocument('Peace framework')).toEqual(framework);
    expect(store.getDocument('peace FRAMEWORK')).toEqual(framework);
    expect(codeOf(() => store.getDocument('Armistice'))).toBe('unknown-document');
    expect(() => store.getDocument('Armistice')).toThrow(/Peace framework/);
    store.close();
  });

  it('refuses duplicates and dangling references with codes, and writes nothing then', () => {
    const { store, parties, documents } = buildWorkspace(dir.file('w.draftroom'), spec);
    const docId = documents['Peace framework']!.id;
    expect(codeOf(() => store.addParty({ name: 'Uruguay', code: 'us', colour: '#123456' }))).toBe('conflict');
    expect(codeOf(() => store.addParty({ name: 'ukraine', code: 'UK', colour: '#123456' }))).toBe('conflict');
    expect(codeOf(() => store.addParty({ name: 'Canada', code: 'CA', colour: 'red' }))).toBe('invalid-argument');
    expect(codeOf(() => store.addMember({ name: 'X', partyId: 'no-such-party', role: 'lead' }))).toBe('unknown-party');
    expect(codeOf(() => store.addMember({ name: 'X', partyId: parties['US']!.id, role: 'king' as never }))).toBe('invalid-argument');
    expect(codeOf(() => store.createDocument({ title: 'PEACE FRAMEWORK' }))).toBe('conflict');
    expect(codeOf(() => store.createDocument({ title: '   ' }))).toBe('invalid-argument');
    expect(codeOf(() => store.appendUpdate('no-such-doc', Y.encodeStateAsUpdate(new Y.Doc())))).toBe('unknown-document');
    expect(codeOf(() => store.appendUpdate(docId, new Uint8Array([1, 2, 3, 250])))).toBe('invalid-argument');
    expect(codeOf(() => store.appendUpdate(docId, new Uint8Array()))).toBe('invalid-argument');
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    expect(codeOf(() => store.appendUpdate(docId, update, { memberId: 'nobody' }))).toBe('unknown-member');
    expect(codeOf(() => store.appendUpdate(docId, update, { partyId: 'nowhere' }))).toBe('unknown-party');
    expect(codeOf(() => store.appendUpdates(docId, [update, new Uint8Array([9])]))).toBe('invalid-argument');
    expect(store.listParties()).toHaveLength(4);
    expect(store.listMembers()).toHaveLength(3);
    expect(store.listDocuments()).toHaveLength(2);
    expect(store.logLength(docId)).toBe(0);
    store.close();
  });

  it('rebuilds a proposal Y.Doc from the log, then from snapshot plus tail, equal to the original', () => {
    const path = dir.file('w.draftroom');
    const { store, members, documents } = buildWorkspace(path, spec);
    const docId = documents['Peace framework']!.id;
    const alice = members['Alice Drafter']!;
    const { ydoc, seqs } = recordingYDoc(store, docId, { memberId: alice.id });

    seedContent(
      ydoc,
      proposal(
        clause('c1', heading('Sovereignty'), p('Ukraine’s sovereignty will be confirmed.')),
        clause('c2', p('Troop cap of ', ins('ch1', '800,000'), '.')),
      ),
    );
    writeChange(ydoc, {
      id: 'ch1',
      kind: 'amended',
      partyId: alice.partyId,
      authorId: alice.id,
      createdAt: '2025-11-23T10:00:00.000Z',
      rationale: 'Room for a credible defence.',
      status: 'proposed',
      clauseIds: ['c2'],
    });
    const text = ydoc.getText('notes');
    for (const word of ['Round ', 'one ', 'of ', 'talks.']) text.insert(text.length, word);

    expect(seqs.length).toBeGreaterThan(5);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(store.logLength(docId)).toBe(seqs.length);

    const expectSame = (loaded: Y.Doc): void => {
      expect(readProseMirrorDoc(loaded).toJSON()).toEqual(readProseMirrorDoc(ydoc).toJSON());
      expect(readChanges(loaded)).toEqual(readChanges(ydoc));
      expect(loaded.getText('notes').toString()).toBe('Round one of talks.');
      expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(ydoc));
    };
    expectSame(loadYDoc(store, docId));

    const result = store.compact(docId);
    expect(result).toMatchObject({ merged: seqs.length, snapshotSeq: seqs[seqs.length - 1] });
    expect(store.logLength(docId)).toBe(0);
    text.insert(0, '» ');
    expect(store.readDocumentState(docId)).toMatchObject({ snapshotSeq: result.snapshotSeq, lastSeq: seqs[seqs.length - 1] });
    expect(store.readDocumentState(docId).updates).toHaveLength(1);
    store.close();

    const reopened = openWorkspace(path);
    const loaded = loadYDoc(reopened, docId);
    expect(loaded.getText('notes').toString()).toBe('» Round one of talks.');
    expect(readProseMirrorDoc(loaded).toJSON()).toEqual(readProseMirrorDoc(ydoc).toJSON());
    expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(ydoc));
    expect(reopened.compact(docId).merged).toBe(1);
    expect(reopened.compact(docId)).toMatchObject({ merged: 0, snapshotSeq: seqs[seqs.length - 1]! });
    expect(loadYDoc(reopened, docId).getText('notes').toString()).toBe('» Round one of talks.');
    reopened.close();
  });

  it('keeps documents apart and numbers updates upward even after compaction empties the log', () => {
    const { store, documents } = buildWorkspace(dir.file('w.draftroom'), spec);
    const a = documents['Peace framework']!.id;
    const b = documents['European 6-point framework']!.id;
    const docA = recordingYDoc(store, a);
    const docB = recordingYDoc(store, b);
    docA.ydoc.getText('t').insert(0, 'A text');
    docB.ydoc.getText('t').insert(0, 'B text');
    store.compact(a);
    docA.ydoc.getText('t').insert(6, '!');
    expect(docA.seqs[1]).toBeGreaterThan(docB.seqs[0]!);
    expect(loadYDoc(store, a).getText('t').toString()).toBe('A text!');
    expect(loadYDoc(store, b).getText('t').toString()).toBe('B text');
    store.close();
  });

  it('appends a batch in one transaction with one attribution, and counts contributors across compaction', () => {
    const { store, members, parties, documents } = buildWorkspace(dir.file('w.draftroom'), spec);
    const docId = documents['Peace framework']!.id;
    const olena = members['Olena Koval']!;
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (const ch of 'Ceasefire') source.getText('t').insert(source.getText('t').length, ch);

    const seqs = store.appendUpdates(docId, updates, { memberId: olena.id, at: '2025-11-20T09:00:00Z' });
    expect(seqs).toHaveLength(9);
    expect(seqs.slice(1).every((seq, i) => seq === seqs[i]! + 1)).toBe(true);
    store.appendUpdate(docId, Y.encodeStateAsUpdate(source), { partyId: parties['EU']!.id, at: '2025-11-21T09:00:00Z' });
    expect(codeOf(() => store.appendUpdate(docId, updates[0]!, { memberId: olena.id, partyId: parties['US']!.id }))).toBe(
      'invalid-argument',
    );

    const before = store.listContributors(docId);
    store.compact(store.getDocument('Peace framework').id);
    store.appendUpdate(docId, updates[0]!, { memberId: olena.id, at: '2025-11-22T09:00:00Z' });
    expect(before).toEqual([
      { partyId: parties['UA']!.id, memberId: olena.id, updates: 9, firstAt: '2025-11-20T09:00:00.000Z', lastAt: '2025-11-20T09:00:00.000Z' },
      { partyId: parties['EU']!.id, memberId: null, updates: 1, firstAt: '2025-11-21T09:00:00.000Z', lastAt: '2025-11-21T09:00:00.000Z' },
    ]);
    expect(store.listContributors(docId)).toEqual([
      { partyId: parties['UA']!.id, memberId: olena.id, updates: 10, firstAt: '2025-11-20T09:00:00.000Z', lastAt: '2025-11-22T09:00:00.000Z' },
      before[1],
    ]);
    expect(loadYDoc(store, docId).getText('t').toString()).toBe('Ceasefire');
    store.close();
  });

  it('keeps named versions with their full state, unique per document, found by id or name', () => {
    const path = dir.file('w.draftroom');
    const { store, members, documents } = buildWorkspace(path, spec);
    const docId = documents['Peace framework']!.id;
    const other = documents['European 6-point framework']!.id;
    const alice = members['Alice Drafter']!;
    const ydoc = new Y.Doc();
    seedContent(ydoc, proposal(clause('c1', p('Twenty-eight points.'))));
    const first = store.createVersion({
      docId,
      name: 'U.S. 28-point draft',
      note: 'As published',
      authorId: alice.id,
      partyId: alice.partyId,
      createdAt: '2025-11-20T12:00:00Z',
      state: Y.encodeStateAsUpdate(ydoc),
    });
    const second = store.createVersion({ docId, name: 'U.S.–Ukraine 20-point proposal', state: Y.encodeStateAsUpdate(ydoc) });
    expect(first).toMatchObject({ docId, note: 'As published', authorId: alice.id, createdAt: '2025-11-20T12:00:00.000Z' });
    expect(second).toMatchObject({ note: '', authorId: null, partyId: null });
    expect(codeOf(() => store.createVersion({ docId, name: 'u.s. 28-POINT draft', state: Y.encodeStateAsUpdate(ydoc) }))).toBe('conflict');
    expect(store.createVersion({ docId: other, name: 'U.S. 28-point draft', state: Y.encodeStateAsUpdate(ydoc) }).docId).toBe(other);
    expect(codeOf(() => store.createVersion({ docId, name: 'x', authorId: 'ghost', state: Y.encodeStateAsUpdate(ydoc) }))).toBe('unknown-member');
    expect(codeOf(() => store.createVersion({ docId, name: 'y', state: new Uint8Array([7]) }))).toBe('invalid-argument');
    store.close();

    const reopened = openWorkspace(path);
    expect(reopened.listVersions(docId)).toEqual([first, second]);
    const byName = reopened.getVersion(docId, 'u.s. 28-point DRAFT');
    expect(byName).toMatchObject(first);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, byName.state);
    expect(readProseMirrorDoc(restored).toJSON()).toEqual(readProseMirrorDoc(ydoc).toJSON());
    expect(reopened.getVersion(docId, second.id).name).toBe('U.S.–Ukraine 20-point proposal');
    expect(codeOf(() => reopened.getVersion(docId, 'Final text'))).toBe('unknown-version');
    expect(codeOf(() => reopened.getVersion(other, second.id))).toBe('unknown-version');
    expect(codeOf(() => reopened.listVersions('no-such-doc'))).toBe('unknown-document');
    reopened.close();
  });

  it('keeps preferences', () => {
    const path = dir.file('w.draftroom');
    const { store, members } = buildWorkspace(path, spec);
    expect(store.getPreference('identity.memberId')).toBeUndefined();
    store.setPreference('identity.memberId', members['Marie Dupont']!.id);
    store.setPreference('ui.zoom', '1.25');
    store.setPreference('ui.zoom', '1.5');
    store.deletePreference('ui.zoom');
    store.close();
    const reopened = openWorkspace(path);
    expect(reopened.getPreference('identity.memberId')).toBe(members['Marie Dupont']!.id);
    expect(reopened.getPreference('ui.zoom')).toBeUndefined();
    reopened.close();
  });

  it('creates only new files: an existing file is refused and left as it was', () => {
    const path = dir.file('w.draftroom');
    buildWorkspace(path, spec).store.close();
    const before = readFileSet(path);
    expect(codeOf(() => createWorkspace(path, { name: 'Again' }))).toBe('conflict');
    expect(fileSetDifferences(before, readFileSet(path))).toEqual([]);
    expect(codeOf(() => createWorkspace(dir.file('missing-folder/w.draftroom'), { name: 'X' }))).toBe('not-found');
    expect(codeOf(() => createWorkspace(dir.file('n.draftroom'), { name: ' ' }))).toBe('invalid-argument');
  });
});
