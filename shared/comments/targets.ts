import type { CommentTarget } from '../domain/types';

/**
 * Comment targets (a clause or a change) as keys and values: comparing,
 * grouping and checking targets that arrive from other replicas.
 */

/** A string that identifies a target: `clause:<id>` or `change:<id>`. */
export function targetKey(target: CommentTarget): string {
  return target.type === 'clause' ? `clause:${target.clauseId}` : `change:${target.changeId}`;
}

/** True if both targets name the same clause or the same change. */
export function sameTarget(a: CommentTarget, b: CommentTarget): boolean {
  return targetKey(a) === targetKey(b);
}

/** A clause target. */
export function clauseTarget(clauseId: string): CommentTarget {
  return { type: 'clause', clauseId };
}

/** A change target. */
export function changeTarget(changeId: string): CommentTarget {
  return { type: 'change', changeId };
}

/**
 * True if `value` is a well-formed target (a clause or change with a
 * non-empty id). Data from other replicas is checked with this before use.
 */
export function isCommentTarget(value: unknown): value is CommentTarget {
  if (typeof value !== 'object' || value === null) return false;
  const target = value as { type?: unknown; clauseId?: unknown; changeId?: unknown };
  if (target.type === 'clause') return typeof target.clauseId === 'string' && target.clauseId !== '';
  if (target.type === 'change') return typeof target.changeId === 'string' && target.changeId !== '';
  return false;
}
