/**
 * Test harness for the suggestion engine: identities, a DOM-free stand-in
 * for EditorView (enough for dispatch decorators and plugin views such as
 * y-prosemirror's ySyncPlugin), and keystroke helpers.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection, type EditorState, type Plugin, type PluginView, type Transaction } from 'prosemirror-state';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import type { DispatchFunction, DispatchTarget } from '../../../shared/suggest/dispatch';
import { rangeOf } from '../../helpers/builders';

/** Parties of the tests. */
export const PARTIES: Record<'us' | 'ua' | 'ru', Party> = {
  us: { id: 'p-us', name: 'United States', code: 'US', colour: '#1f4e9c' },
  ua: { id: 'p-ua', name: 'Ukraine', code: 'UA', colour: '#d4a300' },
  ru: { id: 'p-ru', name: 'Russia', code: 'RU', colour: '#b22222' },
};

function identity(id: string, name: string, party: Party, role: Member['role']): Identity {
  return { member: { id, name, partyId: party.id, role }, party };
}

/** Members of the tests, one identity each. */
export const WHO = {
  usLead: identity('m-us-lead', 'Avery (US lead)', PARTIES.us, 'lead'),
  usDrafter: identity('m-us-drafter', 'Blake (US)', PARTIES.us, 'drafter'),
  uaSuggester: identity('m-ua', 'Oksana (UA)', PARTIES.ua, 'suggester'),
  uaSecond: identity('m-ua-2', 'Taras (UA)', PARTIES.ua, 'suggester'),
  ruSuggester: identity('m-ru', 'Dmitri (RU)', PARTIES.ru, 'suggester'),
  observer: identity('m-obs', 'Olive (observer)', PARTIES.us, 'observer'),
} as const;

/** All members of the tests. */
export const MEMBERS: Member[] = Object.values(WHO).map((w) => w.member);

/**
 * A DOM-free EditorView stand-in: holds the state, runs a dispatch function
 * with itself as `this`, and drives plugin views (update on every new state).
 */
export class HeadlessView implements DispatchTarget {
  state: EditorState;
  private readonly pluginViews: PluginView[] = [];
  private readonly dispatchFn: DispatchFunction;

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

  updateState(state: EditorState): void {
    const prev = this.state;
    this.state = state;
    for (const view of this.pluginViews) view.update?.(this as never, prev);
  }

  /** y-prosemirror asks this; a headless view never has focus. */
  hasFocus(): boolean {
    return false;
  }

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

  destroy(): void {
    for (const view of this.pluginViews) view.destroy?.();
  }
}

/** The ids of insertion/deletion marks in a document, in order of first appearance. */
export function changeIds(doc: PMNode): string[] {
  const out: string[] = [];
  doc.descendants((node) => {
    for (const mark of node.marks) {
      if (mark.type.name !== 'insertion' && mark.type.name !== 'deletion') continue;
      const id = String(mark.attrs['id']);
      if (!out.includes(id)) out.push(id);
    }
    return true;
  });
  return out;
}

/** True if some node other than a clause or text carries a suggestion mark (those would not survive Yjs). */
export function hasNonClauseBlockMarks(doc: PMNode): boolean {
  let found = false;
  doc.descendants((node) => {
    if (!node.isText && node.type.name !== 'clause' && node.marks.length > 0) found = true;
    return !found;
  });
  return found;
}

/** Matches a UUID v4 (change ids must be globally unique, not counters). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
