import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { errorText } from '../api/errors';

/** One client's entry in a y-protocols awareness update. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The client's state (parsed JSON), or null when it left. */
  readonly state: unknown;
}

/** Yjs client ids are unsigned 32-bit integers. */
const MAX_CLIENT_ID = 0xffff_ffff;

/** Most entries one awareness update may carry. */
export const MAX_AWARENESS_ENTRIES = 64;

/**
 * Reads the entries of a y-protocols awareness update (the format of
 * `encodeAwarenessUpdate`: count, then client id, clock and JSON state per
 * client). Throws an `Error` with a clear message on anything else: bad
 * varints, bad JSON, trailing bytes, too many entries.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(decoder);
    if (count > MAX_AWARENESS_ENTRIES) throw new Error(`an awareness update carries at most ${MAX_AWARENESS_ENTRIES} clients, not ${count}`);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      if (clientId > MAX_CLIENT_ID) throw new Error(`client id ${clientId} is not a Yjs client id`);
      const clock = decoding.readVarUint(decoder);
      // The string's length must fit in what is left (a longer one would read past this message).
      if (decoding.peekVarUint(decoder) > decoder.arr.length - decoder.pos) throw new Error('a state runs past the end');
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      entries.push({ clientId, clock, state });
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness update');
    return entries;
  } catch (error) {
    const detail = errorText(error);
    throw new Error(`malformed awareness update: ${detail}`);
  }
}

/** Encodes entries as a y-protocols awareness update (what `applyAwarenessUpdate` reads). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state ?? null));
  }
  return encoding.toUint8Array(encoder);
}
