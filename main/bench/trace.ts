import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type * as Y from 'yjs';
import { SeededRandom } from '../../shared/random/seeded-random';

/** One edit: at `pos` (code points), delete `del` characters, then insert `text`. */
export type TracePatch = readonly [pos: number, del: number, text: string];

/** A sequential editing trace (josephg/editing-traces format). */
export interface EditingTrace {
  /** Where it came from, for the report. */
  readonly source: string;
  readonly startContent: string;
  readonly endContent: string;
  /** One entry per transaction, each a list of patches. */
  readonly txns: readonly (readonly TracePatch[])[];
}

function isPatch(value: unknown): value is TracePatch {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    Number.isInteger(value[0]) &&
    Number.isInteger(value[1]) &&
    typeof value[2] === 'string'
  );
}

/**
 * Reads a gzipped JSON editing trace. Only sequential traces are accepted
 * (a concurrent one needs its `parents` merged, which this bench does not
 * do), and only text inside the Basic Multilingual Plane (where code-point
 * positions equal Y.Text's UTF-16 positions).
 */
export function loadTrace(path: string): EditingTrace {
  const raw = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Record<string, unknown>;
  if (raw['kind'] === 'concurrent') {
    throw new Error(`${path} is a concurrent trace; the store bench replays sequential traces only (e.g. automerge-paper).`);
  }
  const { startContent, endContent, txns } = raw;
  if (typeof startContent !== 'string' || typeof endContent !== 'string' || !Array.isArray(txns)) {
    throw new Error(`${path} is not an editing trace: expected { startContent, endContent, txns }.`);
  }
  const out: TracePatch[][] = [];
  for (const txn of txns as { patches?: unknown }[]) {
    const patches = txn?.patches;
    if (!Array.isArray(patches) || !patches.every(isPatch)) throw new Error(`${path}: a transaction has malformed patches.`);
    for (const patch of patches) {
      if (/[\uD800-\uDFFF]/.test(patch[2])) throw new Error(`${path}: text outside the BMP is not supported by this bench.`);
    }
    out.push(patches);
  }
  return { source: path, startContent, endContent, txns: out };
}

/**
 * A deterministic synthetic typing session (a seeded PRNG): words typed at a
 * moving cursor, with occasional backspaces and jumps. For machines without
 * the real traces.
 */
export function syntheticTrace(edits: number, seed = 20251123): EditingTrace {
  const rng = new SeededRandom(seed);
  const random = (): number => rng.next();
  const words = ['the', 'parties', 'agree', 'ceasefire', 'sovereignty', 'guarantees', 'of', 'and', 'security', 'clause'];
  const chunks: string[] = [];
  let text = '';
  let cursor = 0;
  const txns: TracePatch[][] = [];
  for (let i = 0; i < edits; i++) {
    const roll = random();
    let patch: TracePatch;
    if (roll < 0.02) {
      cursor = Math.floor(random() * (text.length + 1));
      continue;
    } else if (roll < 0.15 && cursor > 0) {
      cursor--;
      patch = [cursor, 1, ''];
    } else {
      if (chunks.length === 0) chunks.push(...`${words[Math.floor(random() * words.length)]} `);
      patch = [cursor, 0, chunks.shift()!];
      cursor++;
    }
    text = text.slice(0, patch[0]) + patch[2] + text.slice(patch[0] + patch[1]);
    txns.push([patch]);
  }
  return { source: `synthetic (${txns.length} edits, seeded)`, startContent: '', endContent: text, txns };
}

/**
 * Replays a trace into `ydoc.getText(name)`, one Yjs transaction per trace
 * transaction, and returns the Yjs update each produced (what an editor
 * would hand to the store). Throws if the replayed text differs from
 * the trace's `endContent`.
 */
export function replayTrace(trace: EditingTrace, ydoc: Y.Doc, name = 'content'): Uint8Array[] {
  const text = ydoc.getText(name);
  if (trace.startContent.length > 0) text.insert(0, trace.startContent);
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array): void => {
    updates.push(update);
  };
  ydoc.on('update', collect);
  for (const patches of trace.txns) {
    ydoc.transact(() => {
      for (const [pos, del, insert] of patches) {
        if (del > 0) text.delete(pos, del);
        if (insert.length > 0) text.insert(pos, insert);
      }
    });
  }
  ydoc.off('update', collect);
  if (text.toString() !== trace.endContent) throw new Error(`replaying ${trace.source} did not reproduce its endContent`);
  return updates;
}
