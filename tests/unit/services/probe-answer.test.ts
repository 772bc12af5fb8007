/**
 * A replica's confirmation probe (a sync step 1 on a connection already in
 * sync) is answered without the document's whole delete set: only the first
 * step 1 of a peer, or one whose state vector lacks structs main has, gets a
 * full step 2; after a rollback every peer gets a full one again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2 } from 'y-protocols/sync';
import { contentFragment } from '../../../shared/ydoc/layout';
import { syncStep1Message } from '../../helpers/sync-messages';
import { PolicyArena } from './policy-harness';

/** The update a step 2 reply carries, decoded. */
function step2Of(reply: Uint8Array | undefined): { structs: number; deletedClients: number } {
  const decoder = decoding.createDecoder(reply!);
  expect(decoding.readVarUint(decoder)).toBe(messageYjsSyncStep2);
  const update = Y.decodeUpdate(decoding.readVarUint8Array(decoder));
  return { structs: update.structs.length, deletedClients: update.ds.clients.size };
}

describe('the answer to a repeated sync step 1', () => {
  let arena: PolicyArena;
  beforeEach(async () => {
    arena = await new PolicyArena().setUp();
    // Some history: the lead deletes a word, so the document has a delete set.
    contentFragment(arena.mirror.doc).doc!.transact(() => {
      const clause = contentFragment(arena.mirror.doc).get(0) as Y.XmlElement;
      ((clause.get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 8);
    });
    await arena.mirror.settled();
  });
  afterEach(() => arena.close());

  it('carries the delete set the first time, nothing on a probe that has every struct, everything again when structs are missing', async () => {
    const alice = await arena.peer(arena.people.alice);
    const vector = () => Y.encodeStateVector(arena.mirror.doc);
    const first = await alice.session.syncDocument(arena.docId, syncStep1Message(vector()));
    expect(step2Of(first[0])).toEqual({ structs: 0, deletedClients: 1 });
    const probe = await alice.session.syncDocument(arena.docId, syncStep1Message(vector()));
    expect(step2Of(probe[0])).toEqual({ structs: 0, deletedClients: 0 });
    expect(probe).toHaveLength(2);
    // Another deletion reaches Alice's session as an update; her next probe still gets nothing more.
    contentFragment(arena.mirror.doc).doc!.transact(() => {
      const clause = contentFragment(arena.mirror.doc).get(0) as Y.XmlElement;
      ((clause.get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 6);
    });
    await arena.mirror.settled();
    expect(step2Of((await alice.session.syncDocument(arena.docId, syncStep1Message(vector())))[0])).toEqual({ structs: 0, deletedClients: 0 });
    // A peer behind main gets the full answer.
    expect(step2Of((await alice.session.syncDocument(arena.docId, syncStep1Message(new Uint8Array([0]))))[0]).structs).toBeGreaterThan(0);
  });

  it('answers in full again after main rolled the document back', async () => {
    const alice = await arena.peer(arena.people.alice);
    const vector = () => Y.encodeStateVector(arena.mirror.doc);
    await alice.session.syncDocument(arena.docId, syncStep1Message(vector()));
    expect(step2Of((await alice.session.syncDocument(arena.docId, syncStep1Message(vector())))[0]).deletedClients).toBe(0);
    // A suggester's removal of a clause is refused, and main's memory rolled back.
    await arena.refused(arena.people.carol, arena.edit((doc) => contentFragment(doc).delete(0, 1)));
    expect(step2Of((await alice.session.syncDocument(arena.docId, syncStep1Message(vector())))[0]).deletedClients).toBe(1);
  });
});
