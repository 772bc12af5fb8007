import { Fragment, type Mark, type Node as PMNode } from 'prosemirror-model';
import { diffWordSpans } from '../diff/word-diff';
import type { ChangeKind, ChangeRecord } from '../domain/types';
import { alignBlocks, alignByKey } from '../redline/align';
import { proposalSchema } from '../schema/schema';
import { clauseIdOf, isSuggestionMark } from './marks';

/**
 * Proposing a whole target text as suggestions: the working draft is made
 * to read like `target` (a named version being restored, or the
 * counterpart's counter-draft being imported) through tracked changes only —
 * one change per clause (added, amended or removed), its text differences
 * word diffed into insertion and deletion marks — so that every difference
 * can be reviewed, accepted or rejected on its own and nothing already in
 * the draft is lost. Pure: returns the new content and the changes; the
 * caller writes them to the Y.Doc with their records.
 *
 * Clauses are matched by stable id (`align: 'id'`, a restore) or by their
 * text in order (`align: 'text'`, an import: same heading, or same place).
 * Clause order is never changed (a move would be a delete and re-insert in
 * the CRDT); a target clause missing from the draft is proposed right after
 * the draft clause that precedes it in the target.
 */

/** One clause of the target text. */
export interface TargetClause {
  /** Stable id (a version's clause), or undefined (an imported clause: a new id is made when it is added). */
  readonly id?: string;
  readonly heading: string;
  readonly paragraphs: readonly string[];
}

/** One change the proposal makes (its record is the caller's: party, author, rationale, time). */
export interface ProposedChange {
  readonly id: string;
  readonly kind: Extract<ChangeKind, 'added' | 'amended' | 'removed'>;
  readonly clauseId: string;
  /** Text the change deletes (short), if any. */
  readonly before?: string;
  /** Text the change inserts (short), if any. */
  readonly after?: string;
}

/** A clause the proposal had to leave as it is, and why. */
export interface SkippedClause {
  readonly clauseId: string;
  readonly reason: string;
}

/** What `proposeTarget` returns. */
export interface ProposalResult {
  /** The new content (write it with y-prosemirror's `updateYFragment`). */
  readonly doc: PMNode;
  readonly changes: readonly ProposedChange[];
  readonly skipped: readonly SkippedClause[];
  /** For each target clause (by index), the id of the draft clause it became or was matched to. */
  readonly targetIds: readonly (string | undefined)[];
}

/** How to match clauses and name new things. */
export interface ProposeOptions {
  readonly align: 'id' | 'text';
  /** A new, globally unique change id. */
  newChangeId(): string;
  /** A new clause id (for a target clause without one). */
  newClauseId(): string;
}

const SNIPPET = 300;

function snippet(parts: readonly string[]): string | undefined {
  const text = parts.join(' … ').replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET - 1)}…` : text;
}

function normal(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A draft clause read for the proposal. */
interface DraftClause {
  readonly node: PMNode;
  readonly id: string;
  readonly heading: PMNode | null;
  /** Its body paragraphs, or null when the body holds something else (a list): then it can only be kept or removed. */
  readonly paragraphs: readonly PMNode[] | null;
}

function readClause(node: PMNode): DraftClause {
  let heading: PMNode | null = null;
  let paragraphs: PMNode[] | null = [];
  node.forEach((child) => {
    if (child.type.name === 'clause_heading') heading = child;
    else if (child.type.name === 'paragraph' && paragraphs) paragraphs.push(child);
    else paragraphs = null;
  });
  return { node, id: clauseIdOf(node), heading, paragraphs };
}

function clauseText(clause: DraftClause): { heading: string; paragraphs: string[] } {
  const paragraphs: string[] = [];
  clause.node.forEach((child) => {
    if (child.type.name !== 'clause_heading') paragraphs.push(child.textContent);
  });
  return { heading: clause.heading?.textContent ?? '', paragraphs };
}

function hasPending(clause: DraftClause, records: readonly ChangeRecord[]): boolean {
  let marked = clause.node.marks.some(isSuggestionMark);
  clause.node.descendants((child) => {
    if (child.marks.some(isSuggestionMark)) marked = true;
    return !marked;
  });
  return marked || records.some((r) => r.status === 'proposed' && r.clauseIds.includes(clause.id) && r.kind !== 'amended');
}

function markOf(type: 'insertion' | 'deletion', id: string): Mark {
  return proposalSchema.marks[type]!.create({ id });
}

function withMark(fragment: Fragment, mark: Mark): Fragment {
  const nodes: PMNode[] = [];
  fragment.forEach((node) => nodes.push(node.isText ? node.mark(mark.addToSet(node.marks)) : node));
  return Fragment.fromArray(nodes);
}

function inserted(text: string, id: string): PMNode[] {
  return text === '' ? [] : [proposalSchema.text(text, [markOf('insertion', id)])];
}

/** Collects what one clause's change deletes and inserts. */
class ChangeText {
  readonly deleted: string[] = [];
  readonly inserted: string[] = [];
  get changed(): boolean {
    return this.deleted.length > 0 || this.inserted.length > 0;
  }
}

/** A textblock's new content: the word diff of its text to `text`, deletions and insertions marked. */
function diffBlock(block: PMNode, text: string, id: string, collected: ChangeText): Fragment {
  const old = block.textContent;
  if (old === text) return block.content;
  const textOnly = block.childCount === 0 || Array.from({ length: block.childCount }, (_, i) => block.child(i)).every((c) => c.isText);
  if (!textOnly) {
    collected.deleted.push(old);
    collected.inserted.push(text);
    return withMark(block.content, markOf('deletion', id)).append(Fragment.fromArray(inserted(text, id)));
  }
  const nodes: PMNode[] = [];
  for (const span of diffWordSpans(old, text)) {
    const kept = block.content.cut(span.oldFrom, span.oldTo);
    if (span.kind === 'equal') {
      kept.forEach((n) => nodes.push(n));
      continue;
    }
    if (span.oldTo > span.oldFrom) {
      collected.deleted.push(old.slice(span.oldFrom, span.oldTo));
      withMark(kept, markOf('deletion', id)).forEach((n) => nodes.push(n));
    }
    const add = text.slice(span.newFrom, span.newTo);
    if (add !== '') collected.inserted.push(add);
    nodes.push(...inserted(add, id));
  }
  return Fragment.fromArray(nodes);
}

function paragraphOf(content: Fragment | readonly PMNode[]): PMNode {
  return proposalSchema.nodes['paragraph']!.create(null, content instanceof Fragment ? content : Fragment.fromArray([...content]));
}

/** A clause wholly proposed for addition. */
function addedClause(target: TargetClause, clauseId: string, id: string): PMNode {
  const children: PMNode[] = [];
  if (target.heading !== '') children.push(proposalSchema.nodes['clause_heading']!.create(null, inserted(target.heading, id)));
  const paragraphs = target.paragraphs.length > 0 ? target.paragraphs : [''];
  for (const text of paragraphs) children.push(paragraphOf(inserted(text, id)));
  return proposalSchema.nodes['clause']!.create({ id: clauseId }, children, [markOf('insertion', id)]);
}

/** A clause wholly proposed for removal: its node and all its text marked deleted. */
function removedClause(node: PMNode, id: string): PMNode {
  const mark = markOf('deletion', id);
  const children: PMNode[] = [];
  node.forEach((child) => children.push(markAllText(child, mark)));
  return node.type.create(node.attrs, children, mark.addToSet(node.marks));
}

function markAllText(node: PMNode, mark: Mark): PMNode {
  if (node.isText) return node.mark(mark.addToSet(node.marks));
  if (node.isTextblock) return node.copy(withMark(node.content, mark));
  const children: PMNode[] = [];
  node.forEach((child) => children.push(markAllText(child, mark)));
  return node.copy(Fragment.fromArray(children));
}

/** An amended clause, or null when its text already equals the target's. */
function amendedClause(clause: DraftClause, target: TargetClause, id: string, collected: ChangeText): PMNode | null {
  const children: PMNode[] = [];
  const heading = clause.heading;
  if (heading) children.push(heading.copy(diffBlock(heading, target.heading, id, collected)));
  else if (target.heading !== '') {
    collected.inserted.push(target.heading);
    children.push(proposalSchema.nodes['clause_heading']!.create(null, inserted(target.heading, id)));
  }
  type Side = { readonly node?: PMNode; readonly text: string };
  const before: Side[] = clause.paragraphs!.map((node) => ({ node, text: node.textContent }));
  const after: Side[] = target.paragraphs.map((text) => ({ text }));
  for (const pair of alignBlocks(before, after, (side) => normal(side.text))) {
    const old = pair.before?.node;
    if (old && pair.after) {
      children.push(old.copy(diffBlock(old, pair.after.text, id, collected)));
    } else if (old) {
      if (old.textContent !== '') collected.deleted.push(old.textContent);
      children.push(old.copy(withMark(old.content, markOf('deletion', id))));
    } else if (pair.after) {
      if (pair.after.text !== '') collected.inserted.push(pair.after.text);
      children.push(paragraphOf(inserted(pair.after.text, id)));
    }
  }
  if (!collected.changed) return null;
  return clause.node.type.create(clause.node.attrs, children, clause.node.marks);
}

/** Rows of the clause alignment, in the draft's order. */
interface Row {
  readonly draft?: DraftClause;
  readonly target?: TargetClause;
}

function rowsById(draft: readonly DraftClause[], target: readonly TargetClause[]): Row[] {
  const draftIds = new Set(draft.map((c) => c.id));
  const targetById = new Map(target.filter((t) => t.id !== undefined).map((t) => [t.id!, t]));
  const addsAfter = new Map<string, TargetClause[]>();
  let anchor = '';
  for (const clause of target) {
    if (clause.id !== undefined && draftIds.has(clause.id)) anchor = clause.id;
    else addsAfter.set(anchor, [...(addsAfter.get(anchor) ?? []), clause]);
  }
  const rows: Row[] = (addsAfter.get('') ?? []).map((t) => ({ target: t }));
  for (const clause of draft) {
    const match = targetById.get(clause.id);
    rows.push(match ? { draft: clause, target: match } : { draft: clause });
    for (const t of addsAfter.get(clause.id) ?? []) rows.push({ target: t });
  }
  return rows;
}

function rowsByText(draft: readonly DraftClause[], target: readonly TargetClause[]): Row[] {
  const key = (c: DraftClause | TargetClause): string => {
    const text = 'node' in c ? clauseText(c) : c;
    return normal(text.heading !== '' ? text.heading : text.paragraphs.join(' '));
  };
  return alignByKey<DraftClause | TargetClause>(draft, target, key).map((pair) => ({
    ...(pair.before ? { draft: pair.before as DraftClause } : {}),
    ...(pair.after ? { target: pair.after as TargetClause } : {}),
  }));
}

/**
 * The draft made to read like `target`, as suggestions (see the module
 * comment). `content` is the draft as stored (not projected); `records` its
 * change records: a clause with a pending suggestion is left as it is and
 * listed in `skipped` (decide that suggestion first).
 */
export function proposeTarget(content: PMNode, records: readonly ChangeRecord[], target: readonly TargetClause[], options: ProposeOptions): ProposalResult {
  const draft: DraftClause[] = [];
  content.forEach((node) => draft.push(readClause(node)));
  const rows = options.align === 'id' ? rowsById(draft, target) : rowsByText(draft, target);
  const out: PMNode[] = [];
  const changes: ProposedChange[] = [];
  const skipped: SkippedClause[] = [];
  const targetIndex = new Map(target.map((t, i) => [t, i]));
  const targetIds: (string | undefined)[] = target.map(() => undefined);
  for (const row of rows) {
    const { draft: clause, target: wanted } = row;
    if (clause && wanted) targetIds[targetIndex.get(wanted)!] = clause.id;
    if (clause && wanted) {
      const same = (() => {
        const text = clauseText(clause);
        return text.heading === wanted.heading && text.paragraphs.join('\n') === wanted.paragraphs.join('\n');
      })();
      if (same) {
        out.push(clause.node);
        continue;
      }
      if (hasPending(clause, records) || clause.paragraphs === null) {
        skipped.push({ clauseId: clause.id, reason: clause.paragraphs === null ? 'its body is a list' : 'it has pending suggestions' });
        out.push(clause.node);
        continue;
      }
      const id = options.newChangeId();
      const collected = new ChangeText();
      const amended = amendedClause(clause, wanted, id, collected);
      if (!amended) {
        out.push(clause.node);
        continue;
      }
      out.push(amended);
      const before = snippet(collected.deleted);
      const after = snippet(collected.inserted);
      changes.push({ id, kind: 'amended', clauseId: clause.id, ...(before ? { before } : {}), ...(after ? { after } : {}) });
    } else if (clause) {
      if (hasPending(clause, records)) {
        skipped.push({ clauseId: clause.id, reason: 'it has pending suggestions' });
        out.push(clause.node);
        continue;
      }
      const id = options.newChangeId();
      out.push(removedClause(clause.node, id));
      const text = clauseText(clause);
      const before = snippet([text.heading, ...text.paragraphs].filter((t) => t !== ''));
      changes.push({ id, kind: 'removed', clauseId: clause.id, ...(before ? { before } : {}) });
    } else if (wanted) {
      const id = options.newChangeId();
      const clauseId = wanted.id ?? options.newClauseId();
      targetIds[targetIndex.get(wanted)!] = clauseId;
      out.push(addedClause(wanted, clauseId, id));
      const after = snippet([wanted.heading, ...wanted.paragraphs].filter((t) => t !== ''));
      changes.push({ id, kind: 'added', clauseId, ...(after ? { after } : {}) });
    }
  }
  const doc = content.type.create(content.attrs, out);
  doc.check();
  return { doc, changes, skipped, targetIds };
}

/** The target text of a document (a named version read as if its pending suggestions were accepted). */
export function targetOf(doc: PMNode): TargetClause[] {
  const out: TargetClause[] = [];
  doc.forEach((node) => {
    if (node.marks.some((m) => m.type.name === 'deletion')) return;
    let heading = '';
    const paragraphs: string[] = [];
    node.forEach((child) => {
      const text = acceptedText(child);
      if (child.type.name === 'clause_heading') heading = text;
      else paragraphs.push(text);
    });
    out.push({ id: clauseIdOf(node), heading, paragraphs });
  });
  return out;
}

function acceptedText(node: PMNode): string {
  let text = '';
  node.descendants((child) => {
    if (child.isText && !child.marks.some((m) => m.type.name === 'deletion')) text += child.text ?? '';
    return true;
  });
  return text;
}
