/**
 * An editing trace as the app would hold it: the trace's text is the text of
 * the one paragraph of one clause of a Draftroom document (the layout the
 * update policy accepts), typed by a lead (direct edits), one Yjs
 * transaction per trace transaction. B1, B2, B3 and B7 measure the store and
 * the hub with these updates.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { proposalSchema } from '../../shared/schema/schema';
import { contentFragment, seedContent } from '../../shared/ydoc/layout';
import type { WorkspaceStoreApi } from '../store/store-types';
import { createWorkspace } from '../store/workspace-store';
import { benchIdentity } from './large-proposal';
import { loadTrace, replayTrace, syntheticTrace, type EditingTrace, type TraceTarget } from './trace';

/** The project root (two levels above this file). */
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The default trace, in the team's shared folder beside the project (read in place, never copied). */
export const DEFAULT_TRACE = resolve(PROJECT_ROOT, '..', 'shared', 'data', 'editing-traces', 'automerge-paper.json.gz');

/** The trace a run uses: `path`, or the default, or (when the default is absent) a seeded synthetic one. */
export function pickTrace(path: string | null): { trace: EditingTrace; notice: string | null } {
  if (path !== null) {
    if (!existsSync(path)) throw new Error(`no trace file at ${path}`);
    return { trace: loadTrace(path), notice: null };
  }
  if (existsSync(DEFAULT_TRACE)) return { trace: loadTrace(DEFAULT_TRACE), notice: null };
  return {
    trace: syntheticTrace(60_000),
    notice: `No trace at ${DEFAULT_TRACE} (the team's shared data is absent): B1/B2/B3/B7 use a seeded synthetic trace instead; pass --trace <file> for a real one.`,
  };
}

/** The updates of a trace in the app's document layout. */
export interface TraceWorkload {
  readonly trace: EditingTrace;
  /** The document before the first edit (one clause, one paragraph, the start content). */
  readonly initial: Uint8Array;
  /** One V1 update per trace transaction, in trace order. */
  readonly updates: readonly Uint8Array[];
  /** The member typing (a lead: direct edits are theirs to make). */
  readonly typist: Identity;
  /** The paragraph's text in a document holding these updates. */
  readonly textOf: (ydoc: Y.Doc) => string;
  /** Milliseconds the replay took (making the updates, not measured against anything). */
  readonly replayMs: number;
}

/** The trace's text in a workload document: the first clause's first paragraph's text node. */
export const paragraphText: TraceTarget = (ydoc) => {
  const clause = contentFragment(ydoc).get(0) as Y.XmlElement;
  const paragraph = clause.get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
};

/**
 * Replays `trace` into the app's layout (one replica per agent, with client
 * ids in agent order) and returns the updates. Throws if the replay does
 * not reproduce the trace's `endContent`.
 */
export function traceWorkload(trace: EditingTrace): TraceWorkload {
  const seed = new Y.Doc();
  seed.clientID = 1;
  seedContent(seed, proposalSchema.node('doc', null, [proposalSchema.node('clause', { id: 'c-trace' }, [proposalSchema.node('paragraph')])]));
  const paragraph = (contentFragment(seed).get(0) as Y.XmlElement).get(0) as Y.XmlElement;
  seed.transact(() => paragraph.insert(0, [new Y.XmlText(trace.startContent)]));
  const initial = Y.encodeStateAsUpdate(seed);
  seed.destroy();
  const docs = Array.from({ length: trace.agents }, (_, agent) => {
    const doc = new Y.Doc();
    doc.clientID = 100 + agent;
    Y.applyUpdate(doc, initial);
    return doc;
  });
  const started = performance.now();
  const updates = replayTrace({ ...trace, startContent: '' }, docs, paragraphText).map((u) => u.update);
  const replayMs = performance.now() - started;
  for (const doc of docs) doc.destroy();
  return { trace, initial, updates, typist: benchIdentity('m-us-lead'), textOf: (d) => paragraphText(d).toString(), replayMs };
}

/** A document holding the workload's initial state (for baselines). */
export function initialDoc(workload: TraceWorkload): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, workload.initial);
  return doc;
}

/**
 * A new workspace at `path` with the typist's party and member and one
 * document holding the workload's initial state; returns the open store and
 * the document id.
 */
export function workloadWorkspace(path: string, workload: TraceWorkload): { store: WorkspaceStoreApi; docId: string } {
  const store = createWorkspace(path, { name: 'Bench' });
  store.addParty(workload.typist.party);
  store.addMember(workload.typist.member);
  const docId = store.createDocument({ title: 'Trace' }).id;
  store.appendUpdate(docId, workload.initial, { memberId: workload.typist.member.id, partyId: workload.typist.party.id });
  return { store, docId };
}
