/**
 * Seeded random editing steps a member makes in an `EditorWindow`, through
 * the same commands the app's editor runs: typing (a tracked insertion for
 * anyone but a lead in Editing mode), deleting and replacing a selection,
 * new, removed and moved clauses, a rationale, decisions (leads accept or
 * reject a proposed change; the author withdraws one), undo, and comment
 * threads (start, reply, resolve, reopen).
 */
import type { SeededRandom } from '../../shared/random/seeded-random';
import type { Node as PMNode } from 'prosemirror-model';
import { undo } from 'y-prosemirror';
import { addComment, replyTo, resolveThread } from '../../shared/comments/comment-ops';
import { insertClauseAfter, moveClause, removeClauseById } from '../../shared/editing/clause-commands';
import { acceptChange, rejectChange, withdrawChange } from '../../shared/suggest/decide';
import { setRationale } from '../../shared/suggest/ydoc-binding';
import { commentsMap, readChanges } from '../../shared/ydoc/layout';
import type * as Y from 'yjs';
import { DraftroomError } from '../../shared/api/errors';
import type { HeadlessView } from '../../shared/editing/headless-view';
import type { EditorWindow } from './editor-window';

/** Kinds of step, for counting. */
export type StepKind =
  | 'type'
  | 'delete'
  | 'replace'
  | 'new-clause'
  | 'remove-clause'
  | 'move-clause'
  | 'rationale'
  | 'decide'
  | 'withdraw'
  | 'undo'
  | 'comment'
  | 'reply'
  | 'resolve'
  | 'mode';

const WORDS = ['ceasefire', 'troops', 'guarantee', 'border', 'sanctions', 'elections', 'within', '100 days', 'monitoring', 'IAEA', 'amnesty', 'the', 'and', 'not', 'shall'];

/** Positions inside text blocks: [start, end] of each paragraph's or heading's inline content. */
export function textBlocks(doc: PMNode): [number, number][] {
  const blocks: [number, number][] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) {
      blocks.push([pos + 1, pos + 1 + node.content.size]);
      return false;
    }
    return true;
  });
  return blocks;
}

function phrase(gen: SeededRandom): string {
  const n = gen.int(1, 3);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(gen.pick(WORDS));
  return ` ${words.join(' ')}`;
}

/** Types `text` at the selection: in one transaction, or one per character (one in four). */
function typeText(view: HeadlessView, text: string, gen: SeededRandom): void {
  if (gen.int(0, 3) === 0) view.type(text);
  else view.dispatch(view.state.tr.insertText(text));
}

/** The weights of each step for a member of this role. */
function weightsFor(role: string): [StepKind, number][] {
  const common: [StepKind, number][] = [
    ['type', 30],
    ['delete', 10],
    ['replace', 8],
    ['new-clause', 3],
    ['remove-clause', 2],
    ['move-clause', 2],
    ['rationale', 4],
    ['withdraw', 1],
    ['undo', 3],
    ['comment', 4],
    ['reply', 3],
    ['resolve', 2],
  ];
  if (role === 'lead') return [...common, ['decide', 12], ['mode', 2]];
  return common;
}

function pick(gen: SeededRandom, weights: [StepKind, number][]): StepKind {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let at = gen.next() * total;
  for (const [kind, w] of weights) {
    at -= w;
    if (at < 0) return kind;
  }
  return weights[0]![0];
}

/** Selects a random position (or range, within one text block); false if the document has no text block. */
function selectRandom(window: EditorWindow, gen: SeededRandom, range: boolean): boolean {
  const blocks = textBlocks(window.view.state.doc);
  if (blocks.length === 0) return false;
  const [start, end] = gen.pick(blocks);
  const from = gen.int(start, end);
  const to = range ? Math.min(end, from + gen.int(1, 12)) : from;
  if (range && to === from) return false;
  window.view.select(from, to);
  return true;
}

/**
 * Makes one random step in the window, as its member; returns what it
 * tried. Steps that do not apply (nothing to decide, no text) do nothing.
 */
export function randomStep(window: EditorWindow, gen: SeededRandom): StepKind {
  const kind = pick(gen, weightsFor(window.who.member.role));
  try {
    window.act((view, ydoc) => step(kind, window, view, ydoc, gen));
  } catch (error) {
    // A comment operation that does not apply (a thread that is not well-formed yet): nothing was written.
    if (!(error instanceof DraftroomError)) throw error;
    window.flush();
  }
  return kind;
}

function step(kind: StepKind, window: EditorWindow, view: HeadlessView, ydoc: Y.Doc, gen: SeededRandom): void {
  const who = window.who;
  {
    switch (kind) {
      case 'type':
        // Mostly a word at a time (autocomplete, paste), sometimes key by key.
        if (selectRandom(window, gen, false)) typeText(view, phrase(gen), gen);
        return;
      case 'delete':
        if (selectRandom(window, gen, true)) view.backspace();
        return;
      case 'replace':
        if (selectRandom(window, gen, true)) typeText(view, phrase(gen).trim(), gen);
        return;
      case 'new-clause':
        if (selectRandom(window, gen, false) && view.run(insertClauseAfter)) typeText(view, `New point${phrase(gen)}.`, gen);
        return;
      case 'remove-clause': {
        const clauses: string[] = [];
        view.state.doc.forEach((node) => clauses.push(String(node.attrs['id'])));
        if (clauses.length > 2) view.run(removeClauseById(gen.pick(clauses)));
        return;
      }
      case 'move-clause':
        if (selectRandom(window, gen, false)) view.run(moveClause(gen.bool() ? 'up' : 'down'));
        return;
      case 'rationale': {
        const own = readChanges(ydoc).filter((r) => r.status === 'proposed' && r.authorId === who.member.id);
        if (own.length > 0) setRationale(ydoc, gen.pick(own).id, `Because${phrase(gen)}.`, who);
        return;
      }
      case 'decide': {
        const records = readChanges(ydoc);
        const open = records.filter((r) => r.status === 'proposed');
        if (open.length === 0) return;
        const target = gen.pick(open).id;
        view.run((gen.bool() ? acceptChange : rejectChange)(target, records));
        return;
      }
      case 'withdraw': {
        const records = readChanges(ydoc);
        const own = records.filter((r) => r.status === 'proposed' && r.authorId === who.member.id);
        if (own.length > 0) view.run(withdrawChange(gen.pick(own).id, records, who));
        return;
      }
      case 'undo':
        view.run(undo);
        return;
      case 'comment': {
        const records = readChanges(ydoc).filter((r) => r.status === 'proposed');
        if (records.length > 0 && gen.bool()) {
          addComment(ydoc, { type: 'change', changeId: gen.pick(records).id }, `On this change:${phrase(gen)}`, who);
          return;
        }
        const clauses: string[] = [];
        view.state.doc.forEach((node) => clauses.push(String(node.attrs['id'])));
        addComment(ydoc, { type: 'clause', clauseId: gen.pick(clauses) }, `Note:${phrase(gen)}`, who);
        return;
      }
      case 'reply':
      case 'resolve': {
        const ids = [...commentsMap(ydoc).keys()];
        if (ids.length === 0) return;
        const id = gen.pick(ids);
        if (kind === 'reply') replyTo(ydoc, id, `Reply:${phrase(gen)}`, who);
        else resolveThread(ydoc, id, who, gen.bool());
        return;
      }
      case 'mode':
        window.mode = window.mode === 'editing' ? 'suggesting' : 'editing';
        return;
    }
  }
}
