import * as Y from 'yjs';
import { DraftroomError } from '../api/errors';
import { newId as defaultNewId } from '../domain/ids';
import type { CommentTarget, Identity } from '../domain/types';
import { commentsMap, contentFragment, readChange, writeComment } from '../ydoc/layout';
import { assertMayComment, normaliseCommentBody } from './comment-rules';
import { isCommentTarget } from './targets';
import { isWellFormedComment, rootIdOf, type StoredComment } from './threads';

/**
 * Writing comments into a document's Y.Doc (the `comments` map): new
 * threads on a clause or a change, replies, resolve/reopen, edits. Each
 * operation checks who is writing and what, then writes in one Y.Doc
 * transaction, so it syncs like any edit and replicas converge.
 */

/** Clock and id source (tests pin them; the app uses the defaults). */
export interface CommentWriteOptions {
  /** ISO time of the write (default: now). */
  readonly now?: () => string;
  /** Id for a new comment (default: `newId`, a UUID). */
  readonly newId?: () => string;
}

function nowOf(options: CommentWriteOptions): string {
  return options.now ? options.now() : new Date().toISOString();
}

/** One comment as stored, or undefined if there is none (or it is malformed). */
export function readComment(ydoc: Y.Doc, id: string): StoredComment | undefined {
  const value = commentsMap(ydoc).get(id);
  if (!(value instanceof Y.Map)) return undefined;
  const record: unknown = value.toJSON();
  return isWellFormedComment(record) ? record : undefined;
}

function allComments(ydoc: Y.Doc): Map<string, StoredComment> {
  const out = new Map<string, StoredComment>();
  commentsMap(ydoc).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    const record: unknown = value.toJSON();
    if (isWellFormedComment(record)) out.set(key, record);
  });
  return out;
}

/** Writes fields of a stored comment (the domain fields plus this module's bookkeeping). */
function writeStored(ydoc: Y.Doc, patch: Partial<StoredComment> & { readonly id: string }): void {
  writeComment(ydoc, patch);
}

function unknownComment(id: string): DraftroomError {
  // No dedicated code exists yet in ApiErrorCode; the message names the missing thread.
  return new DraftroomError('invalid-argument', `There is no comment thread ${JSON.stringify(id)} in this document.`);
}

/** True if the document's content has a clause with this id. */
export function documentHasClause(ydoc: Y.Doc, clauseId: string): boolean {
  return contentFragment(ydoc)
    .toArray()
    .some((node) => node instanceof Y.XmlElement && node.nodeName === 'clause' && node.getAttribute('id') === clauseId);
}

function assertTargetExists(ydoc: Y.Doc, target: unknown): asserts target is CommentTarget {
  if (!isCommentTarget(target)) {
    throw new DraftroomError('invalid-argument', 'A comment must be on a clause or on a change.');
  }
  if (target.type === 'clause' && !documentHasClause(ydoc, target.clauseId)) {
    throw new DraftroomError('invalid-argument', `There is no clause ${JSON.stringify(target.clauseId)} in this document.`);
  }
  if (target.type === 'change' && readChange(ydoc, target.changeId) === undefined) {
    throw new DraftroomError('unknown-change', `There is no change ${JSON.stringify(target.changeId)} in this document.`);
  }
}

/**
 * Starts a thread on a clause or a change. Throws `no-identity`,
 * `forbidden` (observers), `invalid-argument` (bad body, malformed target,
 * no such clause) or `unknown-change`. Returns the new root comment.
 */
export function addComment(
  ydoc: Y.Doc,
  target: CommentTarget,
  body: string,
  identity: Identity | null,
  options: CommentWriteOptions = {},
): StoredComment {
  assertMayComment(identity);
  const text = normaliseCommentBody(body);
  assertTargetExists(ydoc, target);
  const comment: StoredComment = {
    id: (options.newId ?? defaultNewId)(),
    target: target.type === 'clause' ? { type: 'clause', clauseId: target.clauseId } : { type: 'change', changeId: target.changeId },
    parentId: null,
    authorId: identity.member.id,
    partyId: identity.party.id,
    body: text,
    createdAt: nowOf(options),
  };
  writeStored(ydoc, comment);
  return comment;
}

/** The root of the thread holding comment `id` (itself for a root); throws if either is missing. */
function threadRoot(ydoc: Y.Doc, id: string): StoredComment {
  if (typeof id !== 'string' || id === '') throw new DraftroomError('invalid-argument', 'No comment was given.');
  const comments = allComments(ydoc);
  const comment = comments.get(id);
  if (!comment) throw unknownComment(id);
  const { rootId, missing } = rootIdOf(comment, comments);
  const root = missing ? undefined : comments.get(rootId);
  if (!root) throw unknownComment(rootId);
  return root;
}

/**
 * Replies in the thread holding comment `commentId`: a reply to a reply
 * joins the root's thread. Replying to a resolved thread reopens it. Throws
 * like `addComment`, and `invalid-argument` for a thread that does not exist.
 */
export function replyTo(
  ydoc: Y.Doc,
  commentId: string,
  body: string,
  identity: Identity | null,
  options: CommentWriteOptions = {},
): StoredComment {
  assertMayComment(identity);
  const text = normaliseCommentBody(body);
  const root = threadRoot(ydoc, commentId);
  const now = nowOf(options);
  const reply: StoredComment = {
    id: (options.newId ?? defaultNewId)(),
    target: root.target,
    parentId: root.id,
    authorId: identity.member.id,
    partyId: identity.party.id,
    body: text,
    createdAt: now,
  };
  ydoc.transact(() => {
    writeStored(ydoc, reply);
    if (root.resolved === true) writeStored(ydoc, { id: root.id, resolved: false, resolvedBy: identity.member.id, resolvedAt: now });
  });
  return reply;
}

/**
 * Resolves (or, with `resolved = false`, reopens) the thread holding comment
 * `commentId`, recording who did it and when on the root. Any member who may
 * comment may resolve or reopen any thread. Returns the root as written.
 */
export function resolveThread(
  ydoc: Y.Doc,
  commentId: string,
  identity: Identity | null,
  resolved = true,
  options: CommentWriteOptions = {},
): StoredComment {
  assertMayComment(identity);
  const root = threadRoot(ydoc, commentId);
  if ((root.resolved === true) === resolved) return root;
  const patch = { id: root.id, resolved, resolvedBy: identity.member.id, resolvedAt: nowOf(options) };
  writeStored(ydoc, patch);
  return { ...root, ...patch };
}

/** Reopens a resolved thread (`resolveThread` with `resolved = false`). */
export function reopenThread(
  ydoc: Y.Doc,
  commentId: string,
  identity: Identity | null,
  options: CommentWriteOptions = {},
): StoredComment {
  return resolveThread(ydoc, commentId, identity, false, options);
}

/**
 * Replaces the body of one's own comment (and records when). Throws
 * `forbidden` when the comment is someone else's, `invalid-argument` for a
 * bad body or a comment that does not exist.
 */
export function editComment(
  ydoc: Y.Doc,
  commentId: string,
  body: string,
  identity: Identity | null,
  options: CommentWriteOptions = {},
): StoredComment {
  assertMayComment(identity);
  const text = normaliseCommentBody(body);
  const comment = readComment(ydoc, commentId);
  if (!comment) throw unknownComment(commentId);
  if (comment.authorId !== identity.member.id) {
    throw new DraftroomError('forbidden', 'Only its author can edit a comment.');
  }
  if (comment.body === text) return comment;
  const patch = { id: comment.id, body: text, editedAt: nowOf(options) };
  writeStored(ydoc, patch);
  return { ...comment, ...patch };
}
