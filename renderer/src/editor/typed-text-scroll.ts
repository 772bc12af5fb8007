import { Plugin } from 'prosemirror-state';

/**
 * Leaves ProseMirror's scroll-to-the-selection out for a character typed at
 * a caret. The browser inserted it into the DOM and already scrolled the
 * caret into view (Blink reveals the selection after a typing command);
 * ProseMirror, reading the change back, would measure the caret again
 * (`coordsAtPos` and the scroll parents' rectangles: a forced layout after
 * its own redraw) on every keystroke only to find nothing to scroll. Typing
 * over a selection, pasting, Enter and every command keep ProseMirror's
 * scrolling: only an insertion at a collapsed caret skips it, and only for
 * the dispatch that insertion makes (the flag lives until the next
 * microtask).
 */
export function typedTextScrollPlugin(): Plugin {
  let typedAtCaret = false;
  return new Plugin({
    props: {
      handleTextInput(_view, from, to) {
        if (from === to) {
          typedAtCaret = true;
          queueMicrotask(() => {
            typedAtCaret = false;
          });
        }
        return false;
      },
      handleScrollToSelection() {
        if (!typedAtCaret) return false;
        typedAtCaret = false;
        return true;
      },
    },
  });
}
