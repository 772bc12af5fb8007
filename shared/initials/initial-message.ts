/**
 * What a member's initials sign: one line naming the format, then the
 * version's content hash, the member and the time of initialling. The
 * signature covers the hash (and through it the version's content and every
 * version before it in the chain) and says who initialled it and when, so
 * neither can be changed without the signature failing.
 */

/** Names the signed message's layout. */
export const INITIAL_MESSAGE_FORMAT = 'draftroom-initial/1';

/** The text (UTF-8) an Ed25519 signature of initials is made over. */
export function initialMessage(input: { readonly versionHash: string; readonly memberId: string; readonly at: string }): string {
  return `${INITIAL_MESSAGE_FORMAT}\n${input.versionHash}\n${input.memberId}\n${input.at}\n`;
}

/** Hex digits of the short form of a hash that headers and lists print. */
export const SHORT_HASH_LENGTH = 12;

/** The short form of a hash (its first 12 hex digits), as headers and lists print it. */
export function shortHash(hash: string): string {
  return hash.slice(0, SHORT_HASH_LENGTH);
}
