/**
 * The store measures on the trace's updates, one log row per update (as the
 * hub logs a person typing): B2 cold open in a fresh process (compacted, and
 * the whole log uncompacted, and that log again after the app opened it
 * once) vs `Y.applyUpdate` of the encoded state; B3
 * compaction (time, bytes before and after, the longest time one step holds
 * the write lock); B7 workspace bytes per edit before and after compaction
 * vs the Yjs encoded state.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { DocumentHub } from '../services/document-hub';
import { loadYDoc } from '../store/document-state';
import type { WorkspaceStoreApi } from '../store/store-types';
import { openWorkspace } from '../store/workspace-store';
import { result, type BenchResult } from './bench-results';
import { databaseBytes } from './measure';
import type { Measure, MeasureContext } from './measure-context';
import { initialDoc, workloadWorkspace, type TraceWorkload } from './trace-workload';

const CHILD = resolve(dirname(fileURLToPath(import.meta.url)), 'cold-open-child.ts');

/** Rows per transaction when writing the log (how it is written does not matter to what is measured). */
const WRITE_CHUNK = 10_000;

interface Cold {
  readonly ms: number;
  readonly openMs: number;
  readonly loadMs: number;
  readonly text: number;
}

/** Runs the cold-open child once and returns what it measured. */
function coldOpen(args: readonly string[]): Cold {
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as Cold;
}

/** The uncompacted workspace (every update its own log row), closed, and what it must hold. */
function writeLog(context: MeasureContext, workload: TraceWorkload): { path: string; docId: string; state: Uint8Array; textLength: number } {
  const path = join(context.workDir, 'b2-log.draftroom');
  const { store, docId } = workloadWorkspace(path, workload);
  const meta = { memberId: workload.typist.member.id, partyId: workload.typist.party.id };
  for (let i = 0; i < workload.updates.length; i += WRITE_CHUNK) store.appendUpdates(docId, workload.updates.slice(i, i + WRITE_CHUNK), meta);
  store.close();
  const doc = initialDoc(workload);
  for (const update of workload.updates) Y.applyUpdate(doc, update);
  if (workload.textOf(doc) !== workload.trace.endContent) throw new Error('B2: the log does not reproduce the trace');
  const state = Y.encodeStateAsUpdate(doc);
  const textLength = doc.getXmlFragment('prosemirror').toString().length;
  doc.destroy();
  return { path, docId, state, textLength };
}

/** B2, B3 and B7 together (they share one written log). */
export const storeMeasures: Measure = {
  ids: ['B2', 'B3', 'B7'],
  title: 'cold open, compaction, size (B2, B3, B7)',
  async run(context): Promise<BenchResult[]> {
    const workload = context.workload();
    const runs = context.quick ? 3 : 5;
    const edits = workload.updates.length;
    const log = writeLog(context, workload);
    const statePath = join(context.workDir, 'b2-state.bin');
    writeFileSync(statePath, log.state);
    const logBytes = databaseBytes(log.path);

    const check = (cold: Cold, what: string): Cold => {
      if (cold.text !== log.textLength) throw new Error(`B2: ${what} did not load the whole document`);
      return cold;
    };

    // B3: compaction of a copy of the log, once per run.
    const compactMs: number[] = [];
    const lockMs: number[] = [];
    const afterBytes: number[] = [];
    let compactedPath = '';
    for (let i = 0; i < runs; i++) {
      compactedPath = join(context.workDir, `b3-${i}.draftroom`);
      copyFileSync(log.path, compactedPath);
      const store = openWorkspace(compactedPath);
      const started = performance.now();
      const done = store.compact(log.docId);
      compactMs.push(performance.now() - started);
      lockMs.push(done.longestLockMs ?? Number.NaN);
      if (done.merged !== edits + 1) throw new Error(`B3: compaction merged ${done.merged} rows, expected ${edits + 1}`);
      store.close();
      afterBytes.push(databaseBytes(compactedPath));
    }
    context.log(`B3 compaction ${compactMs.map(Math.round).join(', ')} ms`);
    // What the same workspace weighs without the trace's edits (schema, members, the empty document).
    const emptyPath = join(context.workDir, 'b7-empty.draftroom');
    workloadWorkspace(emptyPath, workload).store.close();
    const emptyBytes = databaseBytes(emptyPath);

    // The app opening the long log once (DocumentHub): the Y.Doc it builds becomes the snapshot (compactWith).
    const atOpenMs: number[] = [];
    const atOpenLockMs: number[] = [];
    let reopenedPath = '';
    for (let i = 0; i < runs; i++) {
      reopenedPath = join(context.workDir, `b2-opened-${i}.draftroom`);
      copyFileSync(log.path, reopenedPath);
      const store = openWorkspace(reopenedPath);
      const lockMs: number[] = [];
      const timed = Object.create(store, {
        compactWith: {
          value: (docId: string, state: Uint8Array, seq: number) => {
            const started = performance.now();
            const done = store.compactWith(docId, state, seq);
            atOpenMs.push(performance.now() - started);
            lockMs.push(done.longestLockMs ?? Number.NaN);
            return done;
          },
        },
      }) as WorkspaceStoreApi;
      new DocumentHub(timed, { loadYDoc }).withDocument(log.docId, () => undefined);
      if (lockMs.length !== 1 || store.logLength(log.docId) !== 0) throw new Error('B2: opening the long log in the hub did not compact it');
      atOpenLockMs.push(lockMs[0]!);
      store.close();
    }

    // B2: the cold opens interleaved, so that the machine's load falls on each alike.
    const baseline: number[] = [];
    const uncompacted: Cold[] = [];
    const compacted: Cold[] = [];
    const reopened: Cold[] = [];
    for (let i = 0; i < runs; i++) {
      baseline.push(check(coldOpen(['yjs', statePath]), 'Y.applyUpdate').ms);
      compacted.push(check(coldOpen(['store', compactedPath, log.docId]), 'the compacted workspace'));
      uncompacted.push(check(coldOpen(['store', log.path, log.docId]), 'the uncompacted workspace'));
      reopened.push(check(coldOpen(['store', reopenedPath, log.docId]), 'the workspace opened once'));
    }
    context.log(
      `B2 baseline ${baseline.map(Math.round).join(', ')} ms; compacted ${compacted.map((c) => Math.round(c.ms)).join(', ')} ms; uncompacted ${uncompacted.map((c) => Math.round(c.ms)).join(', ')} ms; after one open ${reopened.map((c) => Math.round(c.ms)).join(', ')} ms`,
    );

    const stateBytes = log.state.length;
    const v2Bytes = Y.encodeStateAsUpdateV2((() => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, log.state);
      return doc;
    })()).length;
    const perEdit = (bytes: number) => bytes / edits;
    const n = edits.toLocaleString('en-US');
    return [
      result('B2', 'cold open, compacted (fresh process: open + load)', 'ms', compacted.map((c) => c.ms), {
        baseline,
        atMost: 100,
        ratioAtMost: 2,
        note: `open ${Math.round(compacted[0]!.openMs)} ms + load ${Math.round(compacted[0]!.loadMs)} ms (first run); baseline: Y.applyUpdate of the ${Math.round(stateBytes / 1024)} KB state, fresh process`,
      }),
      result('B2', `cold open, whole log uncompacted (${n} rows)`, 'ms', uncompacted.map((c) => c.ms), {
        baseline,
        atMost: 1000,
        note: `open ${Math.round(uncompacted[0]!.openMs)} ms + load ${Math.round(uncompacted[0]!.loadMs)} ms (first run)`,
      }),
      result('B2', 'cold open of that log again, after the app opened it once', 'ms', reopened.map((c) => c.ms), {
        baseline,
        atMost: 1000,
        note: 'the first open in DocumentHub made the Y.Doc it built the snapshot (compactWith)',
      }),
      result('B3', `compaction of ${n} rows`, 'ms', compactMs, { note: 'folded in steps of ≤50,000 rows outside the write lock; the lock is held only to swap the snapshot and to delete ≤10,000 merged rows' }),
      result('B3', 'compaction: longest write lock held', 'ms', lockMs, { note: 'other writers wait at most this' }),
      result('B3', `compaction at the first open of the ${n}-row log (compactWith the loaded Y.Doc)`, 'ms', atOpenMs, { note: `longest write lock ${Math.round(Math.max(...atOpenLockMs))} ms; the open itself is the B2 uncompacted row` }),
      result('B3', 'workspace bytes before compaction', 'B', [logBytes], { note: 'file + WAL' }),
      result('B3', 'workspace bytes after compaction', 'B', afterBytes),
      result('B7', 'bytes per edit, log uncompacted', 'B', [perEdit(logBytes)], { baseline: [perEdit(stateBytes)], note: `Yjs encoded state (V1) ${Math.round(stateBytes / 1024)} KB; V2 ${Math.round(v2Bytes / 1024)} KB` }),
      result('B7', 'bytes per edit, compacted (the document: file − the same workspace without the edits)', 'B', afterBytes.map((b) => perEdit(b - emptyBytes)), {
        baseline: [perEdit(stateBytes)],
        ratioAtMost: 1.2,
        note: `an empty workspace is ${Math.round(emptyBytes / 1024)} KB (one page per table and index)`,
      }),
      result('B7', 'bytes per edit, compacted (whole file)', 'B', afterBytes.map(perEdit), { baseline: [perEdit(stateBytes)] }),
    ];
  },
};
