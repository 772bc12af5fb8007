import { z } from 'zod';
import type { CommentRecord } from '../domain/types';
import { firstIssue, MAX_RECORD_ID_LENGTH } from '../suggest/record-schema';
import { normaliseCommentBody } from './comment-rules';
import { sameTarget } from './targets';

/**
 * The shape of a comment as the app writes it, and what a new comment may
 * say, checked on comments that arrive from other replicas (main's update
 * policy checks every comment an update creates or changes). Pure.
 */

const commentId = z.string().min(1).max(MAX_RECORD_ID_LENGTH);
const isoTime = z.iso.datetime();

/** A comment target: a clause or a change, by id. */
const targetSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('clause'), clauseId: commentId }),
  z.strictObject({ type: z.literal('change'), changeId: commentId }),
]);

/** A body as `normaliseCommentBody` stores it (trimmed, not empty, no control characters, not too long). */
const bodySchema = z.string().refine(
  (body) => {
    try {
      return normaliseCommentBody(body) === body;
    } catch {
      return false;
    }
  },
  { message: 'not a comment body as the app stores it (empty, untrimmed, too long or with control characters)' },
);

/**
 * A comment: every field of `CommentRecord` with its type, and no other
 * field. Only a thread's root carries the thread's state (`resolved`, with
 * who set it and when, all three together).
 */
export const commentSchema = z
  .strictObject({
    id: commentId,
    target: targetSchema,
    parentId: commentId.nullable(),
    authorId: commentId,
    partyId: commentId,
    body: bodySchema,
    createdAt: isoTime,
    resolved: z.boolean().optional(),
    resolvedBy: commentId.optional(),
    resolvedAt: isoTime.optional(),
    editedAt: isoTime.optional(),
  })
  .superRefine((comment, context) => {
    const stateFields = [comment.resolved, comment.resolvedBy, comment.resolvedAt].filter((v) => v !== undefined).length;
    if (stateFields !== 0 && stateFields !== 3) {
      context.addIssue({ code: 'custom', path: ['resolved'], message: 'a resolved or reopened thread names who did it and when' });
    }
    if (stateFields !== 0 && comment.parentId !== null) {
      context.addIssue({ code: 'custom', path: ['resolved'], message: 'only a thread’s root comment is resolved or reopened' });
    }
  });

/**
 * Why `value`, stored under `key` in the document's `comments` map, is not a
 * well-formed comment, or null if it is (its own `id` must be its key).
 */
export function commentProblem(key: string, value: unknown): string | null {
  const parsed = commentSchema.safeParse(value);
  if (!parsed.success) return `malformed comment (${firstIssue(parsed.error)})`;
  if (parsed.data.id !== key) return `a comment stored under ${JSON.stringify(key)} carries the id ${JSON.stringify(parsed.data.id)}`;
  return null;
}

/**
 * Why a well-formed comment new in the document may not be created by the
 * member `senderId`, or null if it may: it is in the sender's own name
 * (checked by the caller with the party), a thread state on it was set by
 * the sender (a thread started and resolved offline arrives as one), and a
 * reply answers an existing root comment (`comments` looks one up), on that
 * root's target.
 */
export function newCommentProblem(
  comment: CommentRecord,
  senderId: string,
  comments: (id: string) => CommentRecord | undefined,
): string | null {
  if (comment.authorId !== senderId) return 'a new comment must be in the sender’s own name';
  if (comment.resolvedBy !== undefined && comment.resolvedBy !== senderId) {
    return 'a new comment cannot be resolved in someone else’s name';
  }
  if (comment.parentId === null) return null;
  const parent = comments(comment.parentId);
  if (parent === undefined) return `a reply to a comment that does not exist (${comment.parentId})`;
  if (parent.parentId !== null) return 'a reply answers the thread’s root comment';
  if (!sameTarget(parent.target, comment.target)) return 'a reply is on its thread’s target';
  return null;
}
