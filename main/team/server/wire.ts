import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { writePermissionDenied } from 'y-protocols/auth';
import { errorText } from '../../../shared/api/errors';

/**
 * y-websocket's message envelope: every WebSocket message starts with a
 * varUint type, then the type's payload.
 */
export const MESSAGE_SYNC = 0;
/** An awareness update (presence): relayed, never stored. */
export const MESSAGE_AWARENESS = 1;
/** Auth (server → client): permission denied with a reason. */
export const MESSAGE_AUTH = 2;
/** A client asks for every awareness state. */
export const MESSAGE_QUERY_AWARENESS = 3;

/** One message from a client, taken apart. */
export type ClientMessage =
  | { readonly kind: 'sync'; readonly sync: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  | { readonly kind: 'query-awareness' };

/** Bytes that are not a y-websocket message. */
export class MalformedMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessage';
  }
}

/**
 * Takes a client's message apart. The sync submessage is returned as it
 * is (the document hub validates it); an awareness message must hold
 * exactly one length-prefixed update. Throws `MalformedMessage` otherwise.
 */
export function parseClientMessage(bytes: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return { kind: 'sync', sync: decoding.readTailAsUint8Array(decoder) };
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the awareness update');
        return { kind: 'awareness', update };
      }
      case MESSAGE_QUERY_AWARENESS:
        return { kind: 'query-awareness' };
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage(`truncated message (${errorText(error)})`);
  }
}

/** Wraps a y-protocols sync message (step 1, step 2 or update) for the wire. */
export function encodeSyncEnvelope(sync: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeUint8Array(encoder, sync);
  return encoding.toUint8Array(encoder);
}

/** An awareness message carrying one encoded awareness update. */
export function encodeAwarenessEnvelope(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An auth message: permission denied, with the reason (y-protocols/auth). */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The state as JSON text (`null` when the client left). */
  readonly stateJson: string;
}

/**
 * Decodes an awareness update (y-protocols/awareness format: count, then
 * client id, clock and JSON state per client) and checks every state is
 * JSON. Throws `MalformedMessage` otherwise.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const entries: AwarenessEntry[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const stateJson = decoding.readVarString(decoder);
      JSON.parse(stateJson);
      entries.push({ clientId, clock, stateJson });
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the awareness entries');
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage(`malformed awareness update (${errorText(error)})`);
  }
  return entries;
}

/** Encodes awareness entries back into an update. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.stateJson);
  }
  return encoding.toUint8Array(encoder);
}
