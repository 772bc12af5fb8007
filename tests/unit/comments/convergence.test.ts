import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, replyTo, resolveThread } from '../../../shared/comments/comment-ops';
import { commentThreads } from '../../../shared/comments/threads';
import { readComments } from '../../../shared/ydoc/layout';
import { clock, documentWith, exchange, record, replicaOf, WHO } from './fixtures';

describe('two replicas commenting at once', () => {
  it('keep every comment and reply and converge to the same threads', () => {
    const a = documentWith([record('ch-1')]);
    const b = replicaOf(a);
    const clockA = clock('a');
    const clockB = clock('b');
    const rootA = addComment(a, { type: 'clause', clauseId: 'c-cap' }, 'US: can we live with 800,000?', WHO.usLead, clockA);
    const rootB = addComment(b, { type: 'clause', clauseId: 'c-cap' }, 'UA: 800,000 is our floor.', WHO.uaDrafter, clockB);
    exchange(a, b);
    // Both reply to both threads concurrently.
    replyTo(a, rootB.id, 'Noted.', WHO.usLead, clockA);
    replyTo(b, rootA.id, 'Yes, we can.', WHO.uaSuggester, clockB);
    replyTo(b, rootB.id, 'And it is final.', WHO.uaDrafter, clockB);
    exchange(a, b);

    const threadsA = commentThreads(readComments(a));
    expect(threadsA).toEqual(commentThreads(readComments(b)));
    expect(threadsA).toHaveLength(2);
    const bodies = new Map(threadsA.map((t) => [t.root.body, t.replies.map((r) => r.body)]));
    expect(bodies.get('US: can we live with 800,000?')).toEqual(['Yes, we can.']);
    expect(bodies.get('UA: 800,000 is our floor.')?.sort()).toEqual(['And it is final.', 'Noted.']);
  });

  it('agree on whether a thread is resolved when one resolves while another replies', () => {
    const a = documentWith();
    const root = addComment(a, { type: 'clause', clauseId: 'c-elections' }, 'When?', WHO.usLead, clock('a'));
    const b = replicaOf(a);
    resolveThread(a, root.id, WHO.usLead, true, clock('a', '2025-12-02T10:00:00.000Z'));
    replyTo(b, root.id, 'Within 100 days.', WHO.uaDrafter, clock('b', '2025-12-02T10:00:30.000Z'));
    exchange(a, b);

    const all = (doc: Y.Doc): ReturnType<typeof commentThreads> => commentThreads(readComments(doc), { includeResolved: true });
    expect(all(a)).toEqual(all(b));
    expect(all(a)).toHaveLength(1);
    expect(all(a)[0]!.replies.map((r) => r.body)).toEqual(['Within 100 days.']);
  });

  it('survive a round trip through an encoded state (what main stores)', () => {
    const a = documentWith([record('ch-1')]);
    const root = addComment(a, { type: 'change', changeId: 'ch-1' }, 'Why?', WHO.usLead);
    replyTo(a, root.id, 'Deterrence.', WHO.uaDrafter);
    resolveThread(a, root.id, WHO.usLead);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(a));
    expect(commentThreads(readComments(stored), { includeResolved: true })).toEqual(commentThreads(readComments(a), { includeResolved: true }));
  });
});
