/**
 * The editing section of `npm run bench`: on a large generated proposal
 * (`large-proposal.ts`), what a keystroke costs in suggestion mode (in the
 * editor's logic, headless, and in main), reading the document headless,
 * exporting redlines and the memory the document takes.
 */
import { join } from 'node:path';
import { EditorState } from 'prosemirror-state';
import { ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord, Identity } from '../../shared/domain/types';
import { clauseIdsPlugin } from '../../shared/editing/clause-ids';
import { findClauseById } from '../../shared/editing/clause-position';
import { documentSnapshot } from '../../shared/redline/document-snapshot';
import { listClauses } from '../../shared/schema/clauses';
import { proposalSchema } from '../../shared/schema/schema';
import { clauseMarksKey } from '../../shared/suggest/clause-marks';
import { withSuggestionTracking, type DispatchFunction } from '../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../shared/suggest/plugins';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import { observeChangeRecords } from '../../shared/suggest/ydoc-binding';
import { contentFragment, readChanges, readProseMirrorDoc } from '../../shared/ydoc/layout';
import { writeRedlineDocx } from '../export/docx-writer';
import { buildRedline, type RedlineSource } from '../export/export-redline';
import { DocumentHub, type HubPeer } from '../services/document-hub';
import { encodeSyncStep1, encodeSyncUpdate } from '../services/sync-message';
import { loadYDoc } from '../store/document-state';
import type { WorkspaceStoreApi } from '../store/store-types';
import { openWorkspace } from '../store/workspace-store';
import { HeadlessView } from '../../shared/editing/headless-view';
import { benchIdentity, buildLargeProposal, LARGE_PROPOSAL_SHAPE, writeLargeWorkspace, type LargeProposal } from './large-proposal';
import { formatBytes, formatMs, formatMsFine, heapUsedAfterGc, summarize, timed, type BenchRow } from './measure';
import { SeededRandom } from '../../shared/random/seeded-random';

/** Options of the editing section. */
export interface EditingBenchOptions {
  /** Characters typed, one transaction each (default 500). */
  readonly keystrokes: number;
}

/** Origin of updates a replica received rather than made. */
const FROM_MAIN = Symbol('from-main');

/** Repetitions of the one-shot measures (read, export); the median is reported. */
const REPEAT = 3;

/** Text typed into clause 100: words, so tracking sees spaces and word boundaries. */
function typedText(length: number): string {
  const words = 'the parties further agree that monitoring shall continue for an initial period of ninety days'.split(' ');
  let out = '';
  for (let i = 0; out.length < length; i++) out += `${words[i % words.length]!} `;
  return out.slice(0, length);
}

/** What one typing session measured. */
interface TypingSession {
  /** Milliseconds per keystroke: tracking, apply, record writes and the records feed. */
  readonly total: number[];
  /** Of which `state.apply` and the plugin views (with ySyncPlugin: writing the Y.XmlFragment). */
  readonly apply: number[];
  /** Of which the records feed (re-projecting clause marks from the records). */
  readonly feed: number[];
  /** The Yjs updates each keystroke emitted, in order (what the renderer sends to main). */
  readonly updates: Uint8Array[][];
  /** Records the session created (one: the keystrokes grow one change). */
  readonly newRecords: number;
}

/**
 * Types `text` into clause 100 of a replica of the proposal as its typist (a
 * suggester), one transaction per character, through the project's
 * suggestion dispatch decorator (`withSuggestionTracking`: tracking, then
 * `recordTransaction` writing the change record to the Y.Doc), with the
 * suggestion plugins, the clause-id plugin and a records feed (as the
 * renderer's, coalesced per keystroke). With `ySync`, y-prosemirror's
 * ySyncPlugin and yUndoPlugin run too, on a DOM-free view stub.
 */
function typeInClause(proposal: LargeProposal, text: string, ySync: boolean): TypingSession {
  const ydoc = new Y.Doc();
  ydoc.clientID = ySync ? 3003 : 3004;
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(proposal.ydoc), FROM_MAIN);
  const recordsBefore = new Set(readChanges(ydoc).map((r) => r.id));
  const typist = proposal.typist;
  const rng = new SeededRandom(ySync ? 11 : 12);
  const plugins = [...(ySync ? [ySyncPlugin(contentFragment(ydoc)), yUndoPlugin()] : []), ...suggestionPlugins(readChanges(ydoc)), clauseIdsPlugin()];
  const state = ySync
    ? EditorState.create({ schema: proposalSchema, plugins })
    : EditorState.create({ schema: proposalSchema, doc: readProseMirrorDoc(ydoc), plugins });
  let applyMs = 0;
  const apply: DispatchFunction = function (tr) {
    const start = performance.now();
    this.updateState(this.state.apply(tr));
    applyMs += performance.now() - start;
  };
  const view = new HeadlessView(state, withSuggestionTracking({ identity: () => typist, ydoc, generateId: () => rng.uuid() }, apply));
  let latest: ChangeRecord[] | null = null;
  const stopFeed = observeChangeRecords(ydoc, (records) => {
    latest = records;
  });
  const feed = (): void => {
    const records = latest;
    latest = null;
    if (records) view.dispatch(view.state.tr.setMeta(clauseMarksKey, { records }).setMeta('addToHistory', false));
  };
  feed();

  const clause = findClauseById(view.state.doc, proposal.typingClauseId);
  if (!clause) throw new Error('editing bench: the typing clause is not in the proposal');
  let paragraphOffset = -1;
  let paragraphText = '';
  clause.node.forEach((child, offset) => {
    if (paragraphOffset < 0 && child.type.name === 'paragraph') {
      paragraphOffset = offset;
      paragraphText = child.textContent;
    }
  });
  // After the tenth word of its first paragraph.
  let at = 0;
  for (let i = 0; i < 10; i++) at = paragraphText.indexOf(' ', at) + 1;
  view.select(clause.pos + 1 + paragraphOffset + 1 + at);

  const updates: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  ydoc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== FROM_MAIN) current.push(update);
  });
  const total: number[] = [];
  const applied: number[] = [];
  const fed: number[] = [];
  for (const ch of text) {
    const applyBefore = applyMs;
    const start = performance.now();
    view.dispatch(view.state.tr.insertText(ch));
    const dispatched = performance.now();
    const applyDuring = applyMs - applyBefore;
    feed();
    const end = performance.now();
    total.push(end - start);
    applied.push(applyDuring);
    fed.push(end - dispatched);
    updates.push(current);
    current = [];
  }

  const shown = typedClauseText(view.state.doc, proposal) ?? '';
  if (!shown.includes(text.trim())) throw new Error('editing bench: the typed text is not in clause 100');
  if (ySync && !(typedClauseText(readProseMirrorDoc(ydoc), proposal) ?? '').includes(text.trim())) {
    throw new Error('editing bench: the typed text did not reach the Y.Doc');
  }
  const newRecords = readChanges(ydoc).filter((r) => !recordsBefore.has(r.id)).length;
  stopFeed();
  view.destroy();
  ydoc.destroy();
  return { total, apply: applied, feed: fed, updates, newRecords };
}

function keystrokeRows(label: string, session: TypingSession, note: string): BenchRow[] {
  const total = summarize(session.total);
  const apply = summarize(session.apply);
  const feed = summarize(session.feed);
  const rest = total.mean - apply.mean - feed.mean;
  return [
    { measure: `${label}, mean`, value: formatMsFine(total.mean), note },
    {
      measure: `${label}, p95`,
      value: formatMsFine(total.p95),
      note: `max ${formatMsFine(total.max)}; mean split: tracking + record writes ${formatMsFine(rest)}, apply + plugin views ${formatMsFine(apply.mean)}, records feed ${formatMsFine(feed.mean)}`,
    },
  ];
}

/** A store whose `compact` calls are counted and timed (the hub compacts every 500 log rows). */
function countingCompactions(store: WorkspaceStoreApi): { store: WorkspaceStoreApi; compactions: number[] } {
  const compactions: number[] = [];
  const counted = new Proxy(store, {
    get(target, prop) {
      if (prop === 'compact') {
        return (docId: string) => {
          const start = performance.now();
          try {
            return target.compact(docId);
          } finally {
            compactions.push(performance.now() - start);
          }
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: counted, compactions };
}

function peerFor(identity: Identity, deliver: () => void = () => {}): HubPeer {
  return {
    attribution: () => ({ memberId: identity.member.id, partyId: identity.party.id }),
    editRefusal: () => null,
    identity: () => identity,
    deliver,
  };
}

/** The text of the clause the bench types in (the first open clause from the 100th on: the proposal finds it by id). */
function typedClauseText(doc: PMNode, proposal: LargeProposal): string | undefined {
  return listClauses(doc).find((c) => c.id === proposal.typingClauseId)?.text;
}

/**
 * Main's side of the same keystrokes: the updates the editor emitted for
 * each keystroke, merged into one as the renderer sends them, go through `DocumentHub.handleSyncMessage` as a y-protocols update message
 * from a suggester peer (record guard, apply, append with the app's FULL
 * durability, broadcast to a second peer that has the document open), on a
 * workspace file holding the large document.
 */
function hubSession(path: string, proposal: LargeProposal, keystrokes: readonly (readonly Uint8Array[])[]): BenchRow[] {
  const { store, compactions } = countingCompactions(openWorkspace(path));
  const hub = new DocumentHub(store, { loadYDoc });
  const suggester = peerFor(proposal.typist);
  let delivered = 0;
  const watcher = peerFor(benchIdentity('m-ua-lead'), () => {
    delivered++;
  });
  const rows: BenchRow[] = [];
  try {
    const open = timed(() => hub.handleSyncMessage(suggester, proposal.docId, encodeSyncStep1(proposal.ydoc)));
    hub.handleSyncMessage(watcher, proposal.docId, encodeSyncStep1(proposal.ydoc));
    rows.push({ measure: 'main: open (load + sync step 1)', value: formatMs(open.ms), note: 'snapshot load, state vector, step 2 reply' });
    const perKeystroke: number[] = [];
    const perMessage: number[] = [];
    for (const updates of keystrokes) {
      // One message per keystroke, the dispatch's updates merged, as the renderer sends them (a tracked edit's
      // marks and its change record arrive together; main refuses marks without their record).
      if (updates.length === 0) continue;
      const message = encodeSyncUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]));
      const start = performance.now();
      hub.handleSyncMessage(suggester, proposal.docId, message);
      const ms = performance.now() - start;
      perMessage.push(ms);
      perKeystroke.push(ms);
    }
    const mainText = hub.withDocument(proposal.docId, (doc) => typedClauseText(readProseMirrorDoc(doc), proposal) ?? '');
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, Y.encodeStateAsUpdate(proposal.ydoc));
    for (const updates of keystrokes) for (const update of updates) Y.applyUpdate(mirror, update);
    if (mainText !== typedClauseText(readProseMirrorDoc(mirror), proposal)) throw new Error('editing bench: main does not hold what the editor typed');
    const k = summarize(perKeystroke);
    const m = summarize(perMessage);
    const compacted = compactions.reduce((sum, ms) => sum + ms, 0);
    rows.push({
      measure: 'main: keystroke update (suggester), mean',
      value: formatMsFine(k.mean),
      note: `${k.count} keystrokes, one sync message each; the policy, apply, append (FULL), broadcast to 1 peer`,
    });
    rows.push({
      measure: 'main: keystroke update (suggester), p95',
      value: formatMsFine(k.p95),
      note: `median ${formatMsFine(k.median)}, max ${formatMsFine(k.max)}`,
    });
    rows.push({
      measure: 'main: compactions during typing',
      value: String(compactions.length),
      note: `every 500 log rows; ${formatMs(compacted)} in all (inside the keystrokes above)${delivered !== m.count ? `; ${delivered} delivered` : ''}`,
    });
    mirror.destroy();
  } finally {
    hub.dispose();
    store.close();
  }
  return rows;
}

function median(samples: readonly number[]): number {
  return summarize(samples).median;
}

/** Reading, heap and exports on the stored large document. */
async function readAndExport(path: string, proposal: LargeProposal, rows: Map<number, BenchRow[]>): Promise<void> {
  const store = openWorkspace(path);
  try {
    // 5. Heap of the loaded Y.Doc (and of its ProseMirror document); the last of REPEAT loads is kept.
    const loads: number[] = [];
    for (let i = 1; i < REPEAT; i++) {
      const load = timed(() => loadYDoc(store, proposal.docId));
      loads.push(load.ms);
      load.value.destroy();
    }
    const heapBefore = heapUsedAfterGc();
    const load = timed(() => loadYDoc(store, proposal.docId));
    loads.push(load.ms);
    const ydoc = load.value;
    const heapWithYDoc = heapUsedAfterGc();
    const pmDoc = readSuggestedDoc(ydoc);
    const heapWithPm = heapUsedAfterGc();
    const snapshotBytes = store.readDocumentState(proposal.docId).snapshot?.length ?? 0;
    rows.get(5)!.push(
      { measure: 'load large doc from store (snapshot)', value: formatMs(median(loads)), note: `snapshot ${formatBytes(snapshotBytes)}; median of ${REPEAT}` },
      { measure: 'heap used by the loaded large Y.Doc', value: formatBytes(Math.max(0, heapWithYDoc - heapBefore)), note: 'after a full GC' },
      { measure: 'heap used by its ProseMirror doc', value: formatBytes(Math.max(0, heapWithPm - heapWithYDoc)), note: `readSuggestedDoc, ${pmDoc.nodeSize.toLocaleString('en-US')} positions` },
    );

    // 3. Headless read.
    const reads: number[] = [];
    const suggested: number[] = [];
    let clauses = 0;
    for (let i = 0; i < REPEAT; i++) {
      const start = performance.now();
      const doc = readSuggestedDoc(ydoc);
      const middle = performance.now();
      clauses = listClauses(doc).length;
      const end = performance.now();
      reads.push(end - start);
      suggested.push(middle - start);
    }
    rows.get(3)!.push({
      measure: 'readSuggestedDoc + listClauses',
      value: formatMs(median(reads)),
      note: `${clauses} clauses; readSuggestedDoc ${formatMs(median(suggested))}; median of ${REPEAT}`,
    });

    // 4. Redline exports (the CLI's path: the working draft read from the store).
    const lead = benchIdentity('m-us-lead');
    const source: RedlineSource = {
      store,
      readWorkingDraft: (docId) => {
        const draft = loadYDoc(store, docId);
        try {
          return documentSnapshot(draft);
        } finally {
          draft.destroy();
        }
      },
      exportedBy: lead,
      now: new Date('2025-12-01T12:00:00Z'),
    };
    const [first, second] = proposal.versions;
    const exports: { label: string; request: Parameters<typeof buildRedline>[1] }[] = [
      { label: 'export: pending redline → .docx', request: { docId: proposal.docId } },
      { label: 'export: compare 2 versions → .docx', request: { docId: proposal.docId, from: first!.name, to: second!.name } },
      { label: 'export: compare version → draft → .docx', request: { docId: proposal.docId, from: first!.name } },
    ];
    for (const { label, request } of exports) {
      const model: number[] = [];
      const docx: number[] = [];
      let bytes = 0;
      let revisions = 0;
      let comments = 0;
      for (let i = 0; i < REPEAT; i++) {
        const built = timed(() => buildRedline(source, request));
        const start = performance.now();
        const file = await writeRedlineDocx(built.value.model);
        docx.push(performance.now() - start);
        model.push(built.ms);
        bytes = file.length;
        revisions = built.value.model.revisions.length;
        comments = built.value.model.comments.length;
      }
      const totals = model.map((ms, i) => ms + docx[i]!);
      rows.get(4)!.push({
        measure: label,
        value: formatMs(median(totals)),
        note: `${formatBytes(bytes)}; model ${formatMs(median(model))} + docx ${formatMs(median(docx))}; ${revisions} revisions, ${comments} comments; median of ${REPEAT}`,
      });
    }
    ydoc.destroy();
  } finally {
    store.close();
  }
}

/** Runs the editing section; returns its rows. */
export async function runEditingBench(workDir: string, options: EditingBenchOptions): Promise<BenchRow[]> {
  const rows = new Map<number, BenchRow[]>([0, 1, 2, 3, 4, 5].map((n) => [n, []]));
  const built = timed(() => buildLargeProposal());
  const proposal = built.value;
  const { stats } = proposal;
  const shape = LARGE_PROPOSAL_SHAPE;
  rows.get(0)!.push({
    measure: 'large proposal',
    value: `${stats.clauses} clauses`,
    note: `${stats.words.toLocaleString('en-US')} words (${shape.minWords}–${shape.maxWords}/clause, ${stats.lists} with lists); ${stats.pending} pending changes by 3 parties; ${stats.accepted} accepted; ${stats.comments} comments; seeded`,
  });
  const path = join(workDir, 'large.draftroom');
  const written = timed(() => writeLargeWorkspace(path, proposal).close());
  rows.get(0)!.push({ measure: 'generate + write workspace', value: formatMs(built.ms + written.ms), note: `generate ${formatMs(built.ms)}, store + compact ${formatMs(written.ms)}` });

  await readAndExport(path, proposal, rows);

  const text = typedText(options.keystrokes);
  const bare = typeInClause(proposal, text, false);
  if (bare.newRecords !== 1) throw new Error(`editing bench: ${bare.newRecords} new records for one typing run`);
  rows.get(1)!.push(
    ...keystrokeRows(
      'suggest: keystroke, no ySyncPlugin',
      bare,
      `${text.length} chars, 1 tr each, into clause 100 as a suggester: tracking, records, plugins, feed; without ySyncPlugin (it needs a view)`,
    ),
  );
  const synced = typeInClause(proposal, text, true);
  if (synced.newRecords !== 1) throw new Error(`editing bench: ${synced.newRecords} new records for one typing run`);
  const updates = synced.updates.reduce((n, u) => n + u.length, 0);
  rows.get(1)!.push(
    ...keystrokeRows(
      'suggest: keystroke, with ySyncPlugin',
      synced,
      `same, plus ySyncPlugin + yUndoPlugin driven by a DOM-free view stub (no DOM, no decorations); ${updates} Yjs updates`,
    ),
  );

  rows.get(2)!.push(...hubSession(path, proposal, synced.updates));
  return [...rows.values()].flat();
}
