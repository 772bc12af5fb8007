import { describe, expect, it } from 'vitest';
import { presenceRows } from '../../../shared/presence/presence-rows';
import { readPresenceState } from '../../../shared/presence/presence-state';

const user = (memberId: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  memberId,
  name,
  partyId: `p-${memberId}`,
  partyCode: 'UA',
  colour: '#d4a106',
  role: 'drafter',
  ...extra,
});

describe('presence rows', () => {
  const numbers = new Map([
    ['c1', 1],
    ['c7', 7],
  ]);
  const context = { ownClientId: 1, ownMemberId: 'me', clauseNumber: (id: string) => numbers.get(id) ?? null };

  it('lists each member once, by name, with the clause they are in, leaving out this window and anonymous states', () => {
    const states = new Map<number, unknown>([
      [1, { user: user('me', 'Me Myself'), clauseId: 'c1', cursor: null }],
      [2, { user: user('z', 'Zoe'), clauseId: 'c7', cursor: null }],
      [3, { user: user('a', 'Anna'), clauseId: null, cursor: null }],
      [4, { user: user('a', 'Anna'), clauseId: 'c1', cursor: null }],
      [5, { user: null, clauseId: 'c1', cursor: null }],
      [6, {}],
      [7, { user: user('me', 'Me Myself'), clauseId: 'gone', cursor: null }],
    ]);
    expect(presenceRows(states, context).map((r) => [r.name, r.clauseId, r.clauseNumber, r.self])).toEqual([
      ['Anna', 'c1', 1, false],
      ['Me Myself', null, null, true],
      ['Zoe', 'c7', 7, false],
    ]);
  });

  it('drops malformed users and fields from untrusted states', () => {
    expect(readPresenceState({ user: user('x', 'X', { colour: 'red;background:url(x)' }), clauseId: 5, cursor: 'no' })).toEqual({
      user: null,
      clauseId: null,
      cursor: null,
    });
    expect(readPresenceState({ user: user('x', 'X', { role: 'king' }) })?.user).toBeNull();
    expect(readPresenceState({ user: user('x', 'X'), padding: 'x'.repeat(5000) })).toBeNull();
    expect(readPresenceState('text')).toBeNull();
    expect(readPresenceState({ user: user('x', 'X'), cursor: { anchor: {}, head: {} } })?.cursor).toEqual({ anchor: {}, head: {} });
  });
});
