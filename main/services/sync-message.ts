import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import { DraftroomError, errorText } from '../../shared/api/errors';

/** The three y-protocols sync message types, as their first varUint. */
export type SyncMessageType = typeof messageYjsSyncStep1 | typeof messageYjsSyncStep2 | typeof messageYjsUpdate;

/** A well-formed sync message: its type and its payload (a state vector for step 1, a V1 update otherwise). */
export interface SyncMessageParts {
  readonly type: SyncMessageType;
  readonly payload: Uint8Array;
}

/**
 * Checks that bytes are one well-formed y-protocols sync message (type,
 * then one length-prefixed payload that decodes as a state vector or a V1
 * update, nothing after it) before anything is applied to a document.
 * Throws `invalid-argument` otherwise; returns the type and the payload.
 */
export function validateSyncMessage(message: Uint8Array): SyncMessageParts {
  const { type, payload } = splitSyncMessage(message);
  try {
    if (type === messageYjsSyncStep1) Y.decodeStateVector(payload);
    else Y.decodeUpdate(payload);
  } catch (error) {
    throw new DraftroomError('invalid-argument', `malformed Yjs payload in sync message: ${errorText(error)}`);
  }
  return { type, payload };
}

/**
 * The framing half of `validateSyncMessage`: a known sync message type and
 * one length-prefixed payload, nothing after it; the payload itself is not
 * decoded (for a caller that decodes it anyway, and treats a payload that
 * does not decode as `validateSyncMessage` would). Throws `invalid-argument`.
 */
export function splitSyncMessage(message: Uint8Array): SyncMessageParts {
  let type: number;
  let payload: Uint8Array;
  try {
    const decoder = decoding.createDecoder(message);
    type = decoding.readVarUint(decoder);
    payload = decoding.readVarUint8Array(decoder);
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the payload');
  } catch (error) {
    throw new DraftroomError('invalid-argument', `not a y-protocols sync message: ${errorText(error)}`);
  }
  if (type !== messageYjsSyncStep1 && type !== messageYjsSyncStep2 && type !== messageYjsUpdate) {
    throw new DraftroomError('invalid-argument', `unknown sync message type ${type}`);
  }
  return { type, payload };
}

/** A sync step 1 message (main's state vector) for a document. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** A sync update message carrying one Yjs update (V1). */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}
