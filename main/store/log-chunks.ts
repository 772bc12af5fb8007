import type { LogChunk } from './store-types';

/**
 * The log rows of `LogChunk`s as views into their chunk's bytes.
 *
 * A long log is kept as chunks and each row made a view only when it is
 * used (`forEachLogUpdate`): a view made, used and dropped dies young, but a
 * quarter of a million views held until the last one is applied outlive
 * several young-generation collections and are copied by each (one view per
 * row of a 259,778-row log cost 0.1–0.2 s of CPU, B2).
 */

/** A plain `Uint8Array` over the same bytes: its `subarray`s are plain views too (a Buffer's are Buffers, slower to make). */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Calls `visit` with each row of `chunks` in order, each a plain view into its chunk made just before. */
export function forEachLogUpdate(chunks: readonly LogChunk[], visit: (update: Uint8Array) => void): void {
  for (const { bytes, sizes } of chunks) {
    const plain = plainBytes(bytes);
    let at = 0;
    for (const size of sizes) {
      visit(plain.subarray(at, at + size));
      at += size;
    }
  }
}

/**
 * Every row of `chunks` in order, each a view into its chunk's bytes of the
 * same kind (a chunk that is one whole row is returned as it is).
 */
export function logUpdates(chunks: readonly LogChunk[]): Uint8Array[] {
  const updates: Uint8Array[] = [];
  for (const { bytes, sizes } of chunks) {
    if (sizes.length === 1 && sizes[0] === bytes.length) {
      updates.push(bytes);
      continue;
    }
    let at = 0;
    for (const size of sizes) {
      updates.push(bytes.subarray(at, at + size));
      at += size;
    }
  }
  return updates;
}

/** A chunk of one row: the row's own bytes. */
export function singleRowChunk(bytes: Uint8Array): LogChunk {
  return { bytes, sizes: Uint32Array.of(bytes.length) };
}
