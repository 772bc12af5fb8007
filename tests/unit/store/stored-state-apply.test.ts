/**
 * Loading a document applies its log in one Yjs transaction and cleans up
 * what it deleted in a second (`applyStoredState`, B2). The Y.Doc must end
 * exactly as one transaction leaves it: same encoded state (V1 and V2, so
 * the same structs, merges and garbage-collected deletions) and same
 * content, on typing traces with deletions, concurrent edits of several
 * replicas (text, formatting, elements, maps), generated proposals and the
 * sample, through the store and directly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildLargeProposal, LARGE_PROPOSAL_SHAPE } from '../../../main/bench/large-proposal';
import { syntheticTrace } from '../../../main/bench/trace';
import { traceWorkload } from '../../../main/bench/trace-workload';
import { writeSampleWorkspace } from '../../../main/sample/build-sample';
import { applyStoredState, loadYDoc } from '../../../main/store/document-state';
import type { StoredDocumentState } from '../../../main/store/store-types';
import { createWorkspace, openWorkspace } from '../../../main/store/workspace-store';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { makeTempDir, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** What one transaction makes of a stored state (the reference). */
function inOneTransaction(state: StoredDocumentState): Y.Doc {
  const ydoc = new Y.Doc();
  ydoc.transact(() => {
    if (state.snapshot) Y.applyUpdate(ydoc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(ydoc, update);
  });
  return ydoc;
}

function expectSame(actual: Y.Doc, expected: Y.Doc, label: string): void {
  expect(Buffer.from(Y.encodeStateAsUpdate(actual)).equals(Buffer.from(Y.encodeStateAsUpdate(expected))), `${label}: V1 state`).toBe(true);
  expect(Buffer.from(Y.encodeStateAsUpdateV2(actual)).equals(Buffer.from(Y.encodeStateAsUpdateV2(expected))), `${label}: V2 state`).toBe(true);
  expect(actual.getXmlFragment('prosemirror').toString(), label).toBe(expected.getXmlFragment('prosemirror').toString());
}

function stateOf(updates: readonly Uint8Array[], snapshot: Uint8Array | null = null): StoredDocumentState {
  return { snapshot, snapshotSeq: 0, updates: [...updates], lastSeq: updates.length };
}

/** Three replicas editing text, formatting, elements and a map concurrently, synced now and then; every update in order of creation. */
function concurrentEdits(seed: number, steps: number): Uint8Array[] {
  const rng = new SeededRandom(seed);
  const docs = [1, 2, 3].map((client) => {
    const doc = new Y.Doc();
    doc.clientID = client;
    return doc;
  });
  const updates: Uint8Array[] = [];
  for (const doc of docs) doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && updates.push(u));
  for (let step = 0; step < steps; step++) {
    const doc = docs[rng.int(0, 2)]!;
    const fragment = doc.getXmlFragment('prosemirror');
    const roll = rng.int(0, 9);
    if (fragment.length === 0 || roll === 0) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('start ')]);
      fragment.insert(rng.int(0, fragment.length), [paragraph]);
    } else if (roll === 1 && fragment.length > 1) {
      fragment.delete(rng.int(0, fragment.length - 1), 1);
    } else if (roll === 2) {
      doc.getMap('changes').set(`k${rng.int(0, 20)}`, { step });
    } else if (roll === 3) {
      doc.getMap('changes').delete(`k${rng.int(0, 20)}`);
    } else {
      const paragraph = fragment.get(rng.int(0, fragment.length - 1)) as Y.XmlElement;
      const text = paragraph.get(0) as Y.XmlText;
      if (roll <= 5 && text.length > 2) text.delete(rng.int(0, text.length - 2), rng.int(1, 2));
      else if (roll === 6 && text.length > 3) text.format(rng.int(0, text.length - 3), 2, { strong: {} });
      else text.insert(rng.int(0, text.length), rng.pick(['a', 'b ', 'cd', 'the ', 'x']), rng.chance(0.2) ? { em: {} } : {});
    }
    if (rng.chance(0.1)) {
      for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'sync');
    }
  }
  return updates;
}

describe('a stored state applied with its deletions cleaned up in a second transaction', () => {
  it('ends as one transaction leaves it: a typing trace with deletions, whole and after a snapshot', () => {
    const workload = traceWorkload(syntheticTrace(20_000, 7));
    const all = [workload.initial, ...workload.updates];
    const actual = new Y.Doc();
    applyStoredState(actual, stateOf(all));
    expectSame(actual, inOneTransaction(stateOf(all)), 'trace');
    expect(workload.textOf(actual)).toBe(workload.trace.endContent);
    // A snapshot of the first half, then the rest.
    const half = new Y.Doc();
    for (const update of all.slice(0, 10_000)) Y.applyUpdate(half, update);
    const rest = stateOf(all.slice(10_000), Y.encodeStateAsUpdate(half));
    const afterSnapshot = new Y.Doc();
    applyStoredState(afterSnapshot, rest);
    expectSame(afterSnapshot, inOneTransaction(rest), 'trace after a snapshot');
  });

  it('ends as one transaction leaves it: concurrent replicas editing text, formatting, elements and a map', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const updates = concurrentEdits(seed, 1_500);
      const actual = new Y.Doc();
      applyStoredState(actual, stateOf(updates));
      expectSame(actual, inOneTransaction(stateOf(updates)), `seed ${seed}`);
      expect(actual.getMap('changes').toJSON()).toEqual(inOneTransaction(stateOf(updates)).getMap('changes').toJSON());
    }
  });

  it('ends as one transaction leaves it: generated proposals, and the sample read through the store', () => {
    for (const seed of [5, 6]) {
      const proposal = buildLargeProposal(seed, { ...LARGE_PROPOSAL_SHAPE, clauses: 40, minWords: 20, maxWords: 40, versionChanges: 8, amended: 15, comments: 10, threads: 4 });
      const updates = proposal.steps.map((s) => s.update);
      const actual = new Y.Doc();
      applyStoredState(actual, stateOf(updates));
      expectSame(actual, inOneTransaction(stateOf(updates)), `proposal ${seed}`);
    }
    const path = dir.file('sample.draftroom');
    writeSampleWorkspace(path);
    const store = openWorkspace(path);
    for (const document of store.listDocuments()) {
      expectSame(loadYDoc(store, document.id), inOneTransaction(store.readDocumentState(document.id)), document.title);
    }
    store.close();
  });

  it('a long log loaded from the store holds every edit and deletion', () => {
    const workload = traceWorkload(syntheticTrace(12_000, 11));
    const path = dir.file('w.draftroom');
    const store = createWorkspace(path, { name: 'Log' });
    const docId = store.createDocument({ title: 'Trace' }).id;
    store.appendUpdates(docId, [workload.initial, ...workload.updates]);
    store.close();
    const reopened = openWorkspace(path);
    const ydoc = loadYDoc(reopened, docId);
    expect(workload.textOf(ydoc)).toBe(workload.trace.endContent);
    expectSame(ydoc, inOneTransaction(reopened.readDocumentState(docId)), 'store');
    reopened.close();
  });
});
