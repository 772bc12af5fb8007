import { describe, expect, it } from 'vitest';
import type { CommentRecord, CommentTarget } from '../../../shared/domain/types';
import { commentThreads, rootIdOf } from '../../../shared/comments/threads';
import { sameTarget, targetKey } from '../../../shared/comments/targets';

const cap: CommentTarget = { type: 'clause', clauseId: 'c-cap' };
const change: CommentTarget = { type: 'change', changeId: 'ch-1' };

/** A comment record; minute `m` of 1 Dec 2025 as its time. */
function comment(id: string, m: number, fields: Partial<CommentRecord> = {}): CommentRecord {
  return {
    id,
    target: cap,
    parentId: null,
    authorId: 'm-1',
    partyId: 'p-1',
    body: `body of ${id}`,
    createdAt: new Date(Date.UTC(2025, 11, 1, 10, m)).toISOString(),
    ...fields,
  };
}

describe('commentThreads', () => {
  it('gathers replies under their root, oldest first, and orders threads by their root', () => {
    const comments = [
      comment('b', 5, { target: change }),
      comment('b2', 9, { parentId: 'b', target: change }),
      comment('a1', 8, { parentId: 'a' }),
      comment('a', 1),
      comment('a2', 7, { parentId: 'a' }),
    ];
    const threads = commentThreads(comments);
    expect(threads.map((t) => [t.id, t.replies.map((r) => r.id)])).toEqual([
      ['a', ['a2', 'a1']],
      ['b', ['b2']],
    ]);
    expect(threads[0]).toMatchObject({ target: cap, resolved: false, detached: false, lastActivity: comments[2]!.createdAt });
    // The same set in another order gives the same threads (every replica agrees).
    expect(commentThreads([...comments].reverse())).toEqual(threads);
  });

  it('attaches replies to replies to the root', () => {
    const threads = commentThreads([comment('r', 1), comment('x', 2, { parentId: 'r' }), comment('y', 3, { parentId: 'x' })]);
    expect(threads.map((t) => [t.id, t.replies.map((r) => r.id)])).toEqual([['r', ['x', 'y']]]);
  });

  it('filters by target and leaves resolved threads out unless asked', () => {
    const comments = [comment('a', 1, { resolved: true }), comment('b', 2), comment('c', 3, { target: change })];
    expect(commentThreads(comments).map((t) => t.id)).toEqual(['b', 'c']);
    expect(commentThreads(comments, { includeResolved: true }).map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(commentThreads(comments, { target: change }).map((t) => t.id)).toEqual(['c']);
    expect(commentThreads(comments, { target: { type: 'clause', clauseId: 'c-cap' }, includeResolved: true }).map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('skips malformed records and shows replies whose root has not arrived as a detached thread', () => {
    const malformed = [
      null,
      'text',
      { id: 'no-target', body: 'x', createdAt: '2025-12-01T10:00:00.000Z' },
      { ...comment('bad-target', 1), target: { type: 'page' } },
      { ...comment('bad-body', 1), body: 7 },
    ];
    const threads = commentThreads([...malformed, comment('late-2', 4, { parentId: 'gone' }), comment('late-1', 3, { parentId: 'gone' })]);
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ id: 'late-1', detached: true });
    expect(threads[0]!.replies.map((r) => r.id)).toEqual(['late-2']);
  });

  it('resolves a loop of parents to the same root whatever the starting comment', () => {
    const comments = [comment('q', 1, { parentId: 'p' }), comment('p', 2, { parentId: 'q' }), comment('z', 3, { parentId: 'q' })];
    const byId = new Map(comments.map((c) => [c.id, c]));
    expect(comments.map((c) => rootIdOf(c, byId).rootId)).toEqual(['p', 'p', 'p']);
    expect(commentThreads(comments).map((t) => [t.id, t.replies.map((r) => r.id)])).toEqual([['p', ['q', 'z']]]);
  });
});

describe('targets', () => {
  it('compare by kind and id', () => {
    expect(sameTarget(cap, { type: 'clause', clauseId: 'c-cap' })).toBe(true);
    expect(sameTarget(cap, { type: 'change', changeId: 'c-cap' })).toBe(false);
    expect(targetKey(change)).not.toBe(targetKey(cap));
  });
});
