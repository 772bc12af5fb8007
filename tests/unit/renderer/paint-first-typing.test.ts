import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { EditorView } from 'prosemirror-view';
import { deferTypedTextRead } from '../../../renderer/src/editor/paint-first-typing';

/** ProseMirror's DOM observer as far as the module uses it (same semantics as prosemirror-view 1.x). */
class StubObserver {
  flushingSoon = -1;
  reads = 0;
  constructor(private readonly onRead: () => void) {}
  flushSoon(): void {
    if (this.flushingSoon < 0) this.flushingSoon = 7;
  }
  forceFlush(always = false): void {
    if (this.flushingSoon > -1) {
      this.flushingSoon = -1;
      this.flush();
    } else if (always) this.flush();
  }
  flush(): void {
    if (this.flushingSoon > -1) return;
    this.reads++;
    this.onRead();
  }
}

interface StubState {
  readonly text: string;
  readonly selection: { readonly empty: boolean };
}

/** A view as the module sees it: a DOM element with its document's selection, a state, the observer. */
function stubView(options: { collapsed?: boolean; observer?: boolean } = {}) {
  const dom = new EventTarget() as EventTarget & { ownerDocument: unknown };
  const events = new EventTarget();
  dom.ownerDocument = { getSelection: () => ({ isCollapsed: options.collapsed ?? true }) };
  let typed = '';
  const view = {
    dom,
    editable: true,
    composing: false,
    state: { text: '', selection: { empty: true } } as StubState,
  } as unknown as EditorView & { state: StubState; editable: boolean; composing: boolean; domObserver?: StubObserver };
  const observer = new StubObserver(() => {
    // What ProseMirror's read does: the typed text becomes the state (assigned on the view).
    (view as { state: StubState }).state = { text: typed, selection: { empty: true } };
  });
  if (options.observer !== false) view.domObserver = observer;
  const scheduled: (() => void)[] = [];
  const ydoc = new Y.Doc();
  const reader = deferTypedTextRead(view, {
    ydoc,
    events,
    schedule: (task) => {
      scheduled.push(task);
      return () => {};
    },
  });
  /** A keystroke: beforeinput, then the browser's insertion (which ProseMirror's observer would flush). */
  const type = (data: string, init: Partial<{ inputType: string; isComposing: boolean }> = {}): void => {
    const event = Object.assign(new Event('beforeinput'), { inputType: 'insertText', data, isComposing: false, ...init });
    dom.dispatchEvent(event);
    typed += data;
    observer.flush();
  };
  const frame = (): void => {
    for (const task of scheduled.splice(0)) task();
  };
  return { view, observer, reader, type, frame, events, ydoc };
}

describe('paint first: reading a typed character after its frame', () => {
  it('leaves a character typed at a caret unread until after the frame, then reads it', () => {
    const { view, observer, reader, type, frame } = stubView();
    type('a');
    expect(observer.reads).toBe(0);
    expect(reader.pending).toBe(true);
    frame();
    expect(observer.reads).toBe(1);
    expect(reader.pending).toBe(false);
    expect(view.state.text).toBe('a');
  });

  it('reads a waiting character before anyone reads the state', () => {
    const { view, observer, type } = stubView();
    type('b');
    expect(observer.reads).toBe(0);
    expect(view.state.text).toBe('b');
    expect(observer.reads).toBe(1);
  });

  it('reads it on a key or pointer press, before any transaction on the Y.Doc, and when asked', () => {
    for (const trigger of ['keydown', 'pointerdown', 'mousedown', 'compositionstart', 'transaction', 'read'] as const) {
      const { observer, reader, type, events, ydoc } = stubView();
      type('c');
      let readBefore = -1;
      if (trigger === 'transaction') {
        ydoc.transact(() => {
          readBefore = observer.reads;
        });
      } else if (trigger === 'read') {
        reader.read();
      } else {
        events.dispatchEvent(new Event(trigger));
      }
      if (trigger === 'transaction') expect(readBefore).toBe(1);
      expect({ trigger, reads: observer.reads, pending: reader.pending }).toEqual({ trigger, reads: 1, pending: false });
    }
  });

  it('reads everything else at once: other input types, several characters, compositions, a selection, a read-only editor', () => {
    const cases: [string, (s: ReturnType<typeof stubView>) => void][] = [
      ['paste', (s) => s.type('x', { inputType: 'insertFromPaste' })],
      ['Enter', (s) => s.type('\n', { inputType: 'insertText' })],
      ['paragraph', (s) => s.type('', { inputType: 'insertParagraph' })],
      ['composing event', (s) => s.type('x', { isComposing: true })],
      ['composing view', (s) => ((s.view.composing = true), s.type('x'))],
      ['read-only', (s) => ((s.view.editable = false), s.type('x'))],
      ['state selection', (s) => ((s.view as { state: StubState }).state = { text: '', selection: { empty: false } }, s.type('x'))],
    ];
    for (const [label, act] of cases) {
      const s = stubView();
      act(s);
      expect({ label, reads: s.observer.reads, pending: s.reader.pending }).toEqual({ label, reads: 1, pending: false });
    }
    const notCollapsed = stubView({ collapsed: false });
    notCollapsed.type('x');
    expect(notCollapsed.observer.reads).toBe(1);
  });

  it('reads a waiting character when it stops, and defers nothing after', () => {
    const { observer, reader, type } = stubView();
    type('d');
    reader.destroy();
    expect(observer.reads).toBe(1);
    type('e');
    expect(observer.reads).toBe(2);
    expect(reader.pending).toBe(false);
  });

  it('does nothing where ProseMirror has no observer of the expected shape', () => {
    const { view, reader } = stubView({ observer: false });
    expect(Object.getOwnPropertyDescriptor(view, 'state')?.get).toBeUndefined();
    expect(reader.pending).toBe(false);
    reader.read();
  });

  it('never passes a failed read on: main’s edit, the state read and the transaction go on, and the failure is logged', () => {
    const { view, observer, reader, type, ydoc } = stubView();
    const logged: unknown[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void logged.push(args[0]);
    try {
      // ProseMirror's flush still returns at once while a read is deferred; the read itself fails.
      observer.flush = function (this: StubObserver) {
        if (this.flushingSoon > -1) return;
        throw new Error('tracking refused');
      };
      type('f');
      expect(() => reader.read()).not.toThrow();
      type('g');
      expect(view.state.text).toBe('');
      type('h');
      let ran = false;
      ydoc.transact(() => {
        ran = true;
      });
      expect(ran).toBe(true);
      expect(logged).toEqual(['[draftroom] reading a typed character failed', '[draftroom] reading a typed character failed', '[draftroom] reading a typed character failed']);
      expect(reader.pending).toBe(false);
    } finally {
      console.error = error;
    }
  });
});
