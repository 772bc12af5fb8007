/**
 * Offline partition through a real team server: two replicas of members of
 * two parties lose their links and, for hundreds of edits each, type,
 * delete and replace in the same three clauses (tracked suggestions, each
 * keystroke or word one update through their replica's hub). They
 * reconnect and converge byte for byte with the server; every change
 * either side made is in the merged document with its marks and its record
 * (author and party), nothing was refused or set aside, and the server's
 * update log attributes every Yjs client's edits to that client's member.
 * Seeds 1 and 2, seed 486176799 with fixed Yjs client ids (a lost mark
 * once), and SYNC_SEED (random unless set).
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../shared/random/seeded-random';
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import { DraftroomError } from '../../../shared/api/errors';
import type { ChangeRecord } from '../../../shared/domain/types';
import { readChanges } from '../../../shared/ydoc/layout';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import type { EditorWindow } from '../../helpers/editor-window';
import { canonicalState, makeTeamFile, ReplicaNode, sameBytes, scratchDir, ServerHandle, stateInFile, vectorText } from '../../helpers/team-rig';
import { waitFor } from './replica-fixtures';

const SEED = Number(process.env['SYNC_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const EDITS = Number(process.env['PARTITION_EDITS'] ?? 300);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Change ids of the insertion and deletion marks in a document. */
function markedChanges(doc: PMNode): Set<string> {
  const ids = new Set<string>();
  doc.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === 'insertion' || mark.type.name === 'deletion') ids.add(String(mark.attrs['id']));
    return true;
  });
  return ids;
}

/** One edit in the first three clauses: type a word, delete or replace a few characters. */
function editSameClauses(window: EditorWindow, gen: SeededRandom): void {
  const blocks: [number, number][] = [];
  window.view.state.doc.forEach((clause, offset, index) => {
    if (index >= 3) return;
    clause.descendants((node, pos) => {
      if (node.isTextblock) blocks.push([offset + 1 + pos + 1, offset + 1 + pos + 1 + node.content.size]);
      return !node.isTextblock;
    });
  });
  const [start, end] = gen.pick(blocks);
  const from = gen.int(start, end);
  const roll = gen.int(0, 9);
  window.act((view) => {
    if (roll < 6 || from === end) {
      view.select(from);
      view.dispatch(view.state.tr.insertText(` ${gen.word(2, 8)}`));
    } else {
      view.select(from, Math.min(end, from + gen.int(1, 6)));
      if (roll < 8) view.backspace();
      else view.dispatch(view.state.tr.insertText(gen.word(1, 6)));
    }
  });
}

/** Yjs client id → member, from the server's update log (client ids of each row's structs). */
function clientsByMember(path: string, docId: string): Map<number, Set<string>> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT m.id AS member, l.data AS data FROM update_log l JOIN documents d ON d.doc_key = l.doc_key
         LEFT JOIN members m ON m.member_key = l.member_key WHERE d.id = ?`,
      )
      .all(docId) as { member: string | null; data: Buffer }[];
    const owners = new Map<number, Set<string>>();
    for (const row of rows) {
      for (const struct of Y.decodeUpdate(new Uint8Array(row.data)).structs) {
        const set = owners.get(struct.id.client) ?? new Set<string>();
        set.add(row.member ?? '(nobody)');
        owners.set(struct.id.client, set);
      }
    }
    return owners;
  } finally {
    db.close();
  }
}

/** What one partition run ended with. */
interface PartitionOutcome {
  /** Canonical states: the server live, each replica live, the server's file. */
  readonly server: Uint8Array;
  readonly replicas: Uint8Array[];
  readonly serverFile: Uint8Array;
  /** Per side: the change ids it marked offline, its own records, and the refusals its set-aside edits carry. */
  readonly sides: { changes: Set<string>; own: ChangeRecord[]; setAside: string[]; setAsideUpdates: Uint8Array[] }[];
  /** Client id → members in the server's log, and each side's window client. */
  readonly owners: Map<number, Set<string>>;
  readonly clients: number[];
  readonly memberIds: string[];
  readonly partyIds: string[];
  readonly mergeMs: number;
}

/**
 * Runs the partition with this seed and number of offline edits; `clients`, if given, are the Yjs client ids of the
 * two replicas' windows (default: random, as in the app; Yjs orders concurrent insertions at one place by client id).
 */
async function runPartition(seed: number, edits: number, clients?: readonly [number, number]): Promise<PartitionOutcome> {
  const gen = new SeededRandom(seed);
  let ids = 0;
  const newId = (): string => `p${seed}-${++ids}`;
  const tmp = scratchDir('draftroom-partition-');
  cleanups.push(() => tmp.cleanup());
  const serverPath = `${tmp.dir}/server.draftroom`;
  // Member 1 (US lead) wrote the document; members 2 (UA suggester) and 3 (EU drafter) edit it.
  const team = makeTeamFile(serverPath, ['lead', 'suggester', 'drafter']);
  const server = new ServerHandle(serverPath);
  await server.start();
  cleanups.push(() => server.stop());
  const editors = [team.members[1]!, team.members[2]!];
  const replicas = await Promise.all(editors.map((who, i) => ReplicaNode.join(server, team, who, `${tmp.dir}/replica-${i}.draftroom`, newId)));
  for (const [i, replica] of replicas.entries()) {
    cleanups.push(async () => {
      replica.close();
      await replica.link.close();
    });
    replica.open(team.docId, 1, clients === undefined ? undefined : () => clients[i]!);
    await replica.engine.whenSynced(20_000);
  }

  // The partition: both offline, each edits the same clauses.
  for (const replica of replicas) replica.link.setOffline(true);
  await waitFor(() => replicas.every((r) => r.engine.status().state === 'offline'), 10_000, 'both replicas to be offline');
  for (let i = 0; i < edits; i++) for (const replica of replicas) editSameClauses(replica.windows[0]!, gen);
  const offline = replicas.map((r, i) => ({
    changes: markedChanges(readSuggestedDoc(r.windows[0]!.ydoc)),
    own: readChanges(r.windows[0]!.ydoc).filter((c) => c.authorId === editors[i]!.member.id),
  }));
  replicas.forEach((replica, i) => {
    // (Deleting text already struck through changes nothing: a few edits send no update.)
    expect(replica.updatesSent(), `replica ${i} sent its edits to its hub`).toBeGreaterThan(edits * 0.8);
    expect(replica.engine.pendingLocalEdits(), `replica ${i} counts its waiting edits`).toBeGreaterThan(0);
    expect(replica.windows[0]!.stats.refused, `replica ${i}'s hub refused nothing`).toBe(0);
  });
  expect(sameBytes(canonicalState(server.state(team.docId)), canonicalState(stateInFile(serverPath, team.docId))), 'the server got nothing').toBe(true);

  // Reconnect; both push their work and pull the other's (a refusal sets the refused work aside and resets).
  const reconnected = performance.now();
  for (const replica of replicas) replica.link.setOffline(false);
  for (const replica of replicas) {
    for (let attempt = 0; ; attempt++) {
      try {
        await replica.engine.whenSynced(60_000);
        break;
      } catch (error) {
        if (!(error instanceof DraftroomError) || error.code !== 'forbidden' || attempt > 3) throw error;
        await replica.engine.settled();
      }
    }
  }
  const serverVector = (): string => vectorText(Y.encodeStateVectorFromUpdate(server.state(team.docId)));
  await waitFor(() => replicas.every((r) => vectorText(r.stateVector(team.docId)) === serverVector()), 30_000, 'both replicas to hold what the server holds');
  const mergeMs = Math.round(performance.now() - reconnected);

  const outcome = {
    server: canonicalState(server.state(team.docId)),
    replicas: replicas.map((r) => canonicalState(r.state(team.docId))),
    sides: replicas.map((r, i) => {
      const aside = r.store.listSetAsideEdits();
      return { ...offline[i]!, setAside: aside.map((e) => e.reason), setAsideUpdates: aside.map((e) => r.store.getSetAsideEdit(e.id).update) };
    }),
    clients: replicas.map((r) => r.windows[0]!.ydoc.clientID),
    memberIds: editors.map((e) => e.member.id),
    partyIds: editors.map((e) => e.party.id),
    mergeMs,
    // Read while the replicas are connected: the server compacts the log when the last one leaves.
    owners: clientsByMember(serverPath, team.docId),
  };
  for (const replica of replicas) replica.close();
  await server.stop();
  return { ...outcome, serverFile: canonicalState(stateInFile(serverPath, team.docId)) };
}

/** The merged document (the server's state) with, if given, set-aside updates applied on top. */
function docOf(state: Uint8Array, extra: readonly Uint8Array[] = []): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  for (const update of extra) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * Checks a partition run: replicas, server and its file byte-identical;
 * nothing refused or set aside; every change either side marked offline is
 * marked in the merged document (as every reader reads it), with its record
 * in its author's name and party; the server's log attributes each replica's
 * Yjs client to its member only.
 */
function expectFullMerge(result: PartitionOutcome, why: (what: string) => string): void {
  result.replicas.forEach((state, i) => expect(sameBytes(state, result.server), why(`replica ${i} differs from the server`)).toBe(true));
  expect(sameBytes(result.serverFile, result.server), why("the server's file differs")).toBe(true);
  const merged = docOf(result.server);
  const mergedChanges = markedChanges(readSuggestedDoc(merged));
  const mergedRecords = new Map(readChanges(merged).map((r) => [r.id, r]));
  result.sides.forEach((side, i) => {
    expect(side.setAside, why(`replica ${i} had work refused`)).toEqual([]);
    expect(side.own.length, why(`replica ${i} made changes`)).toBeGreaterThan(10);
    for (const record of side.own) {
      expect(mergedRecords.get(record.id), why(`change ${record.id} of replica ${i}`)).toMatchObject({ authorId: result.memberIds[i], partyId: result.partyIds[i], status: 'proposed' });
    }
    const lost = [...side.changes].filter((id) => !mergedChanges.has(id));
    expect(lost, why(`changes of replica ${i} that lost their marks in the merge`)).toEqual([]);
  });
  merged.destroy();
  result.clients.forEach((client, i) => {
    expect([...(result.owners.get(client) ?? [])], why(`members the server's log gives replica ${i}'s client`)).toEqual([result.memberIds[i]]);
  });
}

describe('offline partition through a real team server', () => {
  // Concurrent strikes of the same text leave several deletion marks on it, and text one member types inside (or
  // right at the edge of) a range the other struck or inserted carries the other's mark besides its own; both are
  // accepted and read one way (shared/suggest/text-change.ts), so nothing is refused and no change loses a mark.
  it.each([1, 2])('two replicas edit the same clauses offline for 300 edits each, reconnect, converge, and nothing is refused: every edit present with its marks and attributed (seed %i)', async (seed) => {
    const result = await runPartition(seed, 300);
    expectFullMerge(result, (what) => `${what} (SYNC_SEED=${seed} PARTITION_EDITS=300)`);
  }, 120_000);

  // Seed 486176799 lost a change's marks whenever replica 0's client id was the larger: a replacement that deleted the
  // member's own text had its characters matched by plain letters, which retyped an original "e" the other replica
  // struck (tests/unit/team/retyped-original.test.ts reduces it; shared/suggest/text-placement.ts now matches by typist).
  it('two replicas edit the same clauses offline for 300 edits each, reconnect, converge, and no change loses its marks (seed 486176799, replica 0 the larger Yjs client id)', async () => {
    const result = await runPartition(486176799, 300, [2, 1]);
    expectFullMerge(result, (what) => `${what} (SYNC_SEED=486176799 PARTITION_EDITS=300, client ids 2 and 1)`);
  }, 120_000);

  it(`two replicas edit the same clauses offline for ${EDITS} edits each, reconnect and converge byte for byte with nothing refused; every change of both is in the merged document with its marks, in its author's name (seed ${SEED})`, async () => {
    console.log(`partition: SYNC_SEED=${SEED} PARTITION_EDITS=${EDITS}`);
    const result = await runPartition(SEED, EDITS);
    expectFullMerge(result, (what) => `${what} (SYNC_SEED=${SEED} PARTITION_EDITS=${EDITS})`);
    console.log(
      `partition: seed ${SEED}, ${EDITS} offline edits on each of 2 replicas (${result.sides.map((s) => s.own.length).join(' + ')} change records), ` +
        `merged and confirmed in ${result.mergeMs} ms; set aside: ${result.sides.map((s) => s.setAside.join(' | ') || 'nothing').join('; ')}`,
    );
  }, 120_000);
});
