import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Member } from '../../../shared/domain/types';
import { contentFragment } from '../../../shared/ydoc/layout';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { clauseLines, clauseLinesOnDisk, insertClause, makeWorkspace, MirrorClient, openPeer, syncUpdateFrom, tempDir, type TestPeople, type TestPeer, typeInClause } from './harness';


/** The first paragraph's text of the clause at `index`. */
function firstText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  const paragraph = clause.get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
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

  it('lets unmarked new text through (concurrent decisions make it legitimately) and a joined paragraph’s zero-width mark', async () => {
    expect(await send(people.carol, (doc) => typeInClause(doc, 0, ' Unmarked.', { tracked: false }))).toBeNull();
    // A tracked deletion across a paragraph boundary: the library marks a zero-width space as deleted.
    expect(await send(people.carol, (doc) => firstText(doc, 1).insert(0, '\u200B', { deletion: { id: 'join' } }))).toBeNull();
    expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));
  });

  it('accepts tracked insertions and deletions, moves and structure from a suggester, and anything from a lead', async () => {
    expect(await send(people.carol, (doc) => typeInClause(doc, 0, ' In peacetime.'))).toBeNull();
    expect(await send(people.carol, (doc) => firstText(doc, 0).format(0, 7, { deletion: { id: 'carol-del' } }))).toBeNull();
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
    expect(await send(people.bohdan, (doc) => firstText(doc, 1).delete(0, 7))).toBeNull();
    expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));
    expect(clauseLines(mirror.doc).join('\n')).toContain('In peacetime.');
  });
});
