import { describe, expect, it } from 'vitest';
import { compareTargetLabels, targetLabeller } from '../../../shared/comments/target-labels';
import { clause, heading, p, proposal } from '../../helpers/builders';
import { PARTIES, record } from './fixtures';

const doc = proposal(
  clause('c-first', heading('Sovereignty'), p('Ukraine’s sovereignty is confirmed.')),
  clause('c-cap', heading('Armed forces'), p('At most 800,000 personnel.')),
  clause('c-plain', p('A clause without a heading, with quite a few words in its first sentence here.')),
);
const records = [
  record('ch-cap', { clauseIds: ['c-cap'], status: 'accepted' }),
  record('ch-move', { kind: 'moved', clauseIds: ['c-plain'], movedFrom: 1, partyId: PARTIES.us.id }),
  record('ch-gone', { kind: 'removed', clauseIds: ['c-removed'], status: 'accepted' }),
];
const labelOf = targetLabeller(doc, records, Object.values(PARTIES));

describe('targetLabeller', () => {
  it('names a clause by its current number and heading (or first words)', () => {
    expect(labelOf({ type: 'clause', clauseId: 'c-cap' })).toMatchObject({ point: 'Point 2', summary: 'Armed forces', order: 1, key: 'clause:c-cap' });
    expect(labelOf({ type: 'clause', clauseId: 'c-plain' })).toMatchObject({ point: 'Point 3 (was 1)', summary: 'A clause without a heading, with quite a…' });
  });

  it('names a change by party, kind, status and the clause it touches', () => {
    expect(labelOf({ type: 'change', changeId: 'ch-cap' })).toMatchObject({
      point: 'Point 2',
      change: { kind: 'amended', status: 'accepted', partyCode: 'UA', partyName: 'Ukraine' },
    });
    expect(labelOf({ type: 'change', changeId: 'ch-move' }).change).toMatchObject({ kind: 'moved', partyCode: 'US' });
  });

  it('says when the clause is gone or the change unknown, and sorts those last', () => {
    const gone = labelOf({ type: 'clause', clauseId: 'c-removed' });
    const goneChange = labelOf({ type: 'change', changeId: 'ch-gone' });
    const unknown = labelOf({ type: 'change', changeId: 'ch-nowhere' });
    expect(gone).toMatchObject({ point: 'Removed clause', order: Infinity });
    expect(goneChange).toMatchObject({ point: 'Removed clause', change: { kind: 'removed' } });
    expect(unknown.change).toBeUndefined();
    const sorted = [unknown, gone, labelOf({ type: 'change', changeId: 'ch-cap' }), labelOf({ type: 'clause', clauseId: 'c-cap' }), labelOf({ type: 'clause', clauseId: 'c-first' })].sort(compareTargetLabels);
    expect(sorted.map((l) => l.key)).toEqual(['clause:c-first', 'clause:c-cap', 'change:ch-cap', 'clause:c-removed', 'change:ch-nowhere']);
  });
});
