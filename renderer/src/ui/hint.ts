import { el } from '../base/dom';

/** A button a hint may offer. */
export interface HintAction {
  readonly label: string;
  readonly run: () => void;
}

/** How long a hint stays up. */
const HINT_MS = 5000;

/**
 * A short message floating above the status bar (an edit refused, a
 * decision made, a rationale asked for). It never takes the keyboard and
 * goes away by itself; the same message again just keeps it up.
 */
export class Hint {
  /** The hint element to mount once. */
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private readonly action: HTMLButtonElement;
  private timer = 0;
  private run: (() => void) | null = null;

  constructor() {
    this.text = el('span', { class: 'hint-text' });
    this.action = el('button', {
      class: 'hint-action',
      attrs: { type: 'button' },
      on: {
        click: () => {
          const run = this.run;
          this.hide();
          run?.();
        },
      },
    });
    this.action.addEventListener('mousedown', (event) => event.preventDefault());
    const close = el('button', { class: 'hint-close', text: '✕', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: () => this.hide() } });
    close.addEventListener('mousedown', (event) => event.preventDefault());
    this.element = el('div', { class: 'hint', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'hint' } }, [this.text, this.action, close]);
    this.element.hidden = true;
  }

  /** Shows a message (and an optional action) for a few seconds. */
  show(message: string, action?: HintAction): void {
    this.text.textContent = message;
    this.run = action?.run ?? null;
    this.action.hidden = !action;
    this.action.textContent = action?.label ?? '';
    this.element.hidden = false;
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.hide(), action ? HINT_MS * 2 : HINT_MS);
  }

  /** Hides the hint. */
  hide(): void {
    clearTimeout(this.timer);
    this.element.hidden = true;
    this.run = null;
  }
}
