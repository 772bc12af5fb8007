import { Plugin } from 'prosemirror-state';

/** From this many clauses on, clauses away from the screen are neither laid out nor painted (`is-long`, editor.css). */
export const LONG_DOCUMENT_CLAUSES = 80;

/**
 * Marks the editor `is-long` on a long proposal: its clauses get
 * `content-visibility: auto` (editor.css), so a keystroke's style, layout,
 * paint and compositor commit follow the screen, not a 60,000-word
 * document. Short documents keep every clause rendered: the browser leaves
 * the text of a clause it skips out of `innerText` (a selection, copy, find
 * and assistive technology still reach it).
 */
export function longDocumentPlugin(): Plugin {
  return new Plugin({
    props: {
      attributes: (state): Record<string, string> => (state.doc.childCount >= LONG_DOCUMENT_CLAUSES ? { class: 'is-long' } : {}),
    },
  });
}
