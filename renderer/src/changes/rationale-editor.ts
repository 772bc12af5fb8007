import { el } from '../base/dom';

/** What the rationale editor needs from its card. */
export interface RationaleEditorOptions {
  /** Writes the rationale; false if it was refused (the editor then stays open). */
  readonly save: (text: string) => boolean;
  /** The user finished (Enter or Escape): give the keyboard back to where they came from. */
  readonly done: () => void;
  /** The party proposing, for the placeholder ("Why does Ukraine propose this?"). */
  readonly partyName: string;
}

/** How long typing in the field pauses before the rationale is saved. */
const SAVE_DELAY_MS = 600;

/**
 * The rationale part of a change card. Read-only for everyone but the
 * change's party; for them it is a text field (always open while the
 * rationale is missing), saved as they type (after a short pause), on
 * Enter and when the field loses focus. A record update never overwrites
 * the field while it has focus.
 */
export class RationaleEditor {
  /** The element to mount in the card. */
  readonly element: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private editable = false;
  private editing = false;
  private rationale = '';
  private proposed = true;
  private timer = 0;
  private lastSaved = '';

  constructor(private readonly options: RationaleEditorOptions) {
    this.element = el('div', { class: 'change-rationale' });
    this.textarea = el('textarea', {
      class: 'rationale-field',
      attrs: { rows: '2', 'aria-label': 'Rationale', placeholder: `Why does ${options.partyName} propose this?`, spellcheck: 'false' },
    });
    this.textarea.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.flush(), SAVE_DELAY_MS);
      this.autosize();
    });
    this.textarea.addEventListener('keydown', (event) => {
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        if (this.flush()) this.close(true);
      }
    });
    this.textarea.addEventListener('blur', () => {
      if (this.flush() && this.textarea.value.trim() !== '') this.close(false);
    });
  }

  /** True while the field has the keyboard. */
  get focused(): boolean {
    return document.activeElement === this.textarea;
  }

  /** Shows the record's rationale; `editable` when the member's party made the change. */
  update(rationale: string, editable: boolean, proposed: boolean): void {
    const changed = rationale !== this.rationale || editable !== this.editable || proposed !== this.proposed;
    this.rationale = rationale;
    this.editable = editable;
    this.proposed = proposed;
    if (!changed && this.element.childElementCount > 0) return;
    if (!this.focused) this.render();
  }

  /** Opens the field and puts the cursor at its end (Alt+R, "Add rationale"). */
  focus(): boolean {
    if (!this.editable) return false;
    this.editing = true;
    this.render();
    this.textarea.focus();
    this.textarea.setSelectionRange(this.textarea.value.length, this.textarea.value.length);
    return true;
  }

  /** Saves what was typed if it differs from the record; false if it was refused. */
  private flush(): boolean {
    clearTimeout(this.timer);
    const text = this.textarea.value.trim();
    if (text === this.rationale.trim() || text === this.lastSaved) return true;
    if (!this.options.save(text)) return false;
    this.lastSaved = text;
    this.rationale = text;
    return true;
  }

  private close(returnFocus: boolean): void {
    this.editing = false;
    if (returnFocus) this.options.done();
    this.render();
  }

  private autosize(): void {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight + 2, 180)}px`;
  }

  private render(): void {
    const text = this.rationale.trim();
    const missing = text === '' && this.proposed;
    const children: HTMLElement[] = [];
    if (missing) {
      children.push(
        el('p', { class: 'rationale-missing', attrs: { 'data-testid': 'rationale-missing' } }, [
          el('span', { class: 'flag-icon', attrs: { 'aria-hidden': 'true' } }),
          'Rationale missing',
        ]),
      );
    }
    if (this.editable && this.proposed && (this.editing || text === '')) {
      if (!this.focused) this.textarea.value = this.rationale;
      children.push(this.textarea, el('p', { class: 'rationale-help', text: 'Enter to save · Shift+Enter for a new line' }));
    } else if (text !== '') {
      const quote = el('p', { class: 'rationale-text', text });
      children.push(quote);
      if (this.editable && this.proposed) {
        children.push(
          el('button', {
            class: 'link-button rationale-edit',
            text: 'Edit rationale',
            attrs: { type: 'button' },
            on: { click: () => void this.focus() },
          }),
        );
      }
    } else if (!missing) {
      children.push(el('p', { class: 'rationale-none', text: 'No rationale was given.' }));
    }
    this.element.replaceChildren(...children);
    if (children.includes(this.textarea)) requestAnimationFrame(() => this.autosize());
  }
}
