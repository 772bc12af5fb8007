import type { EditorView } from 'prosemirror-view';
import { el } from '../base/dom';
import { findKey, setFindQuery, stepFind } from './find-plugin';

/**
 * The find box (Mod-f): a small search field over the page. Matches are
 * highlighted by the find plugin's decorations, computed when the query
 * changes; Enter / Shift+Enter step through them, Escape closes.
 */
export class FindBox {
  /** The box element to mount. */
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly count: HTMLSpanElement;
  private view: EditorView | null = null;
  private timer = 0;

  constructor() {
    this.input = el('input', {
      class: 'find-input',
      attrs: { type: 'search', placeholder: 'Find in document', 'aria-label': 'Find in document', spellcheck: 'false' },
    });
    this.count = el('span', { class: 'find-count', attrs: { 'aria-live': 'polite' } });
    const button = (label: string, title: string, onClick: () => void): HTMLButtonElement =>
      el('button', { class: 'find-button', text: label, title, attrs: { type: 'button', 'aria-label': title }, on: { click: onClick } });
    this.element = el('div', { class: 'find-box', attrs: { role: 'search' } }, [
      this.input,
      this.count,
      button('↑', 'Previous match (Shift+Enter)', () => this.step(-1)),
      button('↓', 'Next match (Enter)', () => this.step(1)),
      button('✕', 'Close (Esc)', () => this.close()),
    ]);
    this.element.hidden = true;
    this.input.addEventListener('input', () => {
      // Search once typing pauses, not on every keystroke.
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.search(), 120);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        clearTimeout(this.timer);
        if (this.currentQuery() !== this.input.value) this.search();
        else this.step(event.shiftKey ? -1 : 1);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
  }

  /** Binds the box to the open editor (null: none). */
  attach(view: EditorView | null): void {
    this.view = view;
    if (view && !this.element.hidden && this.input.value !== '') this.search();
  }

  /** Opens the box with the editor's selected text (if short) and focuses it. */
  open(): void {
    const view = this.view;
    if (view && !view.state.selection.empty) {
      const selected = view.state.doc.textBetween(view.state.selection.from, view.state.selection.to, ' ');
      if (selected.length <= 80) this.input.value = selected;
    }
    this.element.hidden = false;
    this.input.focus();
    this.input.select();
    if (this.input.value !== '') this.search();
  }

  /** Closes the box, clears the highlights and returns focus to the editor. */
  close(): void {
    this.element.hidden = true;
    if (this.view) {
      setFindQuery(this.view, '');
      this.view.focus();
    }
    this.count.textContent = '';
  }

  /** Refreshes the "3 of 12" counter (after edits). */
  refreshCount(): void {
    const find = this.view ? findKey.getState(this.view.state) : undefined;
    if (!find || find.query === '') {
      this.count.textContent = '';
    } else {
      this.count.textContent = find.matches.length === 0 ? 'No matches' : `${find.current + 1} of ${find.matches.length}`;
    }
  }

  private currentQuery(): string {
    return (this.view && findKey.getState(this.view.state)?.query) ?? '';
  }

  private search(): void {
    if (!this.view) return;
    setFindQuery(this.view, this.input.value);
    this.refreshCount();
  }

  private step(direction: 1 | -1): void {
    if (!this.view) return;
    stepFind(this.view, direction);
    this.refreshCount();
  }
}
