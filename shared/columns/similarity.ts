/**
 * How alike two headings or two texts are, for aligning clauses of
 * documents that do not share clause ids: the Dice coefficient of their
 * sets of words (letters and digits, lower-cased, short function words
 * left out), from 0 (no word in common) to 1 (the same words).
 */

/** Words that say nothing about which point a clause is. */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'and', 'the', 'of', 'to', 'in', 'on', 'for', 'by', 'with', 'its', 'it', 'is', 'be', 'will', 'or', 'as', 'at', 'that', 'this', 'from', 'are', 'all', 'any',
]);

/** The content words of a text (lower-cased, function words left out). */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => !FUNCTION_WORDS.has(w)));
}

/** Dice coefficient of two word sets (0 when either is empty). */
export function diceSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Dice similarity of the content words of two texts. */
export function textSimilarity(a: string, b: string): number {
  return diceSimilarity(contentWords(a), contentWords(b));
}
