/**
 * The close codes the team server uses. Following y-websocket 3's
 * convention, 4400–4499 mean "reconnecting cannot fix this" (its
 * WebsocketProvider stops retrying and emits `closed`), 4500–4599 and the
 * standard codes mean "try again later".
 */
export const CLOSE = {
  /** The server is shutting down (standard "going away"): reconnect later. */
  goingAway: 1001,
  /** A message larger than the limit (standard "message too big"; sent by `ws` itself). */
  tooBig: 1009,
  /** An unexpected server error (standard "internal error"). */
  internal: 1011,
  /** Malformed traffic: bytes that are not y-websocket messages, or a bad URL. */
  malformed: 4400,
  /** No token, a wrong, revoked or other workspace's token, or its member is gone. */
  unauthorized: 4401,
  /** Too many refused updates in a short time. */
  tooManyRefusals: 4403,
  /** No such workspace or document on this server. */
  notFound: 4404,
  /** Too many open connections for one token (try again when some close). */
  tooManyConnections: 4509,
  /** Too many messages per second (try again later). */
  rateLimited: 4529,
  /** The store (PostgreSQL) does not answer: nothing can be stored now (try again later). */
  storeUnavailable: 4503,
  /** The connection could not keep up with what it is sent. */
  tooSlow: 4513,
} as const;

/** Longest close reason a WebSocket close frame can carry (bytes). */
const MAX_REASON_BYTES = 123;

/** A close reason shortened to fit a close frame. */
export function closeReason(text: string): string {
  let reason = text.replace(/\s+/g, ' ').trim();
  while (Buffer.byteLength(reason, 'utf8') > MAX_REASON_BYTES) reason = reason.slice(0, -2) + '…';
  return reason;
}
