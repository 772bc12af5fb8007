import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { ChangeRecord, Member } from '../../../shared/domain/types';
import { contentFragment, writeChange } from '../../../shared/ydoc/layout';
import { encodeSyncUpdate } from '../../../main/services/sync-message';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { clauseLines, clauseLinesOnDisk, insertClause, makeWorkspace, MirrorClient, openPeer, syncUpdateFrom, tempDir, type TestPeople, type TestPeer, typeInClause } from './harness';


/** The first paragraph's text of the clause at `index`. */
function firstText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  const paragraph = clause.get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

function ownRecord(id: string, author: Member, extra: Partial<ChangeRecord> = {}): ChangeRecord {
  return { id, kind: 'amended', partyId: author.partyId, authorId: author.id, createdAt: '2025-11-28T10:00:00.000Z', rationale: '', status: 'proposed', clauseIds: [], ...extra };
}

/** A replica of `source` with a fixed Yjs client id. */
function replicaOf(source: Y.Doc, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

/** The V1 update an edit of `doc` makes. */
function changeOf(doc: Y.Doc, edit: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.transact(edit);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('main refuses untracked text edits from members who may only suggest', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let peers: TestPeer[];
  let docId: string;
  let mirror: MirrorClient;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'tracked.draftroom');
    people = makeWorkspace(path);
    registry = new WorkspaceRegistry();
    peers = [];
    const lead = await peer(people.bohdan);
    docId = (await lead.session.createDocument('Peace framework')).id;
    mirror = new MirrorClient(docId);
    await mirror.connect(lead);
    // The lead writes two clauses directly (leads may edit untracked).
    typeInClause(mirror.doc, 0, 'Ukraine keeps an army of 800,000.', { tracked: false });
    insertClause(mirror.doc, 1, 'c-elections', 'Elections are held after the ceasefire.');
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

  async function sendUpdate(member: Member, doc: Y.Doc, edit: () => void): Promise<void> {
    const sender = await peer(member);
    await sender.session.syncDocument(docId, encodeSyncUpdate(changeOf(doc, edit)));
  }

  async function send(member: Member, edit: (doc: Y.Doc) => void): Promise<string | null> {
    const sender = await peer(member);
    try {
      await sender.session.syncDocument(docId, syncUpdateFrom(mirror.doc, edit));
      await mirror.settled();
      return null;
    } catch (error) {
      expect(error).toMatchObject({ code: 'forbidden' });
      return (error as Error).message;
    }
  }

  it('refuses deleting or replacing text and removing a clause outright, and stores none of it', async () => {
    const before = clauseLinesOnDisk(path, docId);
    expect(await send(people.alice, (doc) => firstText(doc, 0).delete(0, 7))).toMatch(/drafter and may delete or replace text only as tracked/);
    expect(
      await send(people.carol, (doc) =>
        doc.transact(() => {
          firstText(doc, 0).delete(26, 7);
          firstText(doc, 0).insert(26, '900,000');
        }),
      ),
    ).toMatch(/suggester and may delete or replace text only as tracked suggestions/);
    expect(await send(people.carol, (doc) => contentFragment(doc).delete(1, 1))).toMatch(/may propose removing a clause, not remove it/);
    expect(clauseLinesOnDisk(path, docId)).toEqual(before);
  });

  it('refuses unmarked insertions, white space included, and a new clause without its record (issue 13, rule 6)', async () => {
    expect(await send(people.carol, (doc) => firstText(doc, 0).insert(0, 'Not ', undefined))).toMatch(/may add text only as tracked suggestions \(clause/);
    expect(await send(people.alice, (doc) => firstText(doc, 1).insert(9, ' ', undefined))).toMatch(/may add text only as tracked suggestions/);
    expect(await send(people.carol, (doc) => insertClause(doc, 2, 'c-untracked', 'Sanctions are lifted at once.'))).toMatch(
      /may add a clause only as a proposal with its change record \(clause c-untracked\)/,
    );
    // A tracked deletion across a paragraph boundary: the library marks a zero-width space as deleted.
    expect(
      await send(people.carol, (doc) =>
        doc.transact(() => {
          firstText(doc, 1).insert(0, '\u200B', { deletion: { id: 'join' } });
          writeChange(doc, ownRecord('join', people.carol));
        }),
      ),
    ).toBeNull();
    // A proposed clause with its record, in one update, from the same replica.
    expect(
      await send(people.carol, (doc) =>
        doc.transact(() => {
          insertClause(doc, 2, 'c-proposed', 'Sanctions are lifted in stages.');
          writeChange(doc, ownRecord('carol-add', people.carol, { kind: 'added', clauseIds: ['c-proposed'] }));
        }),
      ),
    ).toBeNull();
    expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));
  });

  it('refuses a forged "added" record that would exempt someone else’s clause, split over two updates (rule 6)', async () => {
    expect(
      await send(people.carol, (doc) => writeChange(doc, ownRecord('carol-forged', people.carol, { kind: 'added', clauseIds: ['c-elections'] }))),
    ).toBeNull();
    expect(await send(people.carol, (doc) => firstText(doc, 1).delete(0, 9))).toMatch(/may delete or replace text only as tracked suggestions \(clause c-elections\)/);
    expect(await send(people.carol, (doc) => contentFragment(doc).delete(1, 1))).toMatch(/may propose removing a clause, not remove it/);
    expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));
  });

  it('refuses a forged "added" record for a clause the sender’s own client re-created by moving it, in either order (rule 6)', async () => {
    // Moves the clause to the other end of the document: deleted and inserted again with its id and text.
    const move = (doc: Y.Doc) =>
      doc.transact(() => {
        const at = contentFragment(doc).toArray().findIndex((c) => (c as Y.XmlElement).getAttribute('id') === 'c-elections');
        contentFragment(doc).delete(at, 1);
        insertClause(doc, at === 0 ? 1 : 0, 'c-elections', 'Elections are held after the ceasefire.');
      });
    const forge = (doc: Y.Doc) => writeChange(doc, ownRecord('carol-forged', people.carol, { kind: 'added', clauseIds: ['c-elections'] }));
    // Moved first (a move keeps the text: accepted), then the record alone: it would take the clause's original text
    // out of every later comparison.
    expect(await send(people.carol, move)).toBeNull();
    expect(await send(people.carol, forge)).toMatch(/may not exempt an existing clause by proposing it as new \(clause c-elections\)/);
    // The record first (it names someone else's clause: it exempts nothing), then the move that would re-create the
    // clause under the sender's own client.
    expect(await send(people.bohdan, move)).toBeNull();
    expect(await send(people.carol, forge)).toBeNull();
    expect(await send(people.carol, move)).toMatch(/may propose removing a clause, not remove it \(clause c-elections\)/);
    const at = contentFragment(mirror.doc).toArray().findIndex((c) => (c as Y.XmlElement).getAttribute('id') === 'c-elections');
    expect(await send(people.carol, (doc) => contentFragment(doc).delete(at, 1))).toMatch(/may propose removing a clause, not remove it/);
    expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));
    expect(clauseLines(mirror.doc)).toContain('c-elections: Elections are held after the ceasefire.');
  });

  it('lets a suggester’s typing through that a lead’s acceptance of the same change unmarked on the way (both client orders)', async () => {
    for (const [carolClient, leadClient] of [
      [1_000_001, 2_000_002],
      [2_000_003, 1_000_004],
    ] as const) {
      const carolDoc = replicaOf(mirror.doc, carolClient);
      const changeId = `carol-typing-${carolClient}`;
      const typed = ' In peacetime.';
      await sendUpdate(people.carol, carolDoc, () => {
        const text = firstText(carolDoc, 0);
        text.insert(text.length, typed, { insertion: { id: changeId } });
        writeChange(carolDoc, ownRecord(changeId, people.carol));
      });
      await mirror.settled();
      // The lead accepts the change; meanwhile Carol, who has not seen it yet, goes on typing under its mark.
      const leadDoc = replicaOf(mirror.doc, leadClient);
      const acceptance = changeOf(leadDoc, () => {
        const text = firstText(leadDoc, 0);
        text.format(text.length - typed.length, typed.length, { insertion: null });
        writeChange(leadDoc, { id: changeId, status: 'accepted', decidedBy: people.bohdan.id, decidedAt: '2025-11-28T11:00:00.000Z' });
      });
      const more = changeOf(carolDoc, () => {
        const text = firstText(carolDoc, 0);
        text.insert(text.length, ' Really.', { insertion: { id: changeId } });
      });
      await (await peer(people.bohdan)).session.syncDocument(docId, encodeSyncUpdate(acceptance));
      await (await peer(people.carol)).session.syncDocument(docId, encodeSyncUpdate(more));
      await mirror.settled();
      expect(firstText(mirror.doc, 0).toString()).toContain('In peacetime. Really.');
    }
    expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));
  });

  it('accepts tracked insertions and deletions, moves and structure from a suggester, and anything from a lead', async () => {
    expect(await send(people.carol, (doc) => typeInClause(doc, 0, ' In peacetime.', { by: people.carol }))).toBeNull();
    expect(
      await send(people.carol, (doc) =>
        doc.transact(() => {
          firstText(doc, 0).format(0, 7, { deletion: { id: 'carol-del' } });
          writeChange(doc, ownRecord('carol-del', people.carol));
        }),
      ),
    ).toBeNull();
    // A move: the clause deleted and inserted again with its id and text, in one transaction.
    expect(
      await send(people.alice, (doc) =>
        doc.transact(() => {
          contentFragment(doc).delete(1, 1);
          insertClause(doc, 0, 'c-elections', 'Elections are held after the ceasefire.');
        }),
      ),
    ).toBeNull();
    // A paragraph split: the same words in two paragraphs.
    expect(
      await send(people.carol, (doc) => {
        const clause = contentFragment(doc).get(0) as Y.XmlElement;
        const text = (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
        const tail = text.toString().length - 'the ceasefire.'.length;
        doc.transact(() => {
          text.delete(tail, 'the ceasefire.'.length);
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [new Y.XmlText('the ceasefire.')]);
          clause.insert(1, [paragraph]);
        });
      }),
    ).toBeNull();
    expect(await send(people.bohdan, (doc) => firstText(doc, 0).delete(0, 10))).toBeNull();
    expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));
    expect(clauseLines(mirror.doc).join('\n')).toContain('In peacetime.');
  });
});
