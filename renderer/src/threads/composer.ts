import { COMMENT_MAX_LENGTH } from '../../../shared/comments/comment-rules';
import { describeError } from '../ui/error-messages';
import { el, MOD_KEY } from '../base/dom';

/** Options of a comment text box. */
export interface ComposerOptions {
  /** Placeholder of the text box. */
  readonly placeholder: string;
  /** Label of the submit button ("Comment", "Reply", "Save"). */
  readonly submitLabel: string;
  /** Writes the comment; throw to show the error and keep the text. */
  submit(body: string): void;
  /** Offers a Cancel button (and Escape) that calls this. */
  cancel?(): void;
  /** `data-testid` prefix for the text box and the buttons. */
  readonly testId?: string;
}

/**
 * A comment text box with its submit button: Ctrl/⌘+Enter sends, Escape
 * cancels, errors show under it and the text is kept until the write
 * succeeds.
 */
export class Composer {
  readonly element: HTMLFormElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly error: HTMLElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly counter: HTMLElement;

  constructor(private readonly options: ComposerOptions) {
    const testId = options.testId ?? 'comment';
    this.textarea = el('textarea', {
      class: 'comment-input',
      attrs: {
        rows: '2',
        placeholder: options.placeholder,
        'aria-label': options.placeholder,
        'data-testid': `${testId}-input`,
        spellcheck: 'false',
      },
      on: {
        keydown: (event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            this.send();
          } else if (event.key === 'Escape' && options.cancel) {
            event.preventDefault();
            options.cancel();
          }
        },
        input: () => this.refresh(),
      },
    });
    this.error = el('p', { class: 'comment-error', attrs: { role: 'alert' } });
    this.error.hidden = true;
    this.submitButton = el('button', {
      class: 'comment-button is-primary',
      text: options.submitLabel,
      title: `${options.submitLabel} (${MOD_KEY}+Enter)`,
      attrs: { type: 'submit', 'data-testid': `${testId}-submit` },
    });
    this.counter = el('span', { class: 'comment-counter', attrs: { 'aria-live': 'polite' } });
    const actions = el('div', { class: 'comment-actions' }, [this.counter]);
    if (options.cancel) {
      const cancel = options.cancel;
      actions.append(
        el('button', { class: 'comment-button', text: 'Cancel', attrs: { type: 'button' }, on: { click: () => cancel() } }),
      );
    }
    actions.append(this.submitButton);
    this.element = el('form', { class: 'comment-composer', on: { submit: (event) => (event.preventDefault(), this.send()) } }, [
      this.textarea,
      this.error,
      actions,
    ]);
    this.refresh();
  }

  /** The text typed so far. */
  get value(): string {
    return this.textarea.value;
  }

  /** Replaces the text (and clears any error). */
  set value(text: string) {
    this.textarea.value = text;
    this.showError(null);
    this.refresh();
  }

  /** Enables or disables the whole box. */
  setDisabled(disabled: boolean): void {
    this.textarea.disabled = disabled;
    this.refresh();
  }

  /** Puts the caret in the box. */
  focus(): void {
    this.textarea.focus();
  }

  private refresh(): void {
    this.submitButton.disabled = this.textarea.disabled || this.textarea.value.trim() === '';
    // Counted like the rule that checks it: characters of the trimmed text. Shown near the limit only.
    const length = [...this.textarea.value.trim()].length;
    this.counter.hidden = length < COMMENT_MAX_LENGTH * 0.9;
    this.counter.textContent = `${length.toLocaleString('en-US')} / ${COMMENT_MAX_LENGTH.toLocaleString('en-US')}`;
    this.counter.classList.toggle('is-over', length > COMMENT_MAX_LENGTH);
  }

  private showError(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? '';
  }

  private send(): void {
    if (this.textarea.disabled || this.textarea.value.trim() === '') return;
    try {
      this.options.submit(this.textarea.value);
      this.value = '';
    } catch (error) {
      this.showError(describeError(error));
    }
  }
}
