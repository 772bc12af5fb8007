import type { Node as PMNode } from 'prosemirror-model';
import { listClauses, type ClauseView, type TextView } from '../../shared/schema/clauses';

/** A clause as `draftroom show` prints it. */
export interface ShownClause {
  readonly id: string;
  readonly number: number;
  readonly heading: string;
  readonly text: string;
  /** Whole-clause suggestion still pending, if any. */
  readonly pending?: 'addition' | 'removal';
}

/**
 * The whole-clause suggestion pending on a clause. The clause marks come from
 * the change records (see `readSuggestedDoc`), so this needs a document read
 * that way: y-prosemirror does not store marks on clause nodes.
 */
function wholeClause(clause: ClauseView): 'addition' | 'removal' | undefined {
  if (clause.pendingAddition) return 'addition';
  if (clause.pendingRemoval) return 'removal';
  return undefined;
}

/**
 * The clauses to print for a view of a document read with
 * `readSuggestedDoc` (clause-level suggestions projected). `current`: every
 * pending suggestion applied, except that a clause proposed for removal
 * keeps its number and text until the removal is accepted; `original`: as if every pending
 * suggestion were rejected (proposed clauses left out, renumbered);
 * `marked`: both, with `[+…+]`/`[-…-]` around suggested text.
 */
export function shownClauses(doc: PMNode, view: TextView): ShownClause[] {
  const current = listClauses(doc, view === 'marked' ? 'marked' : 'current');
  const original = listClauses(doc, 'original');
  const out: ShownClause[] = [];
  current.forEach((clause, i) => {
    const pending = wholeClause(clause);
    if (view === 'original') {
      if (pending === 'addition') return;
      const o = original[i]!;
      out.push({ id: o.id, number: out.length + 1, heading: o.heading, text: o.text });
      return;
    }
    const source = view === 'current' && pending === 'removal' ? original[i]! : clause;
    out.push({
      id: clause.id,
      number: clause.number,
      heading: source.heading,
      text: source.text,
      ...(pending ? { pending } : {}),
    });
  });
  return out;
}

/** One clause as plain text: "9. Heading — text", further lines indented. */
export function formatClause(clause: ShownClause): string {
  const [first = '', ...more] = clause.text.split('\n');
  const head = clause.heading && first ? `${clause.heading} — ${first}` : clause.heading || first;
  const tag = clause.pending ? `  (${clause.pending} proposed)` : '';
  const indent = ' '.repeat(String(clause.number).length + 2);
  return [`${clause.number}. ${head}${tag}`, ...more.map((line) => indent + line)].join('\n');
}
