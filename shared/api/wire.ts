import { fromBase64, toBase64 } from 'lib0/buffer';
import type { ApiEventName, ApiMethod } from './contract';
import type { ApiResult } from './errors';

/** A call from the renderer to main over a message transport. */
export interface WireRequest {
  readonly type: 'call';
  readonly id: number;
  readonly method: ApiMethod;
  readonly args: readonly unknown[];
}

/** The result of one call. */
export interface WireResponse {
  readonly type: 'result';
  readonly id: number;
  readonly result: ApiResult<unknown>;
}

/** An event pushed by main. */
export interface WireEvent {
  readonly type: 'event';
  readonly event: ApiEventName;
  readonly payload: unknown;
}

/** Any message on the wire. */
export type WireMessage = WireRequest | WireResponse | WireEvent;

const BYTES_TAG = '$bytes';

/**
 * Encodes a wire message as JSON text; `Uint8Array`s become
 * `{"$bytes": "<base64>"}` so binary Yjs messages survive the trip.
 */
export function encodeWireMessage(message: WireMessage): string {
  // Read the raw property (`this[key]`): JSON.stringify calls a Node Buffer's
  // toJSON before the replacer sees `value`, which would hide the bytes.
  return JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Uint8Array ? { [BYTES_TAG]: toBase64(raw) } : value;
  });
}

/**
 * Decodes text from `encodeWireMessage`. Throws on text that is not JSON or
 * not a wire message; the caller answers with an error, it never crashes.
 */
export function decodeWireMessage(text: string): WireMessage {
  const value: unknown = JSON.parse(text, (_key, raw: unknown) => {
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const record = raw as Record<string, unknown>;
      const tagged = record[BYTES_TAG];
      if (typeof tagged === 'string' && Object.keys(record).length === 1) return fromBase64(tagged);
    }
    return raw;
  });
  if (value === null || typeof value !== 'object') throw new Error('wire message is not an object');
  const type = (value as { type?: unknown }).type;
  if (type === 'call') {
    const call = value as Partial<WireRequest>;
    if (typeof call.id !== 'number' || typeof call.method !== 'string' || !Array.isArray(call.args)) {
      throw new Error('malformed call message');
    }
  } else if (type === 'result') {
    const res = value as Partial<WireResponse>;
    if (typeof res.id !== 'number' || res.result === null || typeof res.result !== 'object') {
      throw new Error('malformed result message');
    }
  } else if (type === 'event') {
    if (typeof (value as Partial<WireEvent>).event !== 'string') throw new Error('malformed event message');
  } else {
    throw new Error('unknown wire message type');
  }
  return value as WireMessage;
}
