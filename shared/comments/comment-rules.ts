import { DraftroomError } from '../api/errors';
import type { Identity } from '../domain/types';

/**
 * Who may write comments and what a comment body may hold. Pure checks that
 * throw `DraftroomError`s with codes the UI turns into messages.
 */

/** Longest comment body, in characters (Unicode code points), after trimming. */
export const COMMENT_MAX_LENGTH = 4000;

/**
 * Why `identity` may not write comments, or null if it may. Reading is open
 * to everyone; writing needs an identity, and an observer only watches the
 * negotiation: it may read every thread but not add, reply, resolve or edit.
 */
export function commentRefusal(identity: Identity | null | undefined): DraftroomError | null {
  if (!identity) return new DraftroomError('no-identity', 'Choose who you are before commenting.');
  if (identity.member.role === 'observer') {
    return new DraftroomError('forbidden', `${identity.member.name} is an observer and may read comments but not write them.`);
  }
  return null;
}

/** True if `identity` may write comments (see `commentRefusal`). */
export function mayComment(identity: Identity | null | undefined): identity is Identity {
  return commentRefusal(identity) === null;
}

/** Throws the refusal of `commentRefusal`, if any. */
export function assertMayComment(identity: Identity | null | undefined): asserts identity is Identity {
  const refusal = commentRefusal(identity);
  if (refusal) throw refusal;
}

// C0 controls and DEL, except tab and newline (CR is turned into newline first).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * A comment body as it is stored: line breaks normalised to `\n`, leading
 * and trailing white space trimmed. Throws `invalid-argument` for a
 * non-string, an empty body, control characters, or more than
 * `COMMENT_MAX_LENGTH` characters.
 */
export function normaliseCommentBody(body: unknown): string {
  if (typeof body !== 'string') throw new DraftroomError('invalid-argument', 'A comment must be text.');
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (text === '') throw new DraftroomError('invalid-argument', 'A comment cannot be empty.');
  if (CONTROL.test(text)) throw new DraftroomError('invalid-argument', 'A comment cannot contain control characters.');
  const length = [...text].length;
  if (length > COMMENT_MAX_LENGTH) {
    throw new DraftroomError(
      'invalid-argument',
      `A comment can be at most ${COMMENT_MAX_LENGTH.toLocaleString('en-US')} characters; this one has ${length.toLocaleString('en-US')}.`,
    );
  }
  return text;
}
