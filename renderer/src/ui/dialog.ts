import { el } from '../base/dom';

/** A modal dialog: a titled card over the workbench, closed by Escape or its buttons. */
export interface Dialog {
  readonly root: HTMLElement;
  readonly body: HTMLElement;
  readonly footer: HTMLElement;
  close(): void;
  /** Resolves when the dialog closes. */
  readonly closed: Promise<void>;
}

/** Opens a modal dialog with a title and an optional lead paragraph. */
export function openDialog(title: string, options: { lead?: string; dismissable?: boolean; className?: string } = {}): Dialog {
  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
  const body = el('div', { class: 'dialog-body' });
  const footer = el('div', { class: 'dialog-footer' });
  const card = el(
    'div',
    { class: `dialog ${options.className ?? ''}`.trim(), attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId } },
    [el('h2', { class: 'dialog-title', text: title, attrs: { id: titleId } })],
  );
  if (options.lead) card.append(el('p', { class: 'dialog-lead', text: options.lead }));
  card.append(body, footer);
  const root = el('div', { class: 'dialog-backdrop' }, [card]);

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const close = (): void => {
    if (!root.isConnected) return;
    root.remove();
    previousFocus?.focus();
    resolveClosed();
  };
  if (options.dismissable !== false) {
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        close();
      }
    });
  }
  document.body.append(root);
  return { root, body, footer, close, closed };
}

/** A dialog button. */
export function dialogButton(label: string, onClick: () => void, kind: 'primary' | 'secondary' = 'secondary'): HTMLButtonElement {
  return el('button', { class: `button button-${kind}`, text: label, attrs: { type: 'button' }, on: { click: onClick } });
}

/**
 * Asks for one line of text. `submit` returns an error message to show under
 * the field (the dialog stays open) or null to close it.
 */
export function promptDialog(options: {
  title: string;
  lead?: string;
  label: string;
  placeholder?: string;
  confirm: string;
  submit: (value: string) => Promise<string | null>;
}): Dialog {
  const dialog = openDialog(options.title, { lead: options.lead, className: 'dialog-prompt' });
  const input = el('input', {
    class: 'text-field',
    attrs: { type: 'text', placeholder: options.placeholder ?? '', 'aria-label': options.label, spellcheck: 'false' },
  });
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert', 'aria-live': 'assertive' } });
  error.hidden = true;
  const confirm = dialogButton(options.confirm, () => void run(), 'primary');
  const form = el('form', { class: 'dialog-form' }, [el('label', { class: 'field-label', text: options.label }, [input]), error]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  dialog.body.append(form);
  dialog.footer.append(dialogButton('Cancel', dialog.close), confirm);

  async function run(): Promise<void> {
    const value = input.value.trim();
    if (value === '') {
      input.focus();
      return;
    }
    confirm.disabled = true;
    try {
      const message = await options.submit(value);
      if (message === null) {
        dialog.close();
      } else {
        error.textContent = message;
        error.hidden = false;
        input.focus();
        input.select();
      }
    } finally {
      confirm.disabled = false;
    }
  }
  input.focus();
  return dialog;
}

/**
 * Asks the user to confirm an action. Resolves true for the confirm button,
 * false for Cancel, Escape or closing.
 */
export function confirmDialog(options: { title: string; lead: string; confirm: string; tone?: 'primary' | 'danger' }): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = openDialog(options.title, { lead: options.lead, className: 'dialog-confirm' });
    let confirmed = false;
    const confirm = dialogButton(options.confirm, () => {
      confirmed = true;
      dialog.close();
    }, 'primary');
    if (options.tone === 'danger') confirm.classList.add('button-danger');
    confirm.setAttribute('data-testid', 'confirm');
    dialog.footer.append(dialogButton('Cancel', dialog.close), confirm);
    void dialog.closed.then(() => resolve(confirmed));
    confirm.focus();
  });
}
