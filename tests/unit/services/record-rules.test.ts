import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { writeUpdate } from 'y-protocols/sync';
import type { ChangeRecord, Member } from '../../../shared/domain/types';
import { changesMap, commentsMap, readChange, readComments, writeChange, writeComment } from '../../../shared/ydoc/layout';
import { loadYDoc } from '../../../main/store/document-state';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { openWorkspace } from '../../../main/store/workspace-store';
import { makeWorkspace, MirrorClient, openPeer, syncUpdateFrom, tempDir, type TestPeople, type TestPeer } from './harness';


function record(id: string, author: Member, extra: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    id,
    kind: 'amended',
    partyId: author.partyId,
    authorId: author.id,
    createdAt: '2025-11-28T10:00:00.000Z',
    rationale: '',
    status: 'proposed',
    clauseIds: [],
    ...extra,
  };
}

describe('main checks what an update does to change records and comments', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let peers: TestPeer[];
  let docId: string;
  /** Main's view of the document, as the lead's mirror sees it. */
  let mirror: MirrorClient;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'rules.draftroom');
    people = makeWorkspace(path);
    registry = new WorkspaceRegistry();
    peers = [];
    const lead = await peer(people.bohdan);
    docId = (await lead.session.createDocument('Peace framework')).id;
    mirror = new MirrorClient(docId);
    await mirror.connect(lead);
    // Carol (U.S., suggester) proposes a change with a rationale; it is accepted as a legitimate update.
    const carol = await peer(people.carol);
    await carol.session.syncDocument(
      docId,
      syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, record('carol-1', people.carol, { rationale: 'Clearer wording.' }))),
    );
    await mirror.settled();
  });

  afterEach(() => {
    for (const p of peers) p.session.close();
    registry.closeAll();
    dir.cleanup();
  });

  async function peer(member: Member): Promise<TestPeer> {
    const p = openPeer(registry, path);
    peers.push(p);
    await p.session.setIdentity(member.id);
    return p;
  }

  function onDisk<T>(read: (doc: Y.Doc) => T): T {
    const store = openWorkspace(path);
    try {
      return read(loadYDoc(store, docId));
    } finally {
      store.close();
    }
  }

  async function refused(member: Member, edit: (doc: Y.Doc) => void): Promise<string> {
    const sender = await peer(member);
    const before = onDisk((doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex'));
    try {
      await sender.session.syncDocument(docId, syncUpdateFrom(mirror.doc, edit));
    } catch (error) {
      expect(error).toMatchObject({ code: 'forbidden' });
      // Nothing stored, and main's document is as it was: a later honest update still applies.
      expect(onDisk((doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex'))).toBe(before);
      return (error as Error).message;
    }
    throw new Error('expected the update to be refused');
  }

  it('refuses a change record in another member’s name', async () => {
    const message = await refused(people.alice, (doc) => writeChange(doc, record('forged', people.carol)));
    expect(message).toMatch(/own name \(Alice Drafter, United States\)/);
    expect(onDisk((doc) => readChange(doc, 'forged'))).toBeUndefined();
  });

  it('refuses a rationale edit from another party, accepts one from the same party', async () => {
    const message = await refused(people.bohdan, (doc) => writeChange(doc, { id: 'carol-1', rationale: 'Ukraine rewrote this.' }));
    expect(message).toMatch(/only members of the proposing party may edit its rationale/);
    const alice = await peer(people.alice);
    await alice.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, { id: 'carol-1', rationale: 'Agreed in the U.S. team.' })));
    expect(onDisk((doc) => readChange(doc, 'carol-1')?.rationale)).toBe('Agreed in the U.S. team.');
  });

  it('lets only a lead decide, in the lead’s own name', async () => {
    const decided = { id: 'carol-1', status: 'accepted' as const, decidedAt: '2025-11-28T11:00:00.000Z' };
    expect(await refused(people.alice, (doc) => writeChange(doc, { ...decided, decidedBy: people.alice.id }))).toMatch(/only a lead may accept/);
    expect(await refused(people.bohdan, (doc) => writeChange(doc, { ...decided, decidedBy: people.carol.id }))).toMatch(/own name/);
    const lead = await peer(people.bohdan);
    await lead.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, { ...decided, decidedBy: people.bohdan.id })));
    expect(onDisk((doc) => readChange(doc, 'carol-1'))).toMatchObject({ status: 'accepted', decidedBy: people.bohdan.id });
  });

  it('lets the author withdraw a change and sweep their own changes inside it, never another member’s (issue 13, rule 6)', async () => {
    const alice = await peer(people.alice);
    await alice.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, record('alice-1', people.alice))));
    const carol = await peer(people.carol);
    await carol.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, record('carol-2', people.carol))));
    await mirror.settled();
    const sweep = (id: string) => (doc: Y.Doc) =>
      doc.transact(() => {
        changesMap(doc).delete('carol-1');
        writeChange(doc, { id, status: 'rejected', decidedBy: people.carol.id, decidedAt: '2025-11-28T12:00:00.000Z' });
      });
    expect(await refused(people.carol, sweep('alice-1'))).toMatch(/change alice-1/);
    await carol.session.syncDocument(docId, syncUpdateFrom(mirror.doc, sweep('carol-2')));
    expect(onDisk((doc) => [readChange(doc, 'carol-1'), readChange(doc, 'carol-2')?.status, readChange(doc, 'alice-1')?.status])).toEqual([
      undefined,
      'rejected',
      'proposed',
    ]);
  });

  it('refuses comments in another member’s name and edits of someone else’s comment', async () => {
    const comment = {
      id: 'c-1',
      target: { type: 'change' as const, changeId: 'carol-1' },
      parentId: null,
      authorId: people.carol.id,
      partyId: people.us.id,
      body: 'Why this wording?',
      createdAt: '2025-11-28T10:05:00.000Z',
    };
    expect(await refused(people.alice, (doc) => writeComment(doc, comment))).toMatch(/own name/);
    const carol = await peer(people.carol);
    await carol.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeComment(doc, comment)));
    await mirror.settled();
    expect(await refused(people.bohdan, (doc) => writeComment(doc, { id: 'c-1', body: 'Edited by Ukraine.' }))).toMatch(/only its author/);
    expect(onDisk((doc) => readComments(doc).map((c) => c.body))).toEqual(['Why this wording?']);
  });
  it('refuses rewriting, deleting or replacing another member’s record', async () => {
    expect(await refused(people.alice, (doc) => writeChange(doc, { id: 'carol-1', kind: 'removed', clauseIds: ['some-clause'] }))).toMatch(
      /only its author may change the (kind|clauseIds)/,
    );
    expect(await refused(people.bohdan, (doc) => changesMap(doc).delete('carol-1'))).toMatch(/only its author may delete/);
    expect(
      await refused(people.alice, (doc) =>
        doc.transact(() => {
          changesMap(doc).delete('carol-1');
          writeChange(doc, record('carol-1', people.alice));
        }),
      ),
    ).toMatch(/only its author may replace/);
    expect(onDisk((doc) => readChange(doc, 'carol-1'))).toMatchObject({ authorId: people.carol.id, kind: 'amended', rationale: 'Clearer wording.' });
  });

  it('does not let a withdrawal overturn a decision, and keeps decided records from deletion', async () => {
    const lead = await peer(people.bohdan);
    await lead.session.syncDocument(
      docId,
      syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, { id: 'carol-1', status: 'accepted', decidedBy: people.bohdan.id, decidedAt: '2025-11-28T11:00:00.000Z' })),
    );
    const alice = await peer(people.alice);
    await alice.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, record('alice-2', people.alice))));
    await mirror.settled();
    const message = await refused(people.alice, (doc) =>
      doc.transact(() => {
        changesMap(doc).delete('alice-2');
        writeChange(doc, { id: 'carol-1', status: 'rejected', decidedBy: people.alice.id, decidedAt: '2025-11-28T12:00:00.000Z' });
      }),
    );
    expect(message).toMatch(/cannot be overturned \(it was accepted\)/);
    expect(await refused(people.carol, (doc) => changesMap(doc).delete('carol-1'))).toMatch(/only while it is proposed/);
    expect(onDisk((doc) => readChange(doc, 'carol-1')?.status)).toBe('accepted');
  });

  it('lets anyone resolve a thread in their own name, but not move, delete or sign for a comment', async () => {
    const comment = {
      id: 'c-2',
      target: { type: 'change' as const, changeId: 'carol-1' },
      parentId: null,
      authorId: people.carol.id,
      partyId: people.us.id,
      body: 'Open question.',
      createdAt: '2025-11-28T10:05:00.000Z',
    };
    const carol = await peer(people.carol);
    await carol.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeComment(doc, comment)));
    await mirror.settled();
    expect(await refused(people.bohdan, (doc) => writeComment(doc, { id: 'c-2', target: { type: 'clause', clauseId: 'elsewhere' } }))).toMatch(/target of a comment/);
    expect(await refused(people.bohdan, (doc) => commentsMap(doc).delete('c-2'))).toMatch(/cannot be deleted/);
    expect(await refused(people.bohdan, (doc) => writeComment(doc, { id: 'c-2', resolved: true, resolvedBy: people.carol.id }))).toMatch(/own name/);
    const lead = await peer(people.bohdan);
    await lead.session.syncDocument(
      docId,
      syncUpdateFrom(mirror.doc, (doc) => writeComment(doc, { id: 'c-2', resolved: true, resolvedBy: people.bohdan.id, resolvedAt: '2025-11-28T13:00:00.000Z' })),
    );
    expect(onDisk((doc) => readComments(doc).find((c) => c.id === 'c-2'))).toMatchObject({ resolved: true, body: 'Open question.' });
  });

  it('refuses an update that builds on a refused one, instead of parking it', async () => {
    const alice = await peer(people.alice);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(mirror.doc));
    const message = (update: Uint8Array): Uint8Array => {
      const encoder = encoding.createEncoder();
      writeUpdate(encoder, update);
      return encoding.toUint8Array(encoder);
    };
    let before = Y.encodeStateVector(replica);
    writeChange(replica, record('forged-2', people.carol));
    const forged = Y.encodeStateAsUpdate(replica, before);
    before = Y.encodeStateVector(replica);
    writeChange(replica, { id: 'forged-2', rationale: 'Now it looks like Carol’s.' });
    const dependent = Y.encodeStateAsUpdate(replica, before);
    await expect(alice.session.syncDocument(docId, message(forged))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(alice.session.syncDocument(docId, message(dependent))).rejects.toMatchObject({ code: 'forbidden' });
    expect(onDisk((doc) => readChange(doc, 'forged-2'))).toBeUndefined();
  });
  it('lets a decision race the author’s typing: the author may still update a decided change’s clauses and snippets', async () => {
    const lead = await peer(people.bohdan);
    await lead.session.syncDocument(
      docId,
      syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, { id: 'carol-1', status: 'accepted', decidedBy: people.bohdan.id, decidedAt: '2025-11-28T11:00:00.000Z' })),
    );
    await mirror.settled();
    const carol = await peer(people.carol);
    await carol.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, { id: 'carol-1', after: 'Clearer wording, typed on.' })));
    expect(await refused(people.carol, (doc) => writeChange(doc, { id: 'carol-1', kind: 'removed' }))).toMatch(/kind of a decided change/);
    // Two leads deciding at once are not refused (record-shapes.test.ts); deciding again over a decision is.
    expect(
      await refused(people.bohdan, (doc) => writeChange(doc, { id: 'carol-1', status: 'rejected', decidedBy: people.bohdan.id, decidedAt: '2025-11-28T11:00:01.000Z' })),
    ).toMatch(/cannot be overturned/);
    expect(onDisk((doc) => readChange(doc, 'carol-1'))).toMatchObject({ status: 'accepted', after: 'Clearer wording, typed on.' });
  });
});
