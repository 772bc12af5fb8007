import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../shared/domain/types';
import { differsOnlyInUnshownFields } from '../../../renderer/src/suggest/records-feed';

const base: ChangeRecord = { id: 'a', kind: 'amended', partyId: 'us', authorId: 'ann', createdAt: '2026-01-01', rationale: '', status: 'proposed', clauseIds: ['c1'], before: '', after: 'x' };

describe('the records feed', () => {
  it('takes records whose snippets alone changed after the frame, anything else before it', () => {
    const other = { ...base, id: 'b' };
    expect(differsOnlyInUnshownFields([base, other], [{ ...base, after: 'xy', before: 'w' }, other])).toBe(true);
    expect(differsOnlyInUnshownFields([base], [{ ...base, clauseIds: ['c1'] }])).toBe(true);
    expect(differsOnlyInUnshownFields([base], [{ ...base, clauseIds: ['c1', 'c2'] }])).toBe(false);
    expect(differsOnlyInUnshownFields([base], [{ ...base, status: 'accepted' }])).toBe(false);
    expect(differsOnlyInUnshownFields([base], [{ ...base, rationale: 'why' }])).toBe(false);
    expect(differsOnlyInUnshownFields([base], [{ ...base, decidedBy: 'lead' }])).toBe(false);
    expect(differsOnlyInUnshownFields([base], [base, other])).toBe(false);
    expect(differsOnlyInUnshownFields([base, other], [other, base])).toBe(false);
  });
});
