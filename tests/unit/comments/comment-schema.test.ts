import { describe, expect, it } from 'vitest';
import type { CommentRecord } from '../../../shared/domain/types';
import { commentProblem, newCommentProblem } from '../../../shared/comments/comment-schema';

const root: CommentRecord = {
  id: 'c-1',
  target: { type: 'change', changeId: 'ch-1' },
  parentId: null,
  authorId: 'm-ua',
  partyId: 'p-ua',
  body: 'Why this wording?',
  createdAt: '2025-11-28T10:05:00.000Z',
};
const reply: CommentRecord = { ...root, id: 'c-2', parentId: 'c-1', authorId: 'm-us', partyId: 'p-us', body: 'Because.' };
const resolved = { resolved: true, resolvedBy: 'm-us', resolvedAt: '2025-11-28T10:06:00.000Z' };

describe('comment schema', () => {
  it('accepts the comments the app writes', () => {
    expect(commentProblem('c-1', root)).toBeNull();
    expect(commentProblem('c-2', reply)).toBeNull();
    expect(commentProblem('c-1', { ...root, ...resolved })).toBeNull();
    expect(commentProblem('c-1', { ...root, ...resolved, resolved: false, editedAt: '2025-11-28T10:07:00.000Z' })).toBeNull();
    expect(commentProblem('c-3', { ...root, id: 'c-3', target: { type: 'clause', clauseId: 'cl-9' } })).toBeNull();
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown target type', { ...root, target: { type: 'party', partyId: 'p-ru' } }, /target/],
    ['an empty target id', { ...root, target: { type: 'clause', clauseId: '' } }, /target/],
    ['an extra field', { ...root, pinned: true }, /pinned/],
    ['an empty body', { ...root, body: '' }, /body/],
    ['an untrimmed body', { ...root, body: ' padded ' }, /body/],
    ['a body with control characters', { ...root, body: 'bell\u0007' }, /body/],
    ['a body over 4,000 characters', { ...root, body: 'x'.repeat(4001) }, /body/],
    ['a missing parentId', { ...root, parentId: undefined }, /parentId/],
    ['resolved without who', { ...root, resolved: true }, /names who did it/],
    ['a resolved reply', { ...reply, ...resolved }, /only a thread’s root/],
    ['a time that is not ISO', { ...root, createdAt: 'now' }, /createdAt/],
    ['resolved as a string', { ...root, ...resolved, resolved: 'yes' }, /resolved/],
  ])('refuses %s', (_what, value, reason) => {
    expect(commentProblem(String((value as { id: string }).id), value)).toMatch(reason);
  });

  it('refuses a comment whose inner id is another comment’s', () => {
    expect(commentProblem('c-9', root)).toMatch(/stored under "c-9" carries the id "c-1"/);
  });
});

describe('new comments', () => {
  const lookup = (id: string): CommentRecord | undefined => ({ 'c-1': root, 'c-2': reply })[id];

  it('are in the sender’s name, resolved (if at all) by the sender', () => {
    expect(newCommentProblem(root, 'm-ua', lookup)).toBeNull();
    expect(newCommentProblem(root, 'm-us', lookup)).toMatch(/own name/);
    expect(newCommentProblem({ ...root, ...resolved, resolvedBy: 'm-ua' }, 'm-ua', lookup)).toBeNull();
    expect(newCommentProblem({ ...root, ...resolved }, 'm-ua', lookup)).toMatch(/resolved in someone else’s name/);
  });

  it('reply to an existing root, on its target', () => {
    expect(newCommentProblem(reply, 'm-us', lookup)).toBeNull();
    expect(newCommentProblem({ ...reply, parentId: 'c-0' }, 'm-us', lookup)).toMatch(/does not exist/);
    expect(newCommentProblem({ ...reply, id: 'c-3', parentId: 'c-2' }, 'm-us', lookup)).toMatch(/root comment/);
    expect(newCommentProblem({ ...reply, target: { type: 'clause', clauseId: 'cl-1' } }, 'm-us', lookup)).toMatch(/thread’s target/);
  });
});
