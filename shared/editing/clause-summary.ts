import type { Node as PMNode } from 'prosemirror-model';
import { inlineText } from '../schema/clauses';

/** What an outline row shows for one clause. */
export interface ClauseSummary {
  /** Heading text, or '' if the clause has none. */
  readonly heading: string;
  /** The first words of the clause (heading first, else body), with "…" when cut. */
  readonly firstWords: string;
  /** Words in the clause (heading and body), pending deletions excluded. */
  readonly words: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.,\-–/]*/gu;

function clauseText(clause: PMNode): { heading: string; body: string } {
  let heading = '';
  const parts: string[] = [];
  clause.descendants((node) => {
    if (node.type.name === 'clause_heading') {
      heading = inlineText(node, 'current');
      return false;
    }
    if (node.isTextblock) {
      parts.push(inlineText(node, 'current'));
      return false;
    }
    return true;
  });
  return { heading, body: parts.join(' ') };
}

/** Number of words in a piece of text. */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** The first `max` words of a text, with "…" when there were more. */
export function firstWords(text: string, max: number): string {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length <= max) return words.join(' ');
  return `${words.slice(0, max).join(' ')}…`;
}

/** Words an outline row shows before "…". */
export const OUTLINE_WORDS = 8;

const cache = new WeakMap<PMNode, ClauseSummary>();

/**
 * Outline row and word count of one clause. Clause nodes are immutable and
 * shared between document versions, so results are cached per node: an edit
 * recomputes only the clause it touched.
 */
export function summarizeClause(clause: PMNode): ClauseSummary {
  const cached = cache.get(clause);
  if (cached) return cached;
  const { heading, body } = clauseText(clause);
  const summary: ClauseSummary = {
    heading,
    firstWords: firstWords(heading !== '' ? heading : body, OUTLINE_WORDS),
    words: countWords(heading) + countWords(body),
  };
  cache.set(clause, summary);
  return summary;
}

/** Words in a whole proposal (per-clause results are cached, see `summarizeClause`). */
export function countDocumentWords(doc: PMNode): number {
  let total = 0;
  doc.forEach((clause) => {
    total += summarizeClause(clause).words;
  });
  return total;
}
