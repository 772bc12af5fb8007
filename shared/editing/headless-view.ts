import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection, type EditorState, type Plugin, type PluginView, type Transaction } from 'prosemirror-state';
import type { DispatchFunction, DispatchTarget } from '../suggest/dispatch';

/**
 * The one DOM-free stand-in for ProseMirror's EditorView, used by the bench
 * and the tests: holds the state, runs a dispatch function with itself as
 * `this` (the suggestion dispatch decorator, or plain `apply`), and drives
 * plugin views on every new state. Enough for y-prosemirror's ySyncPlugin
 * (which asks `hasFocus`, never the DOM, while the view has no focus). No
 * rendering, decorations or DOM work. Keystroke helpers type one
 * transaction per character, as a person does.
 */
export class HeadlessView implements DispatchTarget {
  state: EditorState;
  private readonly pluginViews: PluginView[] = [];
  private readonly dispatchFn: DispatchFunction;

  /** A view of `state`; without a dispatch function, transactions are simply applied. */
  constructor(state: EditorState, dispatchTransaction?: DispatchFunction) {
    this.state = state;
    this.dispatchFn =
      dispatchTransaction ??
      function (this: DispatchTarget, tr: Transaction): void {
        this.updateState(this.state.apply(tr));
      };
    for (const plugin of state.plugins as Plugin[]) {
      const make = plugin.spec.view;
      if (make) this.pluginViews.push(make(this as never));
    }
  }

  /** Dispatches a transaction through the dispatch function. */
  dispatch(tr: Transaction): void {
    this.dispatchFn.call(this, tr);
  }

  /** Takes a new state and tells the plugin views. */
  updateState(state: EditorState): void {
    const prev = this.state;
    this.state = state;
    for (const view of this.pluginViews) view.update?.(this as never, prev);
  }

  /** y-prosemirror asks this; a headless view never has focus. */
  hasFocus(): boolean {
    return false;
  }

  /** The current document. */
  get doc(): PMNode {
    return this.state.doc;
  }

  /** Puts the cursor (or a selection) at document positions. */
  select(from: number, to: number = from): this {
    this.dispatch(this.state.tr.setSelection(TextSelection.create(this.state.doc, from, to)));
    return this;
  }

  /** Selects a piece of text (see `rangeOf`). */
  selectText(text: string, occurrence = 0): this {
    const r = rangeOf(this.state.doc, text, occurrence);
    return this.select(r.from, r.to);
  }

  /** Types text one keystroke (one transaction) per character, at the selection. */
  type(text: string): this {
    for (const ch of text) this.dispatch(this.state.tr.insertText(ch));
    return this;
  }

  /** Backspace `times` times (deleting the selection first, if any). */
  backspace(times = 1): this {
    for (let i = 0; i < times; i++) {
      const { from, empty } = this.state.selection;
      if (!empty) this.dispatch(this.state.tr.deleteSelection());
      else this.dispatch(this.state.tr.delete(from - 1, from));
    }
    return this;
  }

  /** Runs a command against the view. */
  run(command: (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean): boolean {
    return command(this.state, (tr) => this.dispatch(tr));
  }

  /** Destroys the plugin views. */
  destroy(): void {
    for (const view of this.pluginViews) view.destroy?.();
  }
}

/** Where a piece of text sits in a document. */
export interface TextRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The document range of the `occurrence`-th (0-based) appearance of `text`
 * inside one text node run of a textblock. Throws if it is not there, so a
 * test never edits the wrong place silently.
 */
export function rangeOf(doc: PMNode, text: string, occurrence = 0): TextRange {
  let seen = 0;
  let found: TextRange | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (!node.isTextblock) return true;
    // Concatenate the textblock's text (leaf nodes count as one position each).
    let flat = '';
    const offsets: number[] = [];
    node.forEach((child, offset) => {
      const t = child.isText ? (child.text ?? '') : '\uFFFC';
      for (let i = 0; i < t.length; i++) offsets.push(pos + 1 + offset + i);
      flat += t;
    });
    let index = flat.indexOf(text);
    while (index >= 0 && !found) {
      if (seen === occurrence) {
        found = { from: offsets[index]!, to: offsets[index + text.length - 1]! + 1 };
      }
      seen++;
      index = flat.indexOf(text, index + 1);
    }
    return false;
  });
  if (!found) throw new Error(`rangeOf: "${text}" (occurrence ${occurrence}) not found`);
  return found;
}
