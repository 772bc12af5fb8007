import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { afterNextFrame, type TaskScheduler } from '../base/after-frame';

/**
 * The part of ProseMirror's DOM observer (`view.domObserver`, not in its
 * typings) this module uses. `flushSoon` is ProseMirror's own way to read a
 * DOM change later (it sets `flushingSoon` to a 20 ms timer, and every
 * `flush` in between returns at once); `forceFlush` reads it now. ProseMirror
 * itself calls `forceFlush(true)` on every keydown, so a deferred read always
 * comes before the next key is handled.
 */
interface DomObserverInternals {
  flushingSoon: number;
  flushSoon(): void;
  forceFlush(always?: boolean): void;
}

/** The editor's DOM observer, or null where this ProseMirror has none of the shape above. */
function domObserverOf(view: EditorView): DomObserverInternals | null {
  const observer = (view as unknown as { domObserver?: Partial<DomObserverInternals> }).domObserver;
  if (!observer || typeof observer.flushSoon !== 'function' || typeof observer.forceFlush !== 'function') return null;
  if (typeof observer.flushingSoon !== 'number') return null;
  return observer as DomObserverInternals;
}

/** What `deferTypedTextRead` installs on an editor. */
export interface TypedTextReader {
  /** True while a typed character is in the DOM and not yet in the editor's state. */
  readonly pending: boolean;
  /** Reads a pending typed character into the editor now (no-op when none is pending). */
  read(): void;
  /** Stops deferring (a pending character is read first). */
  destroy(): void;
}

/** Options of `deferTypedTextRead`. */
export interface TypedTextReaderOptions {
  /** The document the editor is bound to: any transaction on it reads a pending character first. */
  readonly ydoc: Y.Doc;
  /** When to read a deferred character (default: right after the next frame). */
  readonly schedule?: TaskScheduler;
  /** Where pointer and key events are watched (default: the editor's document). */
  readonly events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/**
 * Paint first, then read. A character typed at a collapsed caret is inserted
 * by the browser itself (ProseMirror lets it and reads the DOM change back);
 * ProseMirror reads it in the microtask right after the input event, so its
 * whole transaction (the suggestion tracking and change record, y-prosemirror's
 * write to the Y.Doc, the decorations) ran before the frame that shows the
 * character. This defers that read, with ProseMirror's own `flushSoon`, to
 * right after that frame: the character is painted as the browser inserted it
 * (inside the typist's insertion it already looks as it will; the first
 * character of a new insertion gets its colour one frame later).
 *
 * Nothing can see the state without the character: while one is pending,
 * reading `view.state` reads it first (so every command, dispatch, plugin and
 * panel sees it), and so do a key or pointer press anywhere in the page
 * (capture phase, before any handler), any transaction on the Y.Doc (a
 * decision written straight to it), and `read()`, which the document's sync
 * calls before it applies what main sent and before it sends at once (a
 * hidden or closing page). ProseMirror's own 20 ms timer reads it where no
 * frame comes (a hidden page). Only an `insertText` input at a collapsed
 * selection, outside a composition, is deferred; everything else is read at
 * once as before. Where ProseMirror's observer lacks the expected shape, this
 * does nothing. A read that throws is logged, never passed to the caller
 * that asked for it (main's edit is still applied, the save still leaves).
 */
export function deferTypedTextRead(view: EditorView, options: TypedTextReaderOptions): TypedTextReader {
  const observer = domObserverOf(view);
  const schedule = options.schedule ?? afterNextFrame;
  const events = options.events ?? view.dom.ownerDocument;
  let destroyed = false;
  const isPending = (): boolean => observer !== null && observer.flushingSoon > -1;
  const read = (): void => {
    if (!isPending()) return;
    try {
      observer!.forceFlush();
    } catch (error) {
      // The caller (main's edit about to be applied, the save leaving, another transaction) must go on: a
      // failure here is ProseMirror's or the suggestion tracking's, reported like any failed dispatch.
      console.error('[draftroom] reading a typed character failed', error);
    }
  };
  if (observer === null) {
    return { pending: false, read() {}, destroy() {} };
  }

  // `view.state` reads a pending character first. ProseMirror assigns the property on every update.
  let current: EditorState = view.state;
  Object.defineProperty(view, 'state', {
    configurable: true,
    enumerable: true,
    get(): EditorState {
      read();
      return current;
    },
    set(state: EditorState) {
      current = state;
    },
  });

  const onBeforeInput = (event: Event): void => {
    const input = event as InputEvent;
    if (destroyed || input.inputType !== 'insertText' || input.isComposing || view.composing) return;
    if (typeof input.data !== 'string' || input.data.length === 0 || /[\r\n]/.test(input.data)) return;
    if (isPending() || !view.editable || !view.state.selection.empty) return;
    const selection = view.dom.ownerDocument.getSelection();
    if (!selection || !selection.isCollapsed) return;
    observer.flushSoon();
    schedule(read);
  };
  const onPress = (): void => read();
  const onTransaction = (): void => read();
  view.dom.addEventListener('beforeinput', onBeforeInput);
  for (const type of ['keydown', 'pointerdown', 'mousedown', 'compositionstart']) events.addEventListener(type, onPress, true);
  options.ydoc.on('beforeTransaction', onTransaction);

  return {
    get pending() {
      return isPending();
    },
    read,
    destroy() {
      if (destroyed) return;
      read();
      destroyed = true;
      view.dom.removeEventListener('beforeinput', onBeforeInput);
      for (const type of ['keydown', 'pointerdown', 'mousedown', 'compositionstart']) events.removeEventListener(type, onPress, true);
      options.ydoc.off('beforeTransaction', onTransaction);
    },
  };
}
