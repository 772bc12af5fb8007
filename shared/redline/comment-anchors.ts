import { anchorsOf, type RedlineComment, type RedlineInline, type RedlineParagraph } from './model';

/** Where a run is: paragraph index and inline index. */
interface RunPlace {
  readonly paragraph: number;
  readonly inline: number;
}

/**
 * Places every comment's range markers: a comment covers the runs of its
 * anchor key, from the first to the last (possibly across paragraphs). A
 * comment whose anchor has no runs (its change is no longer in the text) is
 * left out, and so are its replies. Returns new paragraphs and the comments
 * kept, in their given order.
 */
export function placeComments(
  paragraphs: readonly RedlineParagraph[],
  comments: readonly RedlineComment[],
): { paragraphs: RedlineParagraph[]; comments: RedlineComment[] } {
  const wanted = new Set(comments.map((c) => c.anchor));
  const first = new Map<string, RunPlace>();
  const last = new Map<string, RunPlace>();
  paragraphs.forEach((paragraph, p) => {
    paragraph.inlines.forEach((inline, i) => {
      if (inline.kind !== 'text') return;
      for (const key of anchorsOf(inline)) {
        if (!wanted.has(key)) continue;
        if (!first.has(key)) first.set(key, { paragraph: p, inline: i });
        last.set(key, { paragraph: p, inline: i });
      }
    });
  });
  const kept = comments.filter((c) => first.has(c.anchor));
  const starts = new Map<string, string[]>();
  const ends = new Map<string, string[]>();
  const at = (place: RunPlace): string => `${place.paragraph}:${place.inline}`;
  for (const comment of kept) {
    const from = at(first.get(comment.anchor)!);
    const to = at(last.get(comment.anchor)!);
    starts.set(from, [...(starts.get(from) ?? []), comment.id]);
    ends.set(to, [...(ends.get(to) ?? []), comment.id]);
  }
  // Paragraphs where a comment starts or ends; the others are copied as they are.
  const touched = new Set([...starts.keys(), ...ends.keys()].map((key) => Number(key.slice(0, key.indexOf(':')))));
  const placed = paragraphs.map((paragraph, p) => {
    if (!touched.has(p)) return { ...paragraph, inlines: [...paragraph.inlines] };
    const inlines: RedlineInline[] = [];
    paragraph.inlines.forEach((inline, i) => {
      const key = `${p}:${i}`;
      for (const commentId of starts.get(key) ?? []) inlines.push({ kind: 'comment-start', commentId });
      inlines.push(inline);
      for (const commentId of ends.get(key) ?? []) inlines.push({ kind: 'comment-end', commentId });
    });
    return { ...paragraph, inlines };
  });
  return { paragraphs: placed, comments: kept };
}
