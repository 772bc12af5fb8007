import { describe, expect, it } from 'vitest';
import { listClauses } from '../../../shared/schema/clauses';
import { addedClause, br, clause, del, em, heading, ins, li, ol, olFrom, p, posAfter, posBefore, proposal, rangeOf, removedClause, strong, ul } from '../../helpers/builders';

describe('document builders', () => {
  const doc = proposal(
    clause('c1', heading('Troops'), p('Troop cap of ', ins('ch1', '800,000'), del('ch1', '600,000'), '.')),
    clause('c2', 'Plain paragraph.', ul(li('one'), li(strong('two'), ' and ', em(ins('ch2', 'three'))))),
    removedClause('ch3', 'c3', p('Gone', br(), 'soon.')),
    addedClause('ch4', 'c4', ol(li('first'), li('second')), olFrom(3, li('third'))),
  );

  it('build valid proposals whose plain-text views match what was written', () => {
    const clauses = listClauses(doc, 'marked');
    expect(clauses.map((c) => [c.id, c.number, c.heading, c.pendingRemoval, c.pendingAddition])).toEqual([
      ['c1', 1, 'Troops', false, false],
      ['c2', 2, '', false, false],
      ['c3', 3, '', true, false],
      ['c4', 4, '', false, true],
    ]);
    expect(clauses[0]!.text).toBe('Troop cap of [+800,000+][-600,000-].');
    expect(clauses[1]!.text).toBe('Plain paragraph.\n• one\n• two and [+three+]');
    expect(clauses[2]!.text).toBe('Gone\nsoon.');
    expect(clauses[3]!.text).toBe('1. first\n2. second\n3. third');
  });

  it('nest marks: the inner text carries every enclosing mark', () => {
    const three = doc.child(1).child(1).child(1).child(0).child(2);
    expect(three.text).toBe('three');
    expect(three.marks.map((m) => m.type.name).sort()).toEqual(['em', 'insertion']);
  });

  it('find text positions and refuse to guess when the text is not there', () => {
    const r = rangeOf(doc, '800,000');
    expect(doc.textBetween(r.from, r.to)).toBe('800,000');
    expect(posBefore(doc, '600,000')).toBe(r.to);
    expect(doc.textBetween(posAfter(doc, 'Troop cap'), posBefore(doc, '800,000'))).toBe(' of ');
    expect(doc.textBetween(rangeOf(doc, 'o', 1).from, rangeOf(doc, 'o', 1).to)).toBe('o');
    expect(() => rangeOf(doc, 'not in the document')).toThrow(/not found/);
  });
});
