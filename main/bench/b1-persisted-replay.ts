/**
 * B1, persisted replay: the trace's updates through the app's real write
 * path (`DocumentHub`: validation, the update policy, the append with the
 * app's `synchronous=FULL`, compaction every 500 rows), every update durable
 * before the call that brought it returns. (a) one sync message per update,
 * as a person typing sends them; (b) catch-up: the same messages read
 * together in batches (`DocumentHub.handleSyncMessages`: one transaction,
 * one policy check and one commit per batch), as a replica back from a day
 * offline sends its queue. Baseline: raw Yjs applying the same updates one
 * by one in memory, in the same run.
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { DocumentHub, type HubPeer } from '../services/document-hub';
import { encodeSyncUpdate } from '../services/sync-message';
import { loadYDoc } from '../store/document-state';
import { result, type BenchResult } from './bench-results';
import type { Measure, MeasureContext } from './measure-context';
import { initialDoc, workloadWorkspace, type TraceWorkload } from './trace-workload';

/** Messages per catch-up batch: about what one 64 KB read of a socket holds of one-keystroke update messages (~30 B each). */
export const CATCH_UP_BATCH = 2000;

/** A lead typing directly (the hub's peer for the trace's updates). */
function leadPeer(workload: TraceWorkload): HubPeer {
  const { member, party } = workload.typist;
  return { attribution: () => ({ memberId: member.id, partyId: party.id }), editRefusal: () => null, identity: () => workload.typist, deliver: () => {} };
}

/** Raw Yjs: the updates applied one by one to a fresh document; returns milliseconds. */
function rawYjs(workload: TraceWorkload, updates: readonly Uint8Array[], expected: string, batch = 1): number {
  const doc = initialDoc(workload);
  const started = performance.now();
  if (batch === 1) {
    for (const update of updates) Y.applyUpdate(doc, update);
  } else {
    for (let i = 0; i < updates.length; i += batch) doc.transact(() => updates.slice(i, i + batch).forEach((u) => Y.applyUpdate(doc, u)));
  }
  const ms = performance.now() - started;
  if (workload.textOf(doc) !== expected) throw new Error('B1: raw Yjs did not reproduce the trace');
  doc.destroy();
  return ms;
}

/** The updates through a fresh workspace's hub, one message at a time or in batches; returns milliseconds. */
function throughHub(context: MeasureContext, workload: TraceWorkload, messages: readonly Uint8Array[], expected: string, batch: number, run: string): number {
  const { store, docId } = workloadWorkspace(join(context.workDir, `b1-${run}.draftroom`), workload);
  const hub = new DocumentHub(store, { loadYDoc });
  const peer = leadPeer(workload);
  try {
    hub.openDocument(peer, docId);
    const started = performance.now();
    if (batch === 1) {
      for (const message of messages) hub.handleSyncMessage(peer, docId, message);
    } else {
      for (let i = 0; i < messages.length; i += batch) {
        for (const outcome of hub.handleSyncMessages(peer, docId, messages.slice(i, i + batch))) {
          if ('error' in outcome) throw outcome.error;
        }
      }
    }
    const ms = performance.now() - started;
    hub.dispose();
    const stored = loadYDoc(store, docId);
    if (workload.textOf(stored) !== expected) throw new Error('B1: the workspace does not hold the replayed trace');
    stored.destroy();
    return ms;
  } finally {
    hub.dispose();
    store.close();
  }
}

/** B1. */
export const persistedReplay: Measure = {
  ids: ['B1'],
  title: 'persisted replay',
  async run(context): Promise<BenchResult[]> {
    const workload = context.workload();
    const runs = 3;
    const all = workload.updates;
    // One commit per update is bound by the disk's sync rate (~3 ms per commit on a busy shared disk): (a)
    // replays a prefix of the trace (10,000 updates with --quick, 20,000 otherwise), so the run stays in minutes.
    const perUpdate = all.slice(0, Math.min(all.length, context.quick ? 10_000 : 20_000));
    const prefixText = (() => {
      const doc = initialDoc(workload);
      for (const u of perUpdate) Y.applyUpdate(doc, u);
      const text = workload.textOf(doc);
      doc.destroy();
      return text;
    })();
    const end = workload.trace.endContent;
    const messages = all.map(encodeSyncUpdate);
    const base: number[] = [];
    const basePrefix: number[] = [];
    const baseBatched: number[] = [];
    const oneByOne: number[] = [];
    const catchUp: number[] = [];
    for (let run = 0; run < runs; run++) {
      base.push(rawYjs(workload, all, end));
      basePrefix.push(perUpdate === all ? base[run]! : rawYjs(workload, perUpdate, prefixText));
      baseBatched.push(rawYjs(workload, all, end, CATCH_UP_BATCH));
      catchUp.push(throughHub(context, workload, messages, end, CATCH_UP_BATCH, `b${run}`));
      oneByOne.push(throughHub(context, workload, messages.slice(0, perUpdate.length), prefixText, 1, `a${run}`));
      context.log(`B1 run ${run + 1}/${runs}: raw ${Math.round(base[run]!)} ms, one per commit ${Math.round(oneByOne[run]!)} ms, catch-up ${Math.round(catchUp[run]!)} ms`);
    }
    const n = all.length.toLocaleString('en-US');
    return [
      result('B1', `raw Yjs: apply ${n} updates one by one (baseline)`, 'ms', base, { note: `${workload.trace.source.split('/').pop()}; in memory` }),
      result('B1', `(a) hub + policy + append, 1 commit per update (${perUpdate.length.toLocaleString('en-US')} updates)`, 'ms', oneByOne, {
        baseline: basePrefix,
        note: 'synchronous=FULL; compaction every 500 rows included',
      }),
      result('B1', `(b) catch-up: ${n} updates as messages in batches of ${CATCH_UP_BATCH}`, 'ms', catchUp, {
        baseline: base,
        ratioAtMost: 1.5,
        note: 'one transaction, one policy check, one commit per batch',
      }),
      result('B1', '(b) catch-up vs raw Yjs applying the same batches, one transaction each', 'ms', catchUp, { baseline: baseBatched }),
    ];
  },
};
