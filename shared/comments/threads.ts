import type { CommentRecord, CommentTarget } from '../domain/types';
import { isCommentTarget, sameTarget } from './targets';

/**
 * Comment threads from the flat list of comments a Y.Doc holds: a thread is
 * a root comment and the replies under it, in time order.
 */

/** A comment as stored in the document (the resolve and edit fields are part of `CommentRecord`). */
export type StoredComment = CommentRecord;

/** A root comment and its replies. */
export interface CommentThread {
  /** The root comment's id (also the thread's id). */
  readonly id: string;
  readonly target: CommentTarget;
  readonly root: StoredComment;
  /** Replies, oldest first. */
  readonly replies: readonly StoredComment[];
  readonly resolved: boolean;
  /** ISO time of the newest comment in the thread. */
  readonly lastActivity: string;
  /**
   * True when the root comment is missing here (its replica's update has not
   * arrived): the earliest reply stands in as root, so nothing is hidden.
   */
  readonly detached: boolean;
}

/** Options of `commentThreads`. */
export interface ThreadOptions {
  /** Only threads on this clause or change. */
  readonly target?: CommentTarget;
  /** Include resolved threads (default false). */
  readonly includeResolved?: boolean;
}

/** True if a record read from a Y.Doc has the fields a comment needs (other replicas may send anything). */
export function isWellFormedComment(value: unknown): value is StoredComment {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c['id'] === 'string' &&
    c['id'] !== '' &&
    isCommentTarget(c['target']) &&
    (c['parentId'] === null || c['parentId'] === undefined || typeof c['parentId'] === 'string') &&
    typeof c['authorId'] === 'string' &&
    typeof c['partyId'] === 'string' &&
    typeof c['body'] === 'string' &&
    typeof c['createdAt'] === 'string'
  );
}

function byTime(a: CommentRecord, b: CommentRecord): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * The id of the thread root a comment belongs to: follows `parentId` up to a
 * comment without a parent (a reply to a reply belongs to the root). If the
 * chain breaks (a parent not here yet), the missing parent's id is returned
 * with `missing: true`; a loop of parents resolves to its smallest id.
 */
export function rootIdOf(
  comment: CommentRecord,
  byId: ReadonlyMap<string, CommentRecord>,
): { readonly rootId: string; readonly missing: boolean } {
  let current = comment;
  const path: string[] = [current.id];
  for (;;) {
    const parentId = current.parentId;
    if (parentId === null || parentId === undefined || parentId === '') return { rootId: current.id, missing: false };
    const parent = byId.get(parentId);
    if (!parent) return { rootId: parentId, missing: true };
    const loopStart = path.indexOf(parent.id);
    if (loopStart >= 0) {
      // A loop of parents (only malformed data can make one): its smallest id is the root, on every replica.
      return { rootId: path.slice(loopStart).reduce((min, id) => (id < min ? id : min)), missing: false };
    }
    path.push(parent.id);
    current = parent;
  }
}

/**
 * The threads among `comments` (any order; malformed records are skipped):
 * each root with its replies oldest first, threads ordered by their root's
 * time, oldest first. Resolved threads are left out unless
 * `includeResolved`; `target` keeps only the threads on that clause or
 * change. Replies to replies join their root's thread. Every replica
 * computes the same threads from the same comments.
 */
export function commentThreads(comments: readonly unknown[], options: ThreadOptions = {}): CommentThread[] {
  const valid = comments.filter(isWellFormedComment);
  const byId = new Map<string, StoredComment>(valid.map((c) => [c.id, c]));
  const groups = new Map<string, { root: StoredComment | null; members: StoredComment[]; missing: boolean }>();
  const groupOf = (id: string, missing: boolean): { root: StoredComment | null; members: StoredComment[]; missing: boolean } => {
    let group = groups.get(id);
    if (!group) {
      group = { root: null, members: [], missing };
      groups.set(id, group);
    }
    return group;
  };
  for (const comment of valid) {
    const { rootId, missing } = rootIdOf(comment, byId);
    const group = groupOf(rootId, missing);
    if (comment.id === rootId) group.root = comment;
    else group.members.push(comment);
  }
  const threads: CommentThread[] = [];
  for (const group of groups.values()) {
    const members = group.members.sort(byTime);
    const root = group.root ?? members.shift();
    if (!root) continue;
    const all = [root, ...members];
    threads.push({
      id: root.id,
      target: root.target,
      root,
      replies: members,
      resolved: root.resolved === true,
      lastActivity: all.reduce((latest, c) => (c.createdAt > latest ? c.createdAt : latest), root.createdAt),
      detached: group.root === null,
    });
  }
  return threads
    .filter((t) => options.includeResolved === true || !t.resolved)
    .filter((t) => options.target === undefined || sameTarget(t.target, options.target))
    .sort((a, b) => byTime(a.root, b.root));
}
