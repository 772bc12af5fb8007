import { describe, expect, it } from 'vitest';
import {
  OUTLINE_WORDS,
  countDocumentWords,
  countWords,
  firstWords,
  summarizeClause,
} from '../../../shared/editing/clause-summary';
import { clause, del, heading, li, p, proposal, strong, ul } from '../../helpers/builders';

describe('clause summaries', () => {
  it('uses the heading for the outline when there is one', () => {
    const c = clause('a', heading('Security guarantees'), p('Ukraine will receive reliable guarantees.'));
    const summary = summarizeClause(c);
    expect(summary.heading).toBe('Security guarantees');
    expect(summary.firstWords).toBe('Security guarantees');
    expect(summary.words).toBe(7);
  });

  it('cuts long bodies after a fixed number of words', () => {
    const body = 'The size of the Armed Forces of Ukraine will be capped at 800,000 in peacetime.';
    const summary = summarizeClause(clause('b', p(body)));
    const words = body.split(' ');
    expect(summary.firstWords).toBe(`${words.slice(0, OUTLINE_WORDS).join(' ')}…`);
    expect(summary.words).toBe(words.length);
  });

  it('counts list items and marked text, not text proposed for deletion', () => {
    const c = clause('c', p('Cap of ', strong('800,000'), del('x', ' or 600,000')), ul(li('in peacetime'), li('reviewed')));
    expect(summarizeClause(c).words).toBe(6);
  });

  it('caches per clause node', () => {
    const c = clause('d', p('Same node'));
    expect(summarizeClause(c)).toBe(summarizeClause(c));
  });

  it('adds up a whole proposal', () => {
    const doc = proposal(clause('a', p('One two')), clause('b', heading('Three'), p('four five six')));
    expect(countDocumentWords(doc)).toBe(6);
  });

  it('counts and cuts plain text', () => {
    expect(countWords('  ')).toBe(0);
    expect(countWords('U.S.–Ukraine 20-point plan')).toBe(3);
    expect(firstWords('a b c', 3)).toBe('a b c');
    expect(firstWords('a b c d', 3)).toBe('a b c…');
  });
});
