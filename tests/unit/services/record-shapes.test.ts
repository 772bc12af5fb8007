import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { writeUpdate } from 'y-protocols/sync';
import type { ChangeRecord, CommentRecord, Member } from '../../../shared/domain/types';
import { changesMap, contentFragment, readChange, readComments, writeChange, writeComment } from '../../../shared/ydoc/layout';
import { loadYDoc } from '../../../main/store/document-state';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { openWorkspace } from '../../../main/store/workspace-store';
import { documentMessages, makeWorkspace, MirrorClient, openPeer, syncUpdateFrom, tempDir, type TestPeople, type TestPeer } from './harness';

/**
 * Issue 13, item 4: records and comments are well-formed. Raw Yjs updates,
 * as a hostile client would send them, through the real hub and policy:
 * each is refused, nothing is stored or broadcast, and main's memory equals
 * its disk.
 */

const T0 = '2025-11-28T10:00:00.000Z';

function record(id: string, author: Member, extra: Partial<ChangeRecord> = {}): ChangeRecord {
  return { id, kind: 'amended', partyId: author.partyId, authorId: author.id, createdAt: T0, rationale: '', status: 'proposed', clauseIds: [], ...extra };
}

function comment(id: string, author: Member, extra: Partial<CommentRecord> = {}): CommentRecord {
  return { id, target: { type: 'change', changeId: 'ru-1' }, parentId: null, authorId: author.id, partyId: author.partyId, body: 'Why?', createdAt: T0, ...extra };
}

function stateOf(doc: Y.Doc): string {
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

describe('main refuses malformed records and comments, and decisions made over a decision', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let peers: TestPeer[];
  let docId: string;
  /** A lead's window: sees main's document and every broadcast. */
  let watcher: TestPeer;
  let mirror: MirrorClient;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'shapes.draftroom');
    people = makeWorkspace(path);
    registry = new WorkspaceRegistry();
    peers = [];
    watcher = await peer(people.bohdan);
    docId = (await watcher.session.createDocument('Peace framework')).id;
    mirror = new MirrorClient(docId);
    await mirror.connect(watcher);
    const carol = await peer(people.carol);
    await carol.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeChange(doc, record('ru-1', people.carol, { rationale: 'Shorter.' }))));
    await carol.session.syncDocument(docId, syncUpdateFrom(mirror.doc, (doc) => writeComment(doc, comment('c-1', people.carol))));
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
      const doc = loadYDoc(store, docId);
      try {
        return read(doc);
      } finally {
        doc.destroy();
      }
    } finally {
      store.close();
    }
  }

  /** What main holds in memory, as a new window loads it. */
  async function inMemory(): Promise<Y.Doc> {
    const fresh = new MirrorClient(docId);
    await fresh.connect(await peer(people.bohdan));
    return fresh.doc;
  }

  async function refused(member: Member, message: Uint8Array): Promise<string> {
    const sender = await peer(member);
    const disk = onDisk(stateOf);
    const broadcasts = documentMessages(watcher, docId);
    let reason: string | null = null;
    try {
      await sender.session.syncDocument(docId, message);
    } catch (error) {
      expect(error).toMatchObject({ code: 'forbidden' });
      reason = (error as Error).message;
    }
    if (reason === null) throw new Error('expected the update to be refused');
    expect(onDisk(stateOf), 'nothing stored').toBe(disk);
    expect(documentMessages(watcher, docId), 'nothing broadcast').toBe(broadcasts);
    expect(Y.encodeStateVector(await inMemory()), 'memory equals disk').toEqual(onDisk((doc) => Y.encodeStateVector(doc)));
    return reason;
  }

  const edit = (fn: (doc: Y.Doc) => void): Uint8Array => syncUpdateFrom(mirror.doc, fn);

  it('refuses a status "banana" and fields the app never writes', async () => {
    expect(await refused(people.carol, edit((doc) => writeChange(doc, record('ru-2', people.carol, { status: 'banana' as never }))))).toMatch(
      /"banana" is not a status/,
    );
    expect(await refused(people.carol, edit((doc) => writeChange(doc, { id: 'ru-1', admin: true } as never)))).toMatch(/malformed change record \(.*admin/);
    expect(await refused(people.carol, edit((doc) => writeChange(doc, record('ru-3', people.carol, { createdAt: 'yesterday' }))))).toMatch(/createdAt/);
    expect(await refused(people.carol, edit((doc) => changesMap(doc).set('ru-4', 'not a record' as never)))).toMatch(/malformed change record/);
    expect(onDisk((doc) => readChange(doc, 'ru-2'))).toBeUndefined();
  });

  it('refuses a second record carrying another change’s id', async () => {
    // Alice's own record, in her own name, under a new key but with Carol's change id inside.
    const reason = await refused(people.alice, edit((doc) => writeChange(doc, { ...record('ru-1', people.alice, { rationale: 'Not Carol’s.' }), id: 'ru-1' })));
    expect(reason).toMatch(/author and party of a change record cannot be changed/);
    const twin = edit((doc) => {
      const entry = new Y.Map<unknown>();
      changesMap(doc).set('alice-twin', entry);
      for (const [key, value] of Object.entries(record('ru-1', people.alice))) entry.set(key, value);
    });
    expect(await refused(people.alice, twin)).toMatch(/stored under "alice-twin" carries the id "ru-1"/);
  });

  it('refuses reopening or flipping a decided change, even by a lead', async () => {
    const lead = await peer(people.bohdan);
    await lead.session.syncDocument(docId, edit((doc) => writeChange(doc, { id: 'ru-1', status: 'accepted', decidedBy: people.bohdan.id, decidedAt: T0 })));
    await mirror.settled();
    expect(await refused(people.bohdan, edit((doc) => writeChange(doc, { id: 'ru-1', status: 'rejected', decidedAt: '2025-11-28T11:00:00.000Z' })))).toMatch(
      /cannot be overturned \(it was accepted\)/,
    );
    expect(
      await refused(
        people.bohdan,
        edit((doc) => {
          const entry = changesMap(doc).get('ru-1')!;
          doc.transact(() => {
            entry.set('status', 'proposed');
            entry.delete('decidedBy');
            entry.delete('decidedAt');
          });
        }),
      ),
    ).toMatch(/cannot be reopened/);
    expect(await refused(people.bohdan, edit((doc) => writeChange(doc, { id: 'ru-1', decidedAt: '2025-11-28T12:00:00.000Z' })))).toMatch(/decided again/);
    expect(onDisk((doc) => readChange(doc, 'ru-1'))).toMatchObject({ status: 'accepted', decidedAt: T0 });
  });

  it('lets two leads decide the same change at once: the later arrival is not a flip', async () => {
    const replicaOf = (clientID: number): Y.Doc => {
      const replica = new Y.Doc();
      replica.clientID = clientID;
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(mirror.doc));
      return replica;
    };
    const message = (replica: Y.Doc, fn: (doc: Y.Doc) => void): Uint8Array => {
      const before = Y.encodeStateVector(replica);
      fn(replica);
      const encoder = encoding.createEncoder();
      writeUpdate(encoder, Y.encodeStateAsUpdate(replica, before));
      return encoding.toUint8Array(encoder);
    };
    // Client ids fixed so that the second decision wins the race in Yjs (the higher id is written last).
    const first = message(replicaOf(2_000_000_001), (doc) => writeChange(doc, { id: 'ru-1', status: 'accepted', decidedBy: people.bohdan.id, decidedAt: T0 }));
    const second = message(replicaOf(2_000_000_002), (doc) =>
      writeChange(doc, { id: 'ru-1', status: 'rejected', decidedBy: people.bohdan.id, decidedAt: '2025-11-28T10:00:01.000Z' }),
    );
    await (await peer(people.bohdan)).session.syncDocument(docId, first);
    await (await peer(people.bohdan)).session.syncDocument(docId, second);
    expect(onDisk((doc) => readChange(doc, 'ru-1'))).toMatchObject({ status: 'rejected', decidedAt: '2025-11-28T10:00:01.000Z' });
  });

  it('refuses text carrying marks that exclude each other (inserted and deleted at once)', async () => {
    const both = edit((doc) => {
      const clause = contentFragment(doc).get(0) as Y.XmlElement;
      const paragraph = clause.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph')!;
      const text = new Y.XmlText();
      text.insert(0, 'Both at once.', { insertion: { id: 'ru-1' }, deletion: { id: 'ru-1' } });
      paragraph.insert(paragraph.length, [text]);
    });
    expect(await refused(people.bohdan, both)).toMatch(/Invalid collection of marks/);
  });

  it('refuses a comment created resolved in someone else’s name, malformed, or replying to nothing', async () => {
    const resolvedFor = { resolved: true, resolvedBy: people.carol.id, resolvedAt: T0 };
    expect(await refused(people.alice, edit((doc) => writeComment(doc, comment('c-2', people.alice, resolvedFor))))).toMatch(/someone else’s name/);
    expect(await refused(people.alice, edit((doc) => writeComment(doc, comment('c-3', people.alice, { body: '' }))))).toMatch(/body/);
    expect(await refused(people.alice, edit((doc) => writeComment(doc, comment('c-4', people.alice, { parentId: 'nowhere' }))))).toMatch(/does not exist/);
    expect(await refused(people.alice, edit((doc) => writeComment(doc, { ...comment('c-5', people.alice), id: 'c-1' })))).toMatch(/own name|carries the id|cannot be/);
    expect(await refused(people.alice, edit((doc) => writeComment(doc, { id: 'c-1', resolved: true })))).toMatch(/own name|names who/);
    // The legitimate cases: a thread started and resolved offline by its author, a reply on the root's target.
    const alice = await peer(people.alice);
    await alice.session.syncDocument(docId, edit((doc) => writeComment(doc, comment('c-6', people.alice, { ...resolvedFor, resolvedBy: people.alice.id }))));
    await alice.session.syncDocument(docId, edit((doc) => writeComment(doc, comment('c-7', people.alice, { parentId: 'c-1' }))));
    expect(onDisk((doc) => readComments(doc).map((c) => c.id))).toEqual(['c-1', 'c-6', 'c-7']);
  });
});
