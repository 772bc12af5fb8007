import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentFragment } from '../../../shared/ydoc/layout';
import { PolicyArena } from './policy-harness';
import { clauseLines, insertClause } from './harness';

/** The clause element at `index`. */
function clause(doc: Y.Doc, index: number): Y.XmlElement {
  return contentFragment(doc).get(index) as Y.XmlElement;
}

/** The first paragraph's text of the clause at `index`. */
function firstText(doc: Y.Doc, index: number): Y.XmlText {
  return (clause(doc, index).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Moves the clause at `from` to `to` as the editor does: deleted and inserted again with its id and text. */
function moveClause(doc: Y.Doc, from: number, to: number): void {
  const moved = clause(doc, from);
  const id = String(moved.getAttribute('id'));
  const text = firstText(doc, from).toString();
  doc.transact(() => {
    contentFragment(doc).delete(from, 1);
    insertClause(doc, to, id, text);
  });
}

describe('the update policy keeps the content in the schema’s shapes, so reads never write (issue 13, rules 1 and 3)', () => {
  let arena: PolicyArena;

  beforeEach(async () => {
    arena = await new PolicyArena().setUp();
  });
  afterEach(() => arena.close());

  it('refuses structural faults a read would repair by deleting the clause', async () => {
    const { carol, bohdan } = arena.people;
    // A heading after the body: y-prosemirror's read cannot build the clause and deletes it.
    expect(await arena.refused(carol, arena.edit((doc) => clause(doc, 1).insert(1, [new Y.XmlElement('clause_heading')])))).toMatch(
      /clause c-elections is not in a shape Draftroom writes: invalid content in clause/,
    );
    // A clause that is only an empty heading, even from a lead.
    expect(
      await arena.refused(bohdan, arena.edit((doc) => {
        const bare = new Y.XmlElement('clause');
        bare.setAttribute('id', 'c-bare');
        bare.insert(0, [new Y.XmlElement('clause_heading')]);
        contentFragment(doc).insert(2, [bare]);
      })),
    ).toMatch(/invalid content in clause/);
    expect(await arena.refused(carol, arena.edit((doc) => (clause(doc, 1).get(0) as Y.XmlElement).insert(0, [new Y.XmlElement('script')])))).toMatch(
      /unknown node "script"/,
    );
    expect(await arena.refused(carol, arena.edit((doc) => clause(doc, 1).setAttribute('onclick', 'x')))).toMatch(/unknown attribute "onclick" on clause/);
    expect(await arena.refused(carol, arena.edit((doc) => firstText(doc, 1).format(0, 9, { link: { href: 'x' } })))).toMatch(/unknown mark "link"/);
    expect(await arena.refused(carol, arena.edit((doc) => firstText(doc, 1).insert(0, 'New ', { insertion: {} })))).toMatch(/an? insertion mark carries its change id/);
    expect(await arena.refused(carol, arena.edit((doc) => firstText(doc, 1).insertEmbed(0, { image: 'x' })))).toMatch(/embedded content/);
    expect(await arena.refused(bohdan, arena.edit((doc) => contentFragment(doc).delete(0, 2)))).toMatch(/at least one clause/);
  });

  it('refuses a second clause with a taken id, also when it hides an untracked replacement', async () => {
    const { carol, bohdan } = arena.people;
    expect(await arena.refused(bohdan, arena.edit((doc) => insertClause(doc, 0, 'c-elections', 'Elections are held after the ceasefire.')))).toMatch(
      /clause id c-elections is already taken/,
    );
    // An update carries every deletion its sender knows: an old clause's deletion is no move of this one.
    await arena.send(bohdan, arena.edit((doc) => insertClause(doc, 2, 'c-gone', 'Removed soon.')));
    await arena.send(bohdan, arena.edit((doc) => contentFragment(doc).delete(2, 1)));
    expect(await arena.refused(carol, arena.edit((doc) => insertClause(doc, 0, 'c-elections', 'Elections are held after the ceasefire.')))).toMatch(
      /clause id c-elections is already taken/,
    );
    // The copy placed first, the original replaced untracked.
    expect(
      await arena.refused(carol, arena.edit((doc) =>
        doc.transact(() => {
          insertClause(doc, 0, 'c-elections', 'Elections are held after the ceasefire.');
          firstText(doc, 2).delete(0, 9);
          firstText(doc, 2).insert(0, 'No elections');
        }),
      )),
    ).toMatch(/already taken/);
    // The same, with a clause moved in the same update (the shape of a concurrent move, which may repeat an id).
    expect(
      await arena.refused(carol, arena.edit((doc) =>
        doc.transact(() => {
          moveClause(doc, 0, 1);
          insertClause(doc, 0, 'c-elections', 'Elections are held after the ceasefire.');
          firstText(doc, 1).delete(0, 9);
          firstText(doc, 1).insert(0, 'No elections');
        }),
      )),
    ).toMatch(/already taken/);
    // After a real move of the clause, an update carries that move's deletion (the shape of the second of two
    // concurrent moves): the copy's id is still taken.
    await arena.send(arena.people.alice, arena.edit((doc) => moveClause(doc, 1, 0)));
    expect(
      await arena.refused(carol, arena.edit((doc) =>
        doc.transact(() => {
          insertClause(doc, 0, 'c-elections', 'Elections are held after the ceasefire.');
          firstText(doc, 1).delete(0, 9);
          firstText(doc, 1).insert(0, 'No elections');
        }),
      )),
    ).toMatch(/clause id c-elections is already taken/);
    // A lead neither: a second copy of a clause that was deleted and re-added earlier.
    expect(await arena.refused(bohdan, arena.edit((doc) => insertClause(doc, 2, 'c-elections', 'Elections are held after the ceasefire.')))).toMatch(
      /clause id c-elections is already taken/,
    );
  });

  it('refuses the second of two members moving one clause at once (it would duplicate the clause); the first move stands', async () => {
    const { alice, carol } = arena.people;
    const fromAlice = arena.edit((doc) => moveClause(doc, 1, 0));
    const fromCarol = arena.edit((doc) => moveClause(doc, 1, 0));
    await arena.send(alice, fromAlice);
    expect(await arena.refused(carol, fromCarol)).toMatch(/clause id c-elections is already taken by another clause; clause ids are unique/);
    const ids = contentFragment(arena.mirror.doc).toArray().map((c) => (c as Y.XmlElement).getAttribute('id'));
    expect(ids.filter((id) => id === 'c-elections')).toHaveLength(1);
    expect(ids.indexOf('c-elections')).toBe(0);
    expect(clauseLines(arena.mirror.doc)).toHaveLength(2);
  });
});
