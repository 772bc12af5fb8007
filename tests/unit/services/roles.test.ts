import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { writeSyncStep2, writeUpdate } from 'y-protocols/sync';
import type { Member } from '../../../shared/domain/types';
import { contentFragment } from '../../../shared/ydoc/layout';
import { dispatchApiCall } from '../../../main/services/dispatch';
import { IDENTITY_PREFERENCE } from '../../../main/services/identities';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { openWorkspace } from '../../../main/store/workspace-store';
import {
  clauseLines,
  clauseLinesOnDisk,
  documentMessages,
  makeWorkspace,
  MirrorClient,
  openPeer,
  tempDir,
  type TestPeople,
  type TestPeer,
  typeInClause,
} from './harness';

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** What the file holds for a document: highest sequence number and the clause text (a fresh connection). */
function onDisk(path: string, docId: string): { lastSeq: number; clauses: string[] } {
  const store = openWorkspace(path);
  try {
    return { lastSeq: store.readDocumentState(docId).lastSeq, clauses: clauseLinesOnDisk(path, docId) };
  } finally {
    store.close();
  }
}

/** A replica of a mirror's document and an edit made on it, as the bytes a renderer would send. */
function editOf(source: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(source));
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

describe('roles enforced by main: who may change a document', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let olga: Member;
  let registry: WorkspaceRegistry;
  let peers: TestPeer[];
  let docId: string;
  let drafter: TestPeer;
  let drafterMirror: MirrorClient;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'roles.draftroom');
    people = makeWorkspace(path);
    const store = openWorkspace(path);
    try {
      olga = store.addMember({ name: 'Olga Observer', partyId: people.ua.id, role: 'observer' });
    } finally {
      store.close();
    }
    registry = new WorkspaceRegistry();
    peers = [];
    drafter = await peer(people.alice);
    docId = (await drafter.session.createDocument('Peace framework')).id;
    drafterMirror = new MirrorClient(docId);
    await drafterMirror.connect(drafter);
    typeInClause(drafterMirror.doc, 0, 'Troop cap of 800,000.');
    await drafterMirror.settled();
    // New sessions would otherwise act as the remembered member (Alice).
    const held = registry.acquire(path);
    held.store.deletePreference(IDENTITY_PREFERENCE);
    registry.release(held);
  });

  afterEach(() => {
    for (const p of peers) p.session.close();
    registry.closeAll();
    dir.cleanup();
  });

  async function peer(member: Member | null): Promise<TestPeer> {
    const p = openPeer(registry, path);
    peers.push(p);
    if (member !== null) await p.session.setIdentity(member.id);
    return p;
  }

  for (const who of ['an observer', 'a session with no identity'] as const) {
    it(`${who} reads the document but its updates are refused with forbidden, nothing stored or broadcast`, async () => {
      const reader = await peer(who === 'an observer' ? olga : null);
      expect((await reader.session.getIdentity())?.member.role ?? null).toBe(who === 'an observer' ? 'observer' : null);

      // Reading works: the full handshake, including the reader's (empty) step 2 answer to main's step 1.
      const mirror = new MirrorClient(docId);
      await mirror.connect(reader);
      expect(clauseLines(mirror.doc)).toEqual(clauseLines(drafterMirror.doc));
      // A step 2 that only repeats what main has is not an edit either.
      const echo = message((e) => writeSyncStep2(e, mirror.doc));
      expect(await dispatchApiCall(reader.session, 'syncDocument', [docId, echo])).toMatchObject({ ok: true });

      const before = onDisk(path, docId);
      const seenByDrafter = documentMessages(drafter, docId);
      const typed = editOf(mirror.doc, (doc) => typeInClause(doc, 0, ' Observers may not add this.', { by: null }));
      const removed = editOf(mirror.doc, (doc) => contentFragment(doc).delete(0, 1));
      for (const refused of [
        message((e) => writeUpdate(e, typed)),
        message((e) => writeUpdate(e, removed)),
        message((e) => writeSyncStep2(e, (() => {
          const offline = new Y.Doc();
          Y.applyUpdate(offline, Y.encodeStateAsUpdate(mirror.doc));
          Y.applyUpdate(offline, typed);
          return offline;
        })())),
      ]) {
        const result = await dispatchApiCall(reader.session, 'syncDocument', [docId, refused]);
        expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        if (!result.ok) expect(result.error.message).toMatch(who === 'an observer' ? /Olga Observer .*observer/ : /choose who you are/);
      }

      expect(onDisk(path, docId)).toEqual(before);
      expect(documentMessages(drafter, docId)).toBe(seenByDrafter);
      // Main's live document did not take the edit either: a new reader gets the old text.
      const fresh = new MirrorClient(docId);
      await fresh.connect(await peer(people.bohdan));
      expect(clauseLines(fresh.doc)).toEqual(before.clauses);
      expect(clauseLines(fresh.doc).join('\n')).not.toContain('Observers may not');
    });
  }

  it('a suggester’s update is accepted, stored and broadcast; the same bytes from an observer were not', async () => {
    const observer = await peer(olga);
    const observerMirror = new MirrorClient(docId);
    await observerMirror.connect(observer);
    const update = message((e) => writeUpdate(e, editOf(observerMirror.doc, (doc) => typeInClause(doc, 0, ' Suggested text.', { by: people.carol }))));
    expect(await dispatchApiCall(observer.session, 'syncDocument', [docId, update])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const before = onDisk(path, docId);

    const suggester = await peer(people.carol);
    expect(await dispatchApiCall(suggester.session, 'syncDocument', [docId, update])).toMatchObject({ ok: true });
    const after = onDisk(path, docId);
    expect(after.lastSeq).toBe(before.lastSeq + 1);
    expect(after.clauses[0]).toMatch(/Troop cap of 800,000\. Suggested text\.$/);
    // Everyone who has the document open, the observer included, receives it.
    expect(clauseLines(drafterMirror.doc)).toEqual(after.clauses);
    expect(clauseLines(observerMirror.doc)).toEqual(after.clauses);
  });

  it('an observer who becomes a drafter in the session may then edit', async () => {
    const session = await peer(olga);
    const mirror = new MirrorClient(docId);
    await mirror.connect(session);
    const update = message((e) => writeUpdate(e, editOf(mirror.doc, (doc) => typeInClause(doc, 0, ' Now as a drafter.', { by: people.alice }))));
    expect(await dispatchApiCall(session.session, 'syncDocument', [docId, update])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await session.session.setIdentity(people.alice.id);
    expect(await dispatchApiCall(session.session, 'syncDocument', [docId, update])).toMatchObject({ ok: true });
    expect(onDisk(path, docId).clauses[0]).toMatch(/Now as a drafter\.$/);
  });
  it('an observer may neither create documents or named versions nor add members; a lead may add members', async () => {
    const reader = await peer(olga);
    for (const attempt of [
      reader.session.createDocument('Observer annex'),
      reader.session.createVersion(docId, 'Observer snapshot', ''),
      reader.session.addMember({ name: 'Friend', partyId: people.ua.id, role: 'lead' }),
    ]) {
      await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    }
    const store = openWorkspace(path);
    try {
      expect(store.listDocuments().map((d) => d.title)).toEqual(['Peace framework']);
      expect(store.listVersions(docId)).toHaveLength(0);
      expect(store.listMembers().map((m) => m.name)).not.toContain('Friend');
    } finally {
      store.close();
    }
    const lead = await peer(people.bohdan);
    await expect(lead.session.addMember({ name: 'Friend', partyId: people.ua.id, role: 'observer' })).resolves.toMatchObject({ name: 'Friend' });
  });
});
