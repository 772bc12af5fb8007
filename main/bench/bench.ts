/**
 * Benchmark: `npm run bench [-- --section store|editing|team|all] [--trace <file.json.gz> | --synthetic] [--per-update <n>] [--keystrokes <n>]`.
 *
 * Store section: replays a real editing trace (default: automerge-paper from
 * the team's shared data, CC BY 4.0, josephg/editing-traces; a seeded
 * synthetic trace if it is missing) into a Y.Text, then measures the store
 * with the resulting Yjs updates: append throughput (one commit per update,
 * with the app's `synchronous = FULL` and, for comparison, `NORMAL`; and
 * batched), opening, loading (whole log; snapshot + tail; snapshot only),
 * compaction, file size and heap.
 *
 * Editing section (`editing-bench.ts`): on a large generated proposal, the
 * cost of a suggester's keystroke in the editor's logic and in main, a
 * headless read, redline exports and the heap of the loaded document.
 *
 * Prints one table per section. Nothing outside a temporary folder is written.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { COMPACTION_STEP_ROWS } from '../store/compaction';
import { loadYDoc } from '../store/document-state';
import { updateChecksumFrom, updateChecksumSeed } from '../store/row-checksums';
import type { WorkspaceStoreApi } from '../store/store-types';
import { createWorkspace, openWorkspace } from '../store/workspace-store';
import {
  databaseBytes,
  formatBytes,
  formatMs,
  formatRate,
  formatTable,
  heapUsedAfterGc,
  timed,
  type BenchRow,
} from './measure';
import { runEditingBench } from './editing-bench';
import { runClusterBench } from './cluster-bench';
import { runTeamBench } from './team-bench';
import { loadTrace, replayTrace, syntheticTrace, type EditingTrace } from './trace';

/** The project root (two levels above this file). */
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The default trace, in the team's shared folder beside the project. */
const DEFAULT_TRACE = resolve(PROJECT_ROOT, '..', 'shared', 'data', 'editing-traces', 'automerge-paper.json.gz');
/** Updates in the tail appended after compaction, for the snapshot + tail load. */
const TAIL = 1000;
/** Batch size of the batched append measure. */
const BATCH = 100;

/** Which part of the bench runs. */
type BenchSection = 'store' | 'editing' | 'team' | 'cluster' | 'all';

const SECTIONS: readonly BenchSection[] = ['store', 'editing', 'team', 'cluster', 'all'];

/** Command-line options of the bench. */
interface BenchOptions {
  readonly section: BenchSection;
  /** Trace file, or null for the synthetic trace (`--synthetic`, or no default trace on this machine). */
  readonly trace: string | null;
  /** How many updates to append one commit each (per durability setting). */
  readonly perUpdate: number;
  /** Characters typed in the editing section, one transaction each. */
  readonly keystrokes: number;
}

const USAGE = `Usage: npm run bench -- [--section store|editing|team|cluster|all] [--trace <file.json.gz> | --synthetic] [--per-update <n>] [--keystrokes <n>]

  --section <s>      store (the update log on an editing trace), editing (a large proposal:
                     keystrokes in suggestion mode, main's sync, read, export, heap), team (the team
                     server: connect + sync, confirmation round trip, updates/s, a replica's return),
                     cluster (two instances on PostgreSQL + Redis: edit on A → client of B p50/p95,
                     updates/s across instances, a fresh instance's load) or all (default)
  --trace <file>     sequential editing trace, gzipped JSON (default: ../shared/data/editing-traces/automerge-paper.json.gz)
  --synthetic        use the seeded synthetic trace instead of a file
  --per-update <n>   updates appended one commit each, per durability setting (default 20000)
  --keystrokes <n>   characters typed one transaction each in the editing section (default 500)
  --help             this text`;

/** Parses the command line; throws with a one-line reason on a bad flag. */
function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  let trace: string | null | undefined;
  let perUpdate = 20_000;
  let keystrokes = 500;
  let section: BenchSection = 'all';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const value = argv[i + 1];
    if (arg === '--synthetic') {
      trace = null;
    } else if (arg === '--trace') {
      if (!value) throw new Error('--trace needs a file');
      trace = resolve(value);
      i++;
    } else if (arg === '--per-update') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error('--per-update needs a positive whole number');
      perUpdate = n;
      i++;
    } else if (arg === '--keystrokes') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error('--keystrokes needs a positive whole number');
      keystrokes = n;
      i++;
    } else if (arg === '--section') {
      if (!SECTIONS.includes(value as BenchSection)) throw new Error(`--section needs one of ${SECTIONS.join(', ')}`);
      section = value as BenchSection;
      i++;
    } else {
      throw new Error(`unknown flag ${String(arg)}`);
    }
  }
  if (trace === undefined) trace = existsSync(DEFAULT_TRACE) ? DEFAULT_TRACE : null;
  return { section, trace, perUpdate, keystrokes };
}

function pickTrace(options: BenchOptions): EditingTrace {
  if (options.trace === null) {
    if (!existsSync(DEFAULT_TRACE)) {
      console.log(`No trace at ${DEFAULT_TRACE}: using a synthetic trace instead (pass --trace <file> for a real one).`);
    }
    return syntheticTrace(60_000);
  }
  if (!existsSync(options.trace)) throw new Error(`no trace file at ${options.trace}`);
  return loadTrace(options.trace);
}

function appendOneByOne(store: WorkspaceStoreApi, docId: string, updates: readonly Uint8Array[]): number {
  return timed(() => {
    for (const update of updates) store.appendUpdate(docId, update);
  }).ms;
}

function textOf(ydoc: Y.Doc): string {
  return ydoc.getText('content').toString();
}

/** Runs every measure of the store section and returns the table rows. */
function runStoreBench(options: BenchOptions, workDir: string): BenchRow[] {
  const rows: BenchRow[] = [];
  const trace = pickTrace(options);
  const source = new Y.Doc();
  const replay = timed(() => replayTrace(trace, source));
  const updates = replay.value;
  const expected = trace.endContent;
  const bytesInLog = updates.reduce((sum, u) => sum + u.length, 0);
  rows.push({ measure: 'trace', value: `${updates.length.toLocaleString('en-US')} updates`, note: trace.source });
  rows.push({ measure: 'replay into Y.Text (no store)', value: formatMs(replay.ms), note: formatRate(updates.length, replay.ms) });
  rows.push({ measure: 'update size', value: `${(bytesInLog / updates.length).toFixed(1)} B`, note: 'mean V1 update' });

  // One commit per update, FULL (the app) then NORMAL (for comparison).
  const perUpdate = updates.slice(0, Math.min(options.perUpdate, updates.length));
  const fullPath = join(workDir, 'per-update-full.draftroom');
  const fullStore = createWorkspace(fullPath, { name: 'bench' });
  const fullMs = appendOneByOne(fullStore, fullStore.createDocument({ title: 'doc' }).id, perUpdate);
  fullStore.close();
  const normalPath = join(workDir, 'per-update-normal.draftroom');
  createWorkspace(normalPath, { name: 'bench' }).close();
  const normalStore = openWorkspace(normalPath, { durability: 'normal' });
  const normalMs = appendOneByOne(normalStore, normalStore.createDocument({ title: 'doc' }).id, perUpdate);
  normalStore.close();
  rows.push({
    measure: 'append, 1 commit/update, FULL',
    value: formatRate(perUpdate.length, fullMs),
    note: `${perUpdate.length} updates, ${((fullMs * 1000) / perUpdate.length).toFixed(0)} µs each (the app's setting)`,
  });
  rows.push({
    measure: 'append, 1 commit/update, NORMAL',
    value: formatRate(perUpdate.length, normalMs),
    note: `FULL costs ${(fullMs / normalMs).toFixed(2)}× NORMAL`,
  });

  // Batched: everything but the last TAIL updates, BATCH per transaction.
  const path = join(workDir, 'trace.draftroom');
  let store = createWorkspace(path, { name: 'bench' });
  const docId = store.createDocument({ title: 'Trace' }).id;
  const head = updates.slice(0, Math.max(0, updates.length - TAIL));
  const tail = updates.slice(head.length);
  const batched = timed(() => {
    for (let i = 0; i < head.length; i += BATCH) store.appendUpdates(docId, head.slice(i, i + BATCH));
  });
  rows.push({ measure: `append, ${BATCH} updates/commit, FULL`, value: formatRate(head.length, batched.ms), note: `${head.length} updates` });
  store.close();
  rows.push({ measure: 'file size, log only', value: formatBytes(databaseBytes(path)), note: `${head.length} log rows` });

  const opened = timed(() => openWorkspace(path));
  store = opened.value;
  rows.push({ measure: 'open (checks + quick_check)', value: formatMs(opened.ms), note: 'header, private copy, quick_check' });

  const heapBefore = heapUsedAfterGc();
  const fullLoad = timed(() => loadYDoc(store, docId));
  const heapWithDoc = heapUsedAfterGc();
  rows.push({ measure: 'load, whole log (no snapshot)', value: formatMs(fullLoad.ms), note: `${head.length} rows` });
  rows.push({ measure: 'heap used by the loaded Y.Doc', value: formatBytes(Math.max(0, heapWithDoc - heapBefore)) });
  fullLoad.value.destroy();
  const readRows = timed(() => store.readDocumentState(docId));
  const checks = timed(() => {
    let all = 0;
    const seed = updateChecksumSeed(1);
    for (const update of readRows.value.updates) all ^= updateChecksumFrom(seed, update);
    return all;
  });
  rows.push({
    measure: 'read the log rows (checksums checked)',
    value: formatMs(readRows.ms),
    note: `of which CRC-32 of ${readRows.value.updates.length} rows ≈ ${formatMs(checks.ms)}`,
  });

  const compaction = timed(() => store.compact(docId));
  const steps = Math.max(1, Math.ceil(compaction.value.merged / COMPACTION_STEP_ROWS));
  rows.push({
    measure: 'compaction',
    value: formatMs(compaction.ms),
    note: `${compaction.value.merged} rows, ${steps} transactions of ≤${COMPACTION_STEP_ROWS} rows (~${formatMs(compaction.ms / steps)} lock each)`,
  });
  const snapshotBytes = store.readDocumentState(docId).snapshot?.length ?? 0;
  rows.push({ measure: 'snapshot size', value: formatBytes(snapshotBytes), note: 'V1, gc on' });

  store.appendUpdates(docId, tail);
  const tailLoad = timed(() => loadYDoc(store, docId));
  if (textOf(tailLoad.value) !== expected) throw new Error('snapshot + tail did not reproduce the trace');
  rows.push({ measure: 'load, snapshot + tail', value: formatMs(tailLoad.ms), note: `tail of ${tail.length}; text verified` });
  store.compact(docId);
  const snapshotLoad = timed(() => loadYDoc(store, docId));
  if (textOf(snapshotLoad.value) !== expected) throw new Error('snapshot did not reproduce the trace');
  rows.push({ measure: 'load, snapshot only', value: formatMs(snapshotLoad.ms), note: 'text verified' });
  const heapPeak = process.memoryUsage().heapUsed;
  store.close();
  rows.push({ measure: 'file size, after compaction', value: formatBytes(databaseBytes(path)), note: 'incremental vacuum' });
  rows.push({ measure: 'heap used at the end', value: formatBytes(heapPeak), note: 'whole bench process (trace kept in memory)' });
  return rows;
}

async function main(): Promise<void> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'draftroom-bench-'));
  try {
    const platform = `Node ${process.version}, ${process.platform}/${process.arch}`;
    if (options.section === 'store' || options.section === 'all') {
      const rows = runStoreBench(options, workDir);
      console.log(`\nDraftroom store bench — ${platform}\n`);
      console.log(formatTable(rows));
    }
    if (options.section === 'editing' || options.section === 'all') {
      const rows = await runEditingBench(workDir, { keystrokes: options.keystrokes });
      console.log(`\nDraftroom editing bench — ${platform}\n`);
      console.log(formatTable(rows));
    }
    if (options.section === 'team' || options.section === 'all') {
      const rows = await runTeamBench(workDir);
      console.log(`\nDraftroom team server bench — ${platform}\n`);
      console.log(formatTable(rows));
    }
    if (options.section === 'cluster' || options.section === 'all') {
      const rows = await runClusterBench(workDir);
      console.log(`\nDraftroom team server cluster bench (PostgreSQL + Redis, two instances) — ${platform}\n`);
      console.log(formatTable(rows));
    }
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
