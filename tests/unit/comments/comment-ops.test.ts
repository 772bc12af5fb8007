import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import type { CommentTarget } from '../../../shared/domain/types';
import { addComment, editComment, readComment, reopenThread, replyTo, resolveThread } from '../../../shared/comments/comment-ops';
import { COMMENT_MAX_LENGTH } from '../../../shared/comments/comment-rules';
import { commentThreads } from '../../../shared/comments/threads';
import { readComments } from '../../../shared/ydoc/layout';
import { clock, documentWith, record, WHO } from './fixtures';

const onCap: CommentTarget = { type: 'clause', clauseId: 'c-cap' };
const onChange: CommentTarget = { type: 'change', changeId: 'ch-1' };

/** The code of the DraftroomError `run` throws (fails the test if it throws anything else or nothing). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DraftroomError);
    return (error as DraftroomError).code;
  }
  throw new Error('expected a DraftroomError, nothing was thrown');
}

/** The document's comments, as JSON (to prove a refused call wrote nothing). */
function snapshot(ydoc: Y.Doc): string {
  return JSON.stringify(readComments(ydoc));
}

describe('addComment', () => {
  it('starts a thread on a clause and on a change, attributed to the member and party', () => {
    const ydoc = documentWith([record('ch-1')]);
    const opts = clock('c');
    const onClause = addComment(ydoc, onCap, '  Why 800,000?\r\nPlease explain.  ', WHO.usLead, opts);
    const onRecord = addComment(ydoc, onChange, 'Kyiv needs this.', WHO.uaDrafter, opts);
    expect(readComment(ydoc, onClause.id)).toEqual({
      id: 'c-1',
      target: onCap,
      parentId: null,
      authorId: WHO.usLead.member.id,
      partyId: WHO.usLead.party.id,
      body: 'Why 800,000?\nPlease explain.',
      createdAt: '2025-12-01T10:00:00.000Z',
    });
    expect(readComment(ydoc, onRecord.id)).toMatchObject({ target: onChange, partyId: WHO.uaDrafter.party.id });
    const threads = commentThreads(readComments(ydoc));
    expect(threads.map((t) => [t.id, t.target])).toEqual([
      ['c-1', onCap],
      ['c-2', onChange],
    ]);
  });

  it('refuses observers and callers without an identity, and writes nothing', () => {
    const ydoc = documentWith();
    const before = snapshot(ydoc);
    expect(codeOf(() => addComment(ydoc, onCap, 'I am only watching.', WHO.euObserver))).toBe('forbidden');
    expect(codeOf(() => addComment(ydoc, onCap, 'Who am I?', null))).toBe('no-identity');
    expect(snapshot(ydoc)).toBe(before);
  });

  it('refuses empty, blank, oversized and control-character bodies with invalid-argument', () => {
    const ydoc = documentWith();
    const before = snapshot(ydoc);
    for (const body of ['', '   \n\t ', 'x'.repeat(COMMENT_MAX_LENGTH + 1), 'bell\u0007', 42 as unknown as string]) {
      expect(codeOf(() => addComment(ydoc, onCap, body, WHO.usLead))).toBe('invalid-argument');
    }
    expect(snapshot(ydoc)).toBe(before);
  });

  it('accepts a body of exactly the maximum length, counting characters rather than UTF-16 units', () => {
    const ydoc = documentWith();
    const longest = '🕊'.repeat(COMMENT_MAX_LENGTH);
    expect(longest.length).toBe(2 * COMMENT_MAX_LENGTH);
    const comment = addComment(ydoc, onCap, longest, WHO.usLead);
    expect(readComment(ydoc, comment.id)?.body).toBe(longest);
    expect(codeOf(() => addComment(ydoc, onCap, `${longest}!`, WHO.usLead))).toBe('invalid-argument');
  });

  it('refuses targets that do not exist or are malformed', () => {
    const ydoc = documentWith([record('ch-1')]);
    const before = snapshot(ydoc);
    expect(codeOf(() => addComment(ydoc, { type: 'clause', clauseId: 'c-nowhere' }, 'Hello', WHO.usLead))).toBe('invalid-argument');
    expect(codeOf(() => addComment(ydoc, { type: 'change', changeId: 'ch-nowhere' }, 'Hello', WHO.usLead))).toBe('unknown-change');
    expect(codeOf(() => addComment(ydoc, { type: 'paragraph' } as unknown as CommentTarget, 'Hello', WHO.usLead))).toBe('invalid-argument');
    expect(codeOf(() => addComment(ydoc, { type: 'clause', clauseId: '' }, 'Hello', WHO.usLead))).toBe('invalid-argument');
    expect(snapshot(ydoc)).toBe(before);
  });
});

describe('replyTo', () => {
  it('adds replies to the thread, and a reply to a reply joins the root', () => {
    const ydoc = documentWith([record('ch-1')]);
    const opts = clock('c');
    const root = addComment(ydoc, onChange, 'Is this a red line?', WHO.uaDrafter, opts);
    const first = replyTo(ydoc, root.id, 'For now, yes.', WHO.usLead, opts);
    const second = replyTo(ydoc, first.id, 'Then we park it.', WHO.uaSuggester, opts);
    expect(first).toMatchObject({ parentId: root.id, target: onChange, authorId: WHO.usLead.member.id });
    expect(second.parentId).toBe(root.id);
    const [thread, ...others] = commentThreads(readComments(ydoc));
    expect(others).toEqual([]);
    expect(thread!.root.id).toBe(root.id);
    expect(thread!.replies.map((r) => r.body)).toEqual(['For now, yes.', 'Then we park it.']);
    expect(thread!.lastActivity).toBe(second.createdAt);
  });

  it('reopens a resolved thread', () => {
    const ydoc = documentWith();
    const opts = clock('c');
    const root = addComment(ydoc, onCap, 'Settled?', WHO.usLead, opts);
    resolveThread(ydoc, root.id, WHO.usLead, true, opts);
    expect(commentThreads(readComments(ydoc))).toEqual([]);
    replyTo(ydoc, root.id, 'Not quite: one more point.', WHO.uaDrafter, opts);
    const [thread] = commentThreads(readComments(ydoc));
    expect(thread).toMatchObject({ id: root.id, resolved: false });
    expect(thread!.root.resolvedBy).toBe(WHO.uaDrafter.member.id);
  });

  it('refuses a missing thread, observers and bad bodies, writing nothing', () => {
    const ydoc = documentWith();
    const root = addComment(ydoc, onCap, 'Question', WHO.usLead);
    const before = snapshot(ydoc);
    expect(codeOf(() => replyTo(ydoc, 'c-missing', 'Hello', WHO.usLead))).toBe('invalid-argument');
    expect(codeOf(() => replyTo(ydoc, '', 'Hello', WHO.usLead))).toBe('invalid-argument');
    expect(codeOf(() => replyTo(ydoc, root.id, 'Hello', WHO.euObserver))).toBe('forbidden');
    expect(codeOf(() => replyTo(ydoc, root.id, ' ', WHO.uaDrafter))).toBe('invalid-argument');
    expect(snapshot(ydoc)).toBe(before);
  });
});

describe('resolveThread and reopenThread', () => {
  it('resolves and reopens the root, recording who and when, also when given a reply', () => {
    const ydoc = documentWith();
    const opts = clock('c');
    const root = addComment(ydoc, onCap, 'Agree the figure?', WHO.usLead, opts);
    const reply = replyTo(ydoc, root.id, 'Agreed.', WHO.uaDrafter, opts);
    const resolved = resolveThread(ydoc, reply.id, WHO.uaDrafter, true, opts);
    expect(resolved).toMatchObject({ id: root.id, resolved: true, resolvedBy: WHO.uaDrafter.member.id });
    expect(readComment(ydoc, root.id)).toMatchObject({ resolved: true, resolvedBy: WHO.uaDrafter.member.id, resolvedAt: resolved.resolvedAt });
    expect(readComment(ydoc, reply.id)?.resolved).toBeUndefined();
    expect(commentThreads(readComments(ydoc))).toEqual([]);
    expect(commentThreads(readComments(ydoc), { includeResolved: true }).map((t) => t.resolved)).toEqual([true]);

    reopenThread(ydoc, root.id, WHO.usLead, opts);
    expect(readComment(ydoc, root.id)).toMatchObject({ resolved: false, resolvedBy: WHO.usLead.member.id });
    expect(commentThreads(readComments(ydoc)).map((t) => t.id)).toEqual([root.id]);
  });

  it('leaves a thread already in the asked state untouched', () => {
    const ydoc = documentWith();
    const root = addComment(ydoc, onCap, 'Open question', WHO.usLead);
    const before = snapshot(ydoc);
    reopenThread(ydoc, root.id, WHO.uaDrafter);
    expect(snapshot(ydoc)).toBe(before);
  });

  it('refuses observers, missing identities and missing threads', () => {
    const ydoc = documentWith();
    const root = addComment(ydoc, onCap, 'Open question', WHO.usLead);
    const before = snapshot(ydoc);
    expect(codeOf(() => resolveThread(ydoc, root.id, WHO.euObserver))).toBe('forbidden');
    expect(codeOf(() => resolveThread(ydoc, root.id, null))).toBe('no-identity');
    expect(codeOf(() => resolveThread(ydoc, 'c-missing', WHO.usLead))).toBe('invalid-argument');
    expect(snapshot(ydoc)).toBe(before);
  });
});

describe('editComment', () => {
  it('lets the author change the body and records when', () => {
    const ydoc = documentWith();
    const opts = clock('c');
    const root = addComment(ydoc, onCap, 'Typo in here', WHO.uaDrafter, opts);
    const edited = editComment(ydoc, root.id, '  No typo in here ', WHO.uaDrafter, opts);
    expect(edited.body).toBe('No typo in here');
    expect(readComment(ydoc, root.id)).toMatchObject({ body: 'No typo in here', editedAt: '2025-12-01T10:01:00.000Z', createdAt: root.createdAt });
  });

  it('refuses everyone but the author (even of the same party) and bad bodies', () => {
    const ydoc = documentWith();
    const root = addComment(ydoc, onCap, 'Mine', WHO.uaDrafter);
    const before = snapshot(ydoc);
    expect(codeOf(() => editComment(ydoc, root.id, 'Yours now', WHO.uaSuggester))).toBe('forbidden');
    expect(codeOf(() => editComment(ydoc, root.id, 'Yours now', WHO.usLead))).toBe('forbidden');
    expect(codeOf(() => editComment(ydoc, root.id, '', WHO.uaDrafter))).toBe('invalid-argument');
    expect(codeOf(() => editComment(ydoc, 'c-missing', 'Hello', WHO.uaDrafter))).toBe('invalid-argument');
    expect(snapshot(ydoc)).toBe(before);
  });
});
