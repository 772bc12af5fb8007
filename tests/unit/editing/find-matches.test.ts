import { describe, expect, it } from 'vitest';
import { findMatches } from '../../../shared/editing/find-matches';
import { clause, del, heading, li, p, proposal, strong, ul } from '../../helpers/builders';

describe('findMatches', () => {
  const doc = proposal(
    clause('a', heading('NATO'), p('No NATO troops; nato accession ', strong('ban'), ' removed.')),
    clause('b', p('Cap of ', strong('800'), ',000'), ul(li('NATO forces'))),
  );

  it('finds every case-insensitive occurrence, in order, with exact ranges', () => {
    const matches = findMatches(doc, 'nato');
    expect(matches).toHaveLength(4);
    for (const m of matches) expect(doc.textBetween(m.from, m.to).toLowerCase()).toBe('nato');
    const froms = matches.map((m) => m.from);
    expect([...froms].sort((x, y) => x - y)).toEqual(froms);
  });

  it('matches across mark boundaries', () => {
    const [match] = findMatches(doc, '800,000');
    expect(match).toBeDefined();
    expect(doc.textBetween(match!.from, match!.to)).toBe('800,000');
  });

  it('includes text proposed for deletion (it is still on the page)', () => {
    const marked = proposal(clause('a', p('Cap of ', del('x', '600,000'), '800,000')));
    expect(findMatches(marked, '600')).toHaveLength(1);
  });

  it('finds nothing for an empty query or an absent word', () => {
    expect(findMatches(doc, '')).toEqual([]);
    expect(findMatches(doc, 'Zaporizhzhia')).toEqual([]);
  });
});
