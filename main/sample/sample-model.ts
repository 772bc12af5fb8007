import type { Mark, Node as PMNode } from 'prosemirror-model';
import { proposalSchema } from '../../shared/schema/schema';

/**
 * A tiny, immutable model of a proposal used to script the sample
 * negotiation: clauses made of plain-text segments, each optionally carrying
 * a suggestion mark. Edits return a new model; `toProseMirror` turns a model
 * into a document of `proposalSchema` that is then written to the Y.Doc.
 */

/** A tracked-change mark as the suggestion engine writes it: its `id` is the change record id. */
export interface SuggestionMark {
  readonly type: 'insertion' | 'deletion';
  readonly id: string;
}

/** A run of text, possibly inside a tracked insertion or deletion. */
export interface Segment {
  readonly text: string;
  readonly mark?: SuggestionMark;
}

/** One clause: a stable id, an optional heading, paragraphs, and a whole-clause mark if proposed for addition or removal. */
export interface ClauseModel {
  readonly id: string;
  readonly heading: readonly Segment[];
  readonly paragraphs: readonly (readonly Segment[])[];
  readonly mark?: SuggestionMark;
}

/** Plain clause content as the sample's content modules write it. */
export interface ClauseText {
  /** Stable clause id (kept across edits and renumbering). */
  readonly id: string;
  /** Short heading. */
  readonly heading: string;
  /** One paragraph, or several. */
  readonly text: string | readonly string[];
}

/** A whole proposal: clauses in order. */
export type ProposalModel = readonly ClauseModel[];

/** An unmarked clause from its plain content. */
export function clauseFromText(clause: ClauseText): ClauseModel {
  const paragraphs = typeof clause.text === 'string' ? [clause.text] : clause.text;
  return {
    id: clause.id,
    heading: clause.heading ? [{ text: clause.heading }] : [],
    paragraphs: paragraphs.map((p) => [{ text: p }]),
  };
}

/** A proposal from plain clauses. */
export function proposalFromText(clauses: readonly ClauseText[]): ProposalModel {
  return clauses.map(clauseFromText);
}

function markAll(segments: readonly Segment[], mark: SuggestionMark): Segment[] {
  return segments.map((s) => ({ text: s.text, mark }));
}

function findClause(model: ProposalModel, clauseId: string): number {
  const index = model.findIndex((c) => c.id === clauseId);
  if (index < 0) throw new Error(`sample: no clause ${clauseId}`);
  return index;
}

function replaceClause(model: ProposalModel, index: number, clause: ClauseModel): ProposalModel {
  return [...model.slice(0, index), clause, ...model.slice(index + 1)];
}

/**
 * Proposes removing a whole clause: a `deletion` mark on the clause node and
 * on all of its text (the clause keeps its number until the change is accepted).
 */
export function proposeClauseRemoval(model: ProposalModel, clauseId: string, changeId: string): ProposalModel {
  const index = findClause(model, clauseId);
  const clause = model[index]!;
  const mark: SuggestionMark = { type: 'deletion', id: changeId };
  return replaceClause(model, index, {
    id: clause.id,
    heading: markAll(clause.heading, mark),
    paragraphs: clause.paragraphs.map((p) => markAll(p, mark)),
    mark,
  });
}

/**
 * Proposes adding a whole clause after `afterClauseId`: an `insertion` mark
 * on the clause node and on all of its text.
 */
export function proposeClauseAddition(
  model: ProposalModel,
  afterClauseId: string,
  clause: ClauseText,
  changeId: string,
): ProposalModel {
  const index = findClause(model, afterClauseId);
  const mark: SuggestionMark = { type: 'insertion', id: changeId };
  const plain = clauseFromText(clause);
  const added: ClauseModel = {
    id: plain.id,
    heading: markAll(plain.heading, mark),
    paragraphs: plain.paragraphs.map((p) => markAll(p, mark)),
    mark,
  };
  return [...model.slice(0, index + 1), added, ...model.slice(index + 1)];
}

/** What a text change inside a clause replaces. */
export interface TextEdit {
  /** Exact text to delete (must occur once, unmarked, in the clause's paragraphs); '' to only insert. */
  readonly before: string;
  /** Text to insert in its place; '' to only delete. */
  readonly after: string;
  /** Where to insert when `before` is '': after this exact text (default: end of the last paragraph). */
  readonly insertAfter?: string;
}

function splitAt(segments: readonly Segment[], needle: string): { index: number; offset: number } | undefined {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.mark) continue;
    const at = s.text.indexOf(needle);
    if (at >= 0) return { index: i, offset: at };
  }
  return undefined;
}

/**
 * Proposes a text change inside one clause, tracked: the deleted text keeps a
 * `deletion` mark and the new text gets an `insertion` mark, both with the
 * change id (a replacement is one change: deletion + insertion).
 */
export function proposeTextChange(model: ProposalModel, clauseId: string, edit: TextEdit, changeId: string): ProposalModel {
  const index = findClause(model, clauseId);
  const clause = model[index]!;
  const needle = edit.before || edit.insertAfter;
  const paragraphs = clause.paragraphs.map((p) => [...p]);
  let pIndex = paragraphs.length - 1;
  let seg = paragraphs[pIndex]!.length - 1;
  let offset = paragraphs[pIndex]![seg]?.text.length ?? 0;
  if (needle) {
    const hits = paragraphs
      .map((p, i) => ({ i, hit: splitAt(p, needle) }))
      .filter((h): h is { i: number; hit: { index: number; offset: number } } => h.hit !== undefined);
    if (hits.length !== 1) throw new Error(`sample: "${needle}" must occur once in clause ${clauseId}`);
    pIndex = hits[0]!.i;
    seg = hits[0]!.hit.index;
    offset = hits[0]!.hit.offset + (edit.before ? 0 : needle.length);
  }
  const paragraph = paragraphs[pIndex]!;
  const target = paragraph[seg] ?? { text: '' };
  const head = target.text.slice(0, offset);
  const tail = target.text.slice(offset + edit.before.length);
  const keep = target.mark ? { mark: target.mark } : {};
  const pieces: Segment[] = [];
  if (head) pieces.push({ text: head, ...keep });
  if (edit.before) pieces.push({ text: edit.before, mark: { type: 'deletion', id: changeId } });
  if (edit.after) pieces.push({ text: edit.after, mark: { type: 'insertion', id: changeId } });
  if (tail) pieces.push({ text: tail, ...keep });
  paragraph.splice(seg, paragraph[seg] ? 1 : 0, ...pieces);
  return replaceClause(model, index, { ...clause, paragraphs });
}

function normalise(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (!s.text) continue;
    const last = out[out.length - 1];
    if (last && last.mark?.type === s.mark?.type && last.mark?.id === s.mark?.id) {
      out[out.length - 1] = { text: last.text + s.text, ...(last.mark ? { mark: last.mark } : {}) };
    } else out.push(s);
  }
  return out;
}

function settle(segments: readonly Segment[], changeId: string, accept: boolean): Segment[] {
  const kept: Segment[] = [];
  for (const s of segments) {
    if (s.mark?.id !== changeId) kept.push(s);
    else if ((s.mark.type === 'insertion') === accept) kept.push({ text: s.text });
  }
  return normalise(kept);
}

/**
 * Accepts (or rejects) every mark of one change: accepted insertions lose
 * their mark, accepted deletions disappear (a clause marked for removal goes);
 * rejecting does the opposite.
 */
export function settleChange(model: ProposalModel, changeId: string, accept = true): ProposalModel {
  const out: ClauseModel[] = [];
  for (const clause of model) {
    if (clause.mark?.id === changeId && (clause.mark.type === 'insertion') !== accept) continue;
    const mark = clause.mark?.id === changeId ? undefined : clause.mark;
    out.push({
      id: clause.id,
      heading: settle(clause.heading, changeId, accept),
      paragraphs: clause.paragraphs.map((p) => settle(p, changeId, accept)),
      ...(mark ? { mark } : {}),
    });
  }
  return out;
}

function pmMark(mark: SuggestionMark | undefined): Mark[] {
  if (!mark) return [];
  const type = proposalSchema.marks[mark.type];
  if (!type) throw new Error(`sample: schema has no ${mark.type} mark`);
  return [type.create({ id: mark.id })];
}

function inline(segments: readonly Segment[]): PMNode[] {
  return normalise(segments).map((s) => proposalSchema.text(s.text, pmMark(s.mark)));
}

/** The model as a ProseMirror document of `proposalSchema` (checked against the schema). */
export function toProseMirror(model: ProposalModel): PMNode {
  const { nodes } = proposalSchema;
  const clauses = model.map((clause) => {
    const children: PMNode[] = [];
    if (clause.heading.length > 0) children.push(nodes['clause_heading']!.create(null, inline(clause.heading)));
    for (const p of clause.paragraphs) children.push(nodes['paragraph']!.create(null, inline(p)));
    return nodes['clause']!.create({ id: clause.id }, children, pmMark(clause.mark));
  });
  const doc = nodes['doc']!.create(null, clauses);
  doc.check();
  return doc;
}
