/**
 * Property: a member in suggestion mode never really deletes (Yjs-deletes)
 * a character another Yjs client typed, and never moves an original
 * character's identity (retypes it as a new character, or puts her own
 * insertion mark on it). Only her own pending insertions may go for real.
 *
 * Three windows on one document hub (the hub's update policy judges every
 * update, as in the app): a suggester under test, a second suggester of
 * another party who types and strikes in the same clauses, and a lead in
 * Editing mode who adds unmarked original text. The suggester makes
 * seeded random steps: selections that start inside or beside her own
 * pending insertions, struck text, the others' insertions or plain text,
 * and may cross paragraph and clause boundaries; then she types a
 * replacement (one transaction, or key by key), deletes the selection,
 * or presses Backspace / Delete (the app's keymap) or Enter at the
 * start of a paragraph. The texts use few letters, so that a diff
 * of plain letters would often match a typed letter with an original one.
 *
 * After each of her steps, from the Y.Doc:
 * - no transaction of hers deleted a string or element item of another
 *   client (her own earlier clients, from before a reload, are hers) —
 *   but for a step that splits or joins paragraphs (Enter; the suggestion
 *   library also splits where a strike crosses her own split's boundary):
 *   Yjs has no move, so the text on one side is retyped in the other
 *   Y.XmlText, and at most the shorter side's characters (half the
 *   paragraph's) may go;
 * - no character of another client carries an insertion mark of hers;
 * - the editor's text equals the Y.Doc's, and the other member's replica's.
 * - the hub refused no step in which she wrote or changed another member's
 *   marks on visible text (outside a split or join): the suggestion library
 *   joined her strike to theirs (fixed in attribution.ts).
 * Other refusals of the hub (the editor then reloads, as the app's Discard)
 * are counted, not failed: some are left (see CAVEATS.md);
 * `GUARD_LOG_REFUSALS=1` logs each with its step, the text and clause XML
 * before it, and a count per seed. The first check holds for what the
 * editor wrote before the hub refused it.
 *
 * Seeds: SEEDS below; `GUARD_SEED=n` runs that one seed instead,
 * `GUARD_SEEDS=a-b` a range, `GUARD_STEPS=n` sets the steps per seed.
 * Dates are frozen (change records carry timestamps), so a seed replays.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import { baseKeymap } from 'prosemirror-commands';
import { TextSelection } from 'prosemirror-state';
import { DocumentHub } from '../../../main/services/document-hub';
import { identityOf } from '../../../main/services/identities';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { contentFragment, readProseMirrorDoc } from '../../../shared/ydoc/layout';
import { EditorWindow } from '../../helpers/editor-window';
import { textBlocks } from '../../helpers/random-edits';
import { makeTeamFile, scratchDir } from '../../helpers/team-rig';

/**
 * Seed 6 found the stale mapping (the editor showed a paragraph as it was before, after another member's edit), 47 the
 * retyped "n"; 26, 29, 30 and 53 another member's struck anchor deleted by the suggestion library (others-marked-text.ts),
 * 50 an original character the library's join re-labelled as an insertion (attribution.ts), 11 a clause split by
 * Backspace over a paragraph of one anchor (plain-deletion.ts).
 */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 26, 29, 30, 47, 50, 53];

function seedsToRun(): number[] {
  const one = process.env['GUARD_SEED'];
  if (one !== undefined) return [Number(one)];
  const range = /^(\d+)-(\d+)$/.exec(process.env['GUARD_SEEDS'] ?? '');
  if (range) {
    const out: number[] = [];
    for (let s = Number(range[1]); s <= Number(range[2]); s++) out.push(s);
    return out;
  }
  return SEEDS;
}

const STEPS = Number(process.env['GUARD_STEPS'] ?? 250);
/**
 * The suggester presses Enter at the start of a paragraph (at most struck
 * text before the split moves); `GUARD_ENTER=1` lets her press it
 * anywhere. Not in the fixed seeds: the suggestion library's splits, and
 * joins of her own splits, still move more than the shorter side in some
 * runs (CAVEATS.md).
 */
const ENTER = process.env['GUARD_ENTER'] === '1';

const cleanups: (() => void)[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  while (cleanups.length > 0) cleanups.pop()!();
});

const LETTERS = 'aeno ';

function letters(gen: SeededRandom, min: number, max: number): string {
  const n = gen.int(min, max);
  let out = '';
  for (let i = 0; i < n; i++) out += LETTERS[gen.int(0, LETTERS.length - 1)]!;
  return out;
}

/** Start positions of text runs by kind: own insertion, struck, others' insertion, plain. */
function runsByKind(doc: PMNode, own: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    const ins = node.marks.find((m) => m.type.name === 'insertion');
    const kind = node.marks.some((m) => m.type.name === 'deletion')
      ? 'struck'
      : ins === undefined
        ? 'plain'
        : String(ins.attrs['id']).startsWith(own)
          ? 'own'
          : 'others';
    const list = out.get(kind) ?? [];
    list.push(pos, pos + node.nodeSize);
    out.set(kind, list);
    return false;
  });
  return out;
}

/** A random selection: from a run of a random kind (or anywhere), some characters long, maybe across blocks. */
function randomSelection(window: EditorWindow, gen: SeededRandom, own: string): [number, number] | null {
  const doc = window.view.state.doc;
  const blocks = textBlocks(doc);
  if (blocks.length === 0) return null;
  const runs = runsByKind(doc, own);
  const kinds = [...runs.keys()];
  let from: number;
  if (kinds.length > 0 && gen.int(0, 3) > 0) {
    const list = runs.get(gen.pick(kinds))!;
    const at = gen.pick(list);
    from = Math.max(0, at + gen.int(-2, 1));
  } else {
    const [start, end] = gen.pick(blocks);
    from = gen.int(start, end);
  }
  const length = gen.chance(0.15) ? 0 : gen.chance(0.2) ? gen.int(8, 40) : gen.int(1, 7);
  const to = Math.min(doc.content.size, from + length);
  return [Math.min(from, doc.content.size), to];
}

function select(window: EditorWindow, from: number, to: number): void {
  const view = window.view;
  const doc = view.state.doc;
  view.dispatch(view.state.tr.setSelection(TextSelection.between(doc.resolve(from), doc.resolve(to))));
}

/** What a step did: its description and, for a split (Enter), how many characters may move to the new paragraph. */
interface Step {
  what: string;
  mayMove: number;
  /** Other members' changes whose marked text her editor transaction changed (what the policy refuses). */
  touchedOthers: string[];
}

/** Visible text under each suggestion mark of another member's change in the editor's document, by "kind:id". */
function othersMarks(doc: PMNode, own: string): Map<string, string> {
  const out = new Map<string, string>();
  doc.descendants((node) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      const id = String(mark.attrs['id']);
      if ((mark.type.name !== 'insertion' && mark.type.name !== 'deletion') || id.startsWith(own)) continue;
      const key = `${mark.type.name}:${id}`;
      // Zero-width anchors left out: her own split's anchors go for real when she joins the paragraphs again (CAVEATS.md).
      out.set(key, (out.get(key) ?? '') + node.text!.replace(/[\u200B-\u200D\u2060\uFEFF]/g, ''));
    }
    return false;
  });
  return out;
}

/** Keys whose text differs between two `othersMarks` readings. */
function othersMarksChanged(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key));
}

/**
 * How many characters a split of the text block at `pos` may move: its shorter side, at most half its characters
 * (zero-width ones left out). The suggestion library places the split itself (after struck text at the start of a
 * paragraph, for one), so the side is not read from the cursor.
 */
function splitAllowance(doc: PMNode, pos: number): number {
  const $pos = doc.resolve(pos);
  if (!$pos.parent.isTextblock) return 0;
  return Math.floor($pos.parent.textContent.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').length / 2);
}

/** One step of the suggester under test. */
function suggesterStep(window: EditorWindow, gen: SeededRandom, own: string): Step {
  const range = randomSelection(window, gen, own);
  if (range === null) return { what: 'nothing', mayMove: 0, touchedOthers: [] };
  const roll = gen.int(0, 10);
  let mayMove = 0;
  const typed = letters(gen, 1, 4);
  const keyByKey = gen.chance(0.3);
  let what = '';
  let touchedOthers: string[] = [];
  const othersBefore = othersMarks(window.view.state.doc, own);
  window.act((view) => {
    select(window, range[0], range[1]);
    const sel = view.state.selection;
    const blocksBefore = textBlocks(view.state.doc).length;
    // A step that splits or joins paragraphs (Enter, or the suggestion library's handling of her own split's boundary) moves one side.
    let structural = 0;
    // The library places a split itself (after struck text, in the next paragraph of the clause, for one): the clause's.
    const clauseFrom = sel.$from.depth >= 1 ? sel.$from.before(1) : 0;
    const clauseTo = sel.$to.depth >= 1 ? sel.$to.after(1) : view.state.doc.content.size;
    view.state.doc.nodesBetween(clauseFrom, clauseTo, (node, pos) => {
      if (node.isTextblock) structural = Math.max(structural, splitAllowance(view.state.doc, pos + 1));
      return !node.isTextblock;
    });
    const picked = view.state.doc.textBetween(sel.from, sel.to, '¶');
    what = `select ${sel.from}-${sel.to} ${JSON.stringify(picked)}`;
    if (roll < 5) {
      what += `, type ${JSON.stringify(typed)}${keyByKey ? ' key by key' : ''}`;
      if (keyByKey) view.type(typed);
      else view.dispatch(view.state.tr.insertText(typed));
    } else if (roll < 8) {
      // The app's keys (renderer/src/editor/keymap.ts keeps prosemirror-commands' base keymap for these).
      what += ', Backspace';
      view.run(baseKeymap['Backspace']!);
    } else if (roll < 10) {
      what += ', Delete';
      view.run(baseKeymap['Delete']!);
    } else {
      // A paragraph split: Yjs cannot move text from one Y.XmlText to another, so the shorter side is retyped.
      // At the start of the paragraph (nothing moves), or with GUARD_ENTER=1 anywhere (the shorter side may move).
      const at = ENTER ? view.state.selection.from : view.state.selection.$from.start();
      what += `, Enter at ${at}`;
      select(window, at, at);
      mayMove = splitAllowance(view.state.doc, at);
      view.run(baseKeymap['Enter']!);
    }
    if (textBlocks(view.state.doc).length !== blocksBefore) mayMove = Math.max(mayMove, structural);
    touchedOthers = othersMarksChanged(othersBefore, othersMarks(view.state.doc, own));
  });
  return { what, mayMove, touchedOthers };
}

/** A step of another member: type a few letters somewhere, or (a suggester) strike some. */
function otherStep(window: EditorWindow, gen: SeededRandom): void {
  const blocks = textBlocks(window.view.state.doc);
  if (blocks.length === 0) return;
  const [start, end] = gen.pick(blocks);
  const from = gen.int(start, end);
  window.act((view) => {
    if (gen.chance(0.7) || from === end) {
      select(window, from, from);
      view.dispatch(view.state.tr.insertText(letters(gen, 1, 5)));
    } else {
      select(window, from, Math.min(end, from + gen.int(1, 4)));
      view.run(baseKeymap['Backspace']!);
    }
  });
}

/** Alive characters of clients not in `own`, and those of them wearing an insertion mark whose change id starts with `ownPrefix`. */
function othersText(ydoc: Y.Doc, own: ReadonlySet<number>, ownPrefix: string): { alive: Set<string>; wearingOwn: string } {
  const alive = new Set<string>();
  let wearingOwn = '';
  const walk = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlElement) walk(child);
      if (!(child instanceof Y.XmlText)) continue;
      const attrs = new Map<string, unknown>();
      for (let item = child._start; item !== null; item = item.right) {
        if (item.deleted) continue;
        if (item.content instanceof Y.ContentFormat) {
          if (item.content.value === null) attrs.delete(item.content.key);
          else attrs.set(item.content.key, item.content.value);
        } else if (item.content instanceof Y.ContentString && !own.has(item.id.client)) {
          for (let k = 0; k < item.length; k++) alive.add(`${item.id.client}:${item.id.clock + k}`);
          const ownInsertion = [...attrs].some(
            ([key, value]) => key.startsWith('insertion') && String((value as { id?: unknown } | null)?.id ?? '').startsWith(ownPrefix),
          );
          if (ownInsertion) wearingOwn += item.content.str;
        }
      }
    }
  };
  walk(contentFragment(ydoc));
  return { alive, wearingOwn };
}

/** Text of a document, block by block. */
function blockText(doc: PMNode): string {
  return doc.textBetween(0, doc.content.size, '¶');
}

interface Violation {
  seed: number;
  step: number;
  what: string;
  problem: string;
  text: string;
}

/** An update of the suggester's that the hub refused: the step, what it did, the reason, the text before. */
interface Refusal {
  step: number;
  what: string;
  reason: string;
  text: string;
  /** Marks she wrote to the Y.Doc under another member's change id in that step. */
  foreignMarks: string[];
  /** Other members' changes whose marked text her editor transaction changed. */
  touchedOthers: string[];
  /** The step split or joined paragraphs (text may move, see the header). */
  structural: boolean;
}

/** A refusal of the kind fixed in attribution: outside a split or join, she wrote or changed another member's marks. */
function marksOthers(refusal: Refusal): boolean {
  return !refusal.structural && (refusal.foreignMarks.length > 0 || refusal.touchedOthers.length > 0);
}

/** Runs one seed; returns the first violation, if any, and what was done. */
function runSeed(seed: number, steps: number): { violation: Violation | null; suggesterSteps: number; refusals: Refusal[] } {
  const gen = new SeededRandom(seed);
  const tmp = scratchDir('draftroom-guard-');
  cleanups.push(() => tmp.cleanup());
  const path = join(tmp.dir, 'server.draftroom');
  const team = makeTeamFile(path, ['lead', 'suggester', 'suggester'], 3);
  const file = join(tmp.dir, 'replica.draftroom');
  copyFileSync(path, file);
  const store = openWorkspace(file);
  const hub = new DocumentHub(store, { loadYDoc });
  cleanups.push(() => {
    hub.dispose();
    store.close();
  });
  // Fixed Yjs client ids, so that a seed replays: the suggester's from 1000 up (a new one on each reload).
  let nextOwnClient = 1000;
  const ownClients = new Set<number>();
  const windows = (['lead', 'sugg', 'other'] as const).map((name, i) => {
    const who = identityOf(store, team.members[i]!.member.id)!;
    let ids = 0;
    let nextClient = 2000 + i * 1000;
    const clientId = name === 'sugg'
      ? () => {
          ownClients.add(nextOwnClient);
          return nextOwnClient++;
        }
      : () => nextClient++;
    const window = new EditorWindow(hub, team.docId, who, () => `${name}-change${++ids}`, clientId);
    cleanups.push(() => window.close());
    return window;
  });
  const [lead, sugg, other] = windows as [EditorWindow, EditorWindow, EditorWindow];
  lead.mode = 'editing';
  let suggesterSteps = 0;
  const refusals: Refusal[] = [];
  for (let step = 0; step < steps; step++) {
    const roll = gen.int(0, 9);
    if (roll <= 2) {
      otherStep(roll === 0 ? lead : other, gen);
      const seen = blockText(sugg.view.state.doc);
      const held = blockText(readProseMirrorDoc(sugg.ydoc));
      if (seen !== held) return { violation: { seed, step, what: `${roll === 0 ? 'lead' : 'other'}'s edit arrived`, problem: `editor ${JSON.stringify(seen)} ≠ Y.Doc ${JSON.stringify(held)}`, text: '' }, suggesterSteps, refusals };
      continue;
    }
    suggesterSteps++;
    const ydoc = sugg.ydoc;
    const before = othersText(ydoc, ownClients, 'sugg-');
    const deleted: string[] = [];
    let deletedLength = 0;
    const foreignMarks: string[] = [];
    const watch = (tr: Y.Transaction): void => {
      if (!tr.local) return;
      // Formatting she wrote under another member's change id (the library joining her strike to theirs).
      for (const [client, clock] of tr.afterState) {
        if (!ownClients.has(client)) continue;
        const structs = ydoc.store.clients.get(client) ?? [];
        const from = tr.beforeState.get(client) ?? 0;
        if (from >= clock || structs.length === 0) continue;
        for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
          const struct = structs[i]!;
          if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat)) continue;
          const id = (struct.content.value as { id?: unknown } | null)?.id;
          if (typeof id === 'string' && !id.startsWith('sugg-')) foreignMarks.push(`${struct.content.key}=${id}`);
        }
      }
      Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
        if (!(struct instanceof Y.Item) || ownClients.has(struct.id.client)) return;
        if (struct.content instanceof Y.ContentString) {
          deleted.push(`${JSON.stringify(struct.content.str)} of client ${struct.id.client}`);
          deletedLength += struct.content.str.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').length;
        }
        else if (struct.content instanceof Y.ContentType) {
          deleted.push(`an element of client ${struct.id.client}`);
          deletedLength = Infinity;
        }
      });
    };
    ydoc.on('afterTransaction', watch);
    const refusedBefore = sugg.stats.refused;
    const textBefore = blockText(sugg.view.state.doc);
    const xmlBefore = process.env['GUARD_DUMP'] || process.env['GUARD_LOG_REFUSALS'] ? contentFragment(sugg.ydoc).toString() : '';
    let what: string;
    let mayMove: number;
    let touchedOthers: string[];
    try {
      ({ what, mayMove, touchedOthers } = suggesterStep(sugg, gen, 'sugg-'));
    } finally {
      ydoc.off('afterTransaction', watch);
    }
    const refused = sugg.stats.refused !== refusedBefore ? ` (hub refused: ${sugg.refusals.at(-1)})` : ' (hub accepted)';
    if (sugg.stats.refused !== refusedBefore) {
      refusals.push({ step, what, reason: sugg.refusals.at(-1) ?? '', text: textBefore, foreignMarks, touchedOthers, structural: mayMove > 0 });
      if (process.env['GUARD_LOG_REFUSALS']) console.log(`seed ${seed} step ${step}: ${what} on ${JSON.stringify(textBefore)} → ${sugg.refusals.at(-1)}\n${xmlBefore}`);
    }
    if (process.env['GUARD_DUMP'] && Number(process.env['GUARD_DUMP']) === step) console.log(`${xmlBefore}\n${sugg.view.state.doc.toString()}\n${contentFragment(sugg.ydoc).toString()}`);
    const fail = (problem: string) => ({ violation: { seed, step, what, problem: problem + refused, text: textBefore }, suggesterSteps, refusals });
    if (deleted.length > 0 && (mayMove === 0 || deletedLength > mayMove)) return fail(`deleted ${deleted.join(', ')}`);
    const after = othersText(sugg.ydoc, ownClients, 'sugg-');
    const gone = [...before.alive].filter((id) => !after.alive.has(id));
    if (gone.length > mayMove) return fail(`others' characters gone: ${gone.join(' ')}`);
    if (after.wearingOwn !== '') return fail(`others' text wears her insertion: ${JSON.stringify(after.wearingOwn)}`);
    const inEditor = blockText(sugg.view.state.doc);
    const inYDoc = blockText(readProseMirrorDoc(sugg.ydoc));
    if (inEditor !== inYDoc) return fail(`editor ${JSON.stringify(inEditor)} ≠ Y.Doc ${JSON.stringify(inYDoc)}`);
    if (blockText(readProseMirrorDoc(other.ydoc)) !== inYDoc) return fail('the other member’s replica differs');
  }
  return { violation: null, suggesterSteps, refusals };
}

describe('a suggester never deletes or retypes text another client typed', () => {
  for (const seed of seedsToRun()) {
    it(`seed ${seed}: ${STEPS} steps`, () => {
      const { violation, suggesterSteps, refusals } = runSeed(seed, STEPS);
      if (process.env['GUARD_LOG_REFUSALS']) console.log(`seed ${seed}: ${refusals.length} refusals, ${refusals.filter((r) => r.foreignMarks.length > 0).length} with a mark of another member's, ${refusals.filter((r) => r.touchedOthers.length > 0).length} from the editor: ${refusals.map((r) => `${r.step} [${r.foreignMarks.join(',')}] [${r.touchedOthers.join(',')}]`).join(' ')}`);
      expect(violation).toBeNull();
      expect(refusals.filter(marksOthers).map((r) => `step ${r.step}: ${r.what} on ${JSON.stringify(r.text)}: ${r.reason}`)).toEqual([]);
      expect(suggesterSteps).toBeGreaterThan(STEPS / 2);
    });
  }
});
