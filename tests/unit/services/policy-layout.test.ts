import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { contentFragment } from '../../../shared/ydoc/layout';
import { PolicyArena } from './policy-harness';
import { typeInClause } from './harness';

/** A V1 update with no structs and one deletion range (what a hostile client can write by hand). */
function deletionOnly(client: number, clock: number, len: number): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 0);
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, client);
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, clock);
  encoding.writeVarUint(encoder.restEncoder, len);
  return encoder.toUint8Array();
}

describe('the update policy keeps a document inside its layout and its limits (issue 13, rule 5)', () => {
  let arena: PolicyArena;

  afterEach(() => arena.close());

  it('refuses new top-level types and the layout’s types in another shape', async () => {
    arena = await new PolicyArena().setUp();
    const { bohdan, alice } = arena.people;
    expect(await arena.refused(bohdan, arena.edit((doc) => doc.getText('notes').insert(0, 'x'.repeat(1024 * 1024))))).toMatch(
      /top-level "notes", which is not part of a Draftroom document/,
    );
    expect(await arena.refused(alice, arena.edit((doc) => doc.getArray('stash').insert(0, [1, 2, 3])))).toMatch(/top-level "stash"/);
    const other = new Y.Doc();
    other.getArray('changes').insert(0, ['not a record']);
    expect(await arena.refused(alice, arena.raw(Y.encodeStateAsUpdate(other)))).toMatch(/"changes" in a shape Draftroom does not use/);
    const text = new Y.Doc();
    text.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('loose text')]);
    expect(await arena.refused(bohdan, arena.raw(Y.encodeStateAsUpdate(text)))).toMatch(/something other than a clause at the top of "prosemirror"/);
    const plain = new Y.Doc();
    plain.getMap('comments').set('c1', 'a string, not a comment');
    expect(await arena.refused(alice, arena.raw(Y.encodeStateAsUpdate(plain)))).toMatch(/malformed comment/);
  });

  it('refuses deletion ranges past what exists, even from a lead', async () => {
    arena = await new PolicyArena().setUp();
    const { bohdan } = arena.people;
    const leadClient = arena.mirror.doc.clientID;
    expect(await arena.refused(bohdan, arena.raw(deletionOnly(leadClient, 0, 2 ** 40)))).toMatch(/past what exists/);
    expect(await arena.refused(bohdan, arena.raw(deletionOnly(987654321, 2 ** 40, 5)))).toMatch(/past what exists/);
    // A deletion of what exists is an ordinary (lead's) edit.
    await arena.send(bohdan, arena.edit((doc) => contentFragment(doc).delete(1, 1)));
    expect(arena.onDisk()).toEqual(arena.inMemory());
  });

  it('refuses an update larger than the limit, and growth past the limit per member and minute', async () => {
    arena = await new PolicyArena({ limits: { maxUpdateBytes: 64 * 1024, maxGrowthPerMinute: 40 * 1024 } }).setUp();
    const { bohdan, carol, alice } = arena.people;
    expect(await arena.refused(bohdan, arena.edit((doc) => typeInClause(doc, 0, 'x'.repeat(100 * 1024), { tracked: false })))).toMatch(
      /one update may carry at most 64 KB/,
    );
    await arena.send(carol, arena.edit((doc) => typeInClause(doc, 0, 'a'.repeat(15 * 1024), { by: carol })));
    await arena.send(carol, arena.edit((doc) => typeInClause(doc, 0, 'b'.repeat(15 * 1024), { by: carol })));
    expect(await arena.refused(carol, arena.edit((doc) => typeInClause(doc, 0, 'c'.repeat(15 * 1024), { by: carol })))).toMatch(/within a minute; the limit is 40 KB/);
    // Another member is counted apart.
    await arena.send(alice, arena.edit((doc) => typeInClause(doc, 1, 'd'.repeat(15 * 1024), { by: alice })));
    expect(arena.onDisk()).toEqual(arena.inMemory());
  });
});
