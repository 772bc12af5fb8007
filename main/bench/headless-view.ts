import { TextSelection, type EditorState, type Plugin, type PluginView, type Transaction } from 'prosemirror-state';
import type { DispatchFunction, DispatchTarget } from '../../shared/suggest/dispatch';

/**
 * A DOM-free stand-in for EditorView (as in the suggestion tests): holds the
 * state, runs a dispatch function with itself as `this`, and drives plugin
 * views on every new state. Enough for the suggestion dispatch decorator and
 * for y-prosemirror's ySyncPlugin (which asks `hasFocus`, never the DOM,
 * while the view has no focus). No rendering, decorations or DOM work: the
 * bench measures what runs besides the view.
 */
export class HeadlessView implements DispatchTarget {
  state: EditorState;
  private readonly pluginViews: PluginView[] = [];
  private readonly dispatchFn: DispatchFunction;

  constructor(state: EditorState, dispatchTransaction: DispatchFunction) {
    this.state = state;
    this.dispatchFn = dispatchTransaction;
    for (const plugin of state.plugins as Plugin[]) {
      const make = plugin.spec.view;
      if (make) this.pluginViews.push(make(this as never));
    }
  }

  dispatch(tr: Transaction): void {
    this.dispatchFn.call(this, tr);
  }

  updateState(state: EditorState): void {
    const prev = this.state;
    this.state = state;
    for (const view of this.pluginViews) view.update?.(this as never, prev);
  }

  /** y-prosemirror asks this; a headless view never has focus. */
  hasFocus(): boolean {
    return false;
  }

  /** Puts the cursor at a document position. */
  select(pos: number): void {
    this.dispatch(this.state.tr.setSelection(TextSelection.create(this.state.doc, pos)));
  }

  destroy(): void {
    for (const view of this.pluginViews) view.destroy?.();
  }
}
