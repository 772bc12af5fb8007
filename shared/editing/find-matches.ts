import type { Node as PMNode } from 'prosemirror-model';

/** One occurrence of a search query: a document range. */
export interface TextMatch {
  readonly from: number;
  readonly to: number;
}

/**
 * Every case-insensitive occurrence of `query` in the document's text
 * blocks, in document order. A match may span marks (bold, suggestions) but
 * not blocks. One walk over the document: call it when the query changes,
 * not per keystroke.
 */
export function findMatches(doc: PMNode, query: string): TextMatch[] {
  const needle = query.toLocaleLowerCase();
  if (needle.length === 0) return [];
  const out: TextMatch[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // One character per position: inline leaves (hard breaks) count as one.
    let text = '';
    node.forEach((child) => {
      text += child.isText ? (child.text ?? '') : '\n';
    });
    const haystack = text.toLocaleLowerCase();
    const start = pos + 1;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
      out.push({ from: start + at, to: start + at + needle.length });
    }
    return false;
  });
  return out;
}
