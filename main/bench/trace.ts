import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { SeededRandom } from '../../shared/random/seeded-random';

/** One edit: at `pos` (code points), delete `del` characters, then insert `text`. */
export type TracePatch = readonly [pos: number, del: number, text: string];

/** One transaction of a trace; a concurrent trace names its agent and the transactions it starts from. */
export interface TraceTxn {
  readonly patches: readonly TracePatch[];
  /** Concurrent traces: the agent (0-based) that made it. */
  readonly agent?: number;
  /** Concurrent traces: indexes of earlier transactions whose merged state this one starts from. */
  readonly parents?: readonly number[];
}

/** An editing trace (josephg/editing-traces format), sequential or concurrent. */
export interface EditingTrace {
  /** Where it came from, for the report. */
  readonly source: string;
  readonly kind: 'sequential' | 'concurrent';
  /** Concurrent traces: how many agents typed (1 for a sequential trace). */
  readonly agents: number;
  readonly startContent: string;
  readonly endContent: string;
  readonly txns: readonly TraceTxn[];
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
 * Parses an editing trace from its JSON text (the `editing-traces` format:
 * `{ startContent?, endContent, txns: [{ patches, agent?, parents? }] }`,
 * `kind: "concurrent"` with `numAgents` for concurrent traces). Only text
 * inside the Basic Multilingual Plane is accepted (where code-point
 * positions equal Y.Text's UTF-16 positions). Throws with `source` in the
 * message on anything else.
 */
export function parseTrace(json: string, source: string): EditingTrace {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const concurrent = raw['kind'] === 'concurrent';
  const startContent = raw['startContent'] ?? '';
  const { endContent, txns } = raw;
  if (typeof startContent !== 'string' || typeof endContent !== 'string' || !Array.isArray(txns)) {
    throw new Error(`${source} is not an editing trace: expected { startContent, endContent, txns }.`);
  }
  const agents = concurrent ? Number(raw['numAgents']) : 1;
  if (!Number.isInteger(agents) || agents < 1) throw new Error(`${source}: a concurrent trace needs numAgents ≥ 1.`);
  const out: TraceTxn[] = [];
  for (const [index, txn] of (txns as { patches?: unknown; agent?: unknown; parents?: unknown }[]).entries()) {
    const patches = txn?.patches;
    if (!Array.isArray(patches) || !patches.every(isPatch)) throw new Error(`${source}: transaction ${index} has malformed patches.`);
    for (const patch of patches) {
      if (/[\uD800-\uDFFF]/.test(patch[2])) throw new Error(`${source}: text outside the BMP is not supported by this bench.`);
    }
    if (!concurrent) {
      out.push({ patches });
      continue;
    }
    const { agent, parents } = txn;
    if (!Number.isInteger(agent) || (agent as number) < 0 || (agent as number) >= agents) throw new Error(`${source}: transaction ${index} has no valid agent.`);
    if (!Array.isArray(parents) || !parents.every((p) => Number.isInteger(p) && p >= 0 && p < index)) {
      throw new Error(`${source}: transaction ${index} names parents that are not earlier transactions.`);
    }
    out.push({ patches, agent: agent as number, parents: parents as number[] });
  }
  return { source, kind: concurrent ? 'concurrent' : 'sequential', agents, startContent, endContent, txns: out };
}

/** Reads a trace file, gzipped (`.gz`) or plain JSON. */
export function loadTrace(path: string): EditingTrace {
  const bytes = readFileSync(path);
  const json = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseTrace(json, path);
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
  const txns: TraceTxn[] = [];
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
    txns.push({ patches: [patch] });
  }
  return { source: `synthetic (${txns.length} edits, seeded)`, kind: 'sequential', agents: 1, startContent: '', endContent: text, txns };
}

/** Where a replay writes: the text a trace edits, inside a document. */
export type TraceTarget = (ydoc: Y.Doc) => Y.Text;

/** The default target: `ydoc.getText('content')`. */
export const plainText: TraceTarget = (ydoc) => ydoc.getText('content');

/** One transaction's Yjs update, with the agent that made it. */
export interface TraceUpdate {
  readonly agent: number;
  readonly update: Uint8Array;
}

function applyPatches(text: Y.Text, patches: readonly TracePatch[]): void {
  for (const [pos, del, insert] of patches) {
    if (del > 0) text.delete(pos, del);
    if (insert.length > 0) text.insert(pos, insert);
  }
}

/**
 * Replays a trace, one Yjs transaction per trace transaction, and returns
 * the update each produced, in trace order (what editors would hand to the
 * store). `docs[agent]` is each agent's replica (one for a sequential trace,
 * `trace.agents` for a concurrent one); they must already hold the same
 * starting state (the start content is inserted into `docs[0]` and synced).
 * A concurrent transaction first brings its agent's replica up to the
 * merged state of its parents (the updates of every ancestor it lacks).
 * The replicas' Yjs client ids must rise with the agent number (Yjs orders
 * concurrent insertions at one place by client id; the traces' `endContent`
 * puts the lower agent first).
 * Throws if, with every update applied to every replica, the text differs
 * from the trace's `endContent`: a replay that does not reproduce the trace
 * measures nothing.
 */
export function replayTrace(trace: EditingTrace, docs: readonly Y.Doc[], target: TraceTarget = plainText): TraceUpdate[] {
  if (docs.length !== trace.agents) throw new Error(`replaying ${trace.source} needs ${trace.agents} replicas, got ${docs.length}`);
  if (docs.some((doc, i) => i > 0 && doc.clientID <= docs[i - 1]!.clientID)) {
    // Yjs orders concurrent insertions at one place by client id; the traces' endContent follows agent order.
    throw new Error(`replaying ${trace.source} needs replicas whose Yjs client ids rise with the agent number`);
  }
  const texts = docs.map((doc) => target(doc));
  if (trace.startContent.length > 0) {
    texts[0]!.insert(0, trace.startContent);
    const start = Y.encodeStateAsUpdate(docs[0]!);
    for (const doc of docs.slice(1)) Y.applyUpdate(doc, start);
  }
  const out: TraceUpdate[] = [];
  const applied = docs.map(() => new Set<number>());
  const current = { update: null as Uint8Array | null };
  const listeners = docs.map((doc) => {
    const listener = (update: Uint8Array, origin: unknown): void => {
      if (origin !== REPLAY_SYNC) current.update = update;
    };
    doc.on('update', listener);
    return listener;
  });
  trace.txns.forEach((txn, index) => {
    const agent = txn.agent ?? 0;
    const doc = docs[agent]!;
    if (trace.kind === 'concurrent') catchUp(trace, out, applied[agent]!, doc, txn.parents ?? []);
    current.update = null;
    doc.transact(() => applyPatches(texts[agent]!, txn.patches));
    // A transaction that changes nothing emits no update; keep the index aligned.
    out.push({ agent, update: current.update ?? EMPTY_UPDATE });
    applied[agent]!.add(index);
  });
  docs.forEach((doc, i) => doc.off('update', listeners[i]!));
  for (const doc of docs) for (const { update } of out) Y.applyUpdate(doc, update, REPLAY_SYNC);
  for (const text of texts) {
    if (text.toString() !== trace.endContent) throw new Error(`replaying ${trace.source} did not reproduce its endContent`);
  }
  return out;
}

/** Origin of the updates a replay moves between replicas. */
const REPLAY_SYNC = Symbol('replay-sync');

/** A V1 update that changes nothing. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** Applies to `doc` the updates of every ancestor of `parents` it has not seen, oldest first. */
function catchUp(trace: EditingTrace, out: readonly TraceUpdate[], applied: Set<number>, doc: Y.Doc, parents: readonly number[]): void {
  const missing: number[] = [];
  const stack = [...parents];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const index = stack.pop()!;
    if (applied.has(index) || seen.has(index)) continue;
    seen.add(index);
    missing.push(index);
    stack.push(...(trace.txns[index]!.parents ?? []));
  }
  missing.sort((a, b) => a - b);
  for (const index of missing) {
    Y.applyUpdate(doc, out[index]!.update, REPLAY_SYNC);
    applied.add(index);
  }
}
