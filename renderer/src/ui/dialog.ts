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

/** Dialogs open now, the topmost last: Escape closes only the topmost. */
const openDialogs: { readonly dismissable: boolean; readonly close: () => void }[] = [];

/** Escape closes the topmost dialog wherever the keyboard is (on the page behind it too, or nowhere). */
function onEscape(event: KeyboardEvent): void {
  const top = openDialogs[openDialogs.length - 1];
  if (event.key !== 'Escape' || !top || event.defaultPrevented) return;
  event.preventDefault();
  event.stopPropagation();
  if (top.dismissable) top.close();
}

/**
 * Opens a modal dialog with a title and an optional lead paragraph. Unless
 * `dismissable` is false, Escape (wherever the focus is) and a click on the
 * backdrop close it; a click on the backdrop does not once something was
 * typed into the dialog (the text would be lost).
 */
export function openDialog(title: string, options: { lead?: string; dismissable?: boolean; className?: string } = {}): Dialog {
  const previousFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
  const body = el('div', { class: 'dialog-body' });
  const footer = el('div', { class: 'dialog-footer' });
  const card = el(
    'div',
    {
      class: `dialog ${options.className ?? ''}`.trim(),
      attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, tabindex: '-1' },
    },
    [el('h2', { class: 'dialog-title', text: title, attrs: { id: titleId } })],
  );
  if (options.lead) card.append(el('p', { class: 'dialog-lead', text: options.lead }));
  card.append(body, footer);
  const root = el('div', { class: 'dialog-backdrop' }, [card]);
  const dismissable = options.dismissable !== false;

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const entry = { dismissable, close: (): void => close() };
  const close = (): void => {
    if (!root.isConnected) return;
    root.remove();
    openDialogs.splice(openDialogs.indexOf(entry), 1);
    if (openDialogs.length === 0) document.removeEventListener('keydown', onEscape, true);
    previousFocus?.focus();
    resolveClosed();
  };
  if (dismissable) {
    // A click that starts and ends on the backdrop (not a text selection dragged out of the card).
    let pressedOnBackdrop = false;
    root.addEventListener('mousedown', (event) => {
      pressedOnBackdrop = event.target === root;
    });
    // Once something was typed into it, a stray click beside the card must not throw the text away: only Escape or
    // the dialog's own buttons close it then, and the card draws attention to itself instead.
    let typedInto = false;
    card.addEventListener('input', () => {
      typedInto = true;
    });
    root.addEventListener('click', (event) => {
      if (!pressedOnBackdrop || event.target !== root) return;
      if (!typedInto) {
        close();
        return;
      }
      card.classList.remove('dialog-attention');
      void card.offsetWidth;
      card.classList.add('dialog-attention');
      card.focus();
    });
  }
  if (openDialogs.length === 0) document.addEventListener('keydown', onEscape, true);
  openDialogs.push(entry);
  document.body.append(root);
  // The keyboard is in the dialog at once (callers then focus their first field or button).
  card.focus();
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
  /** What to say when Confirm is pressed with nothing typed (default: "Type a <label> first."). */
  emptyMessage?: string;
  submit: (value: string) => Promise<string | null>;
}): Dialog {
  const dialog = openDialog(options.title, { lead: options.lead, className: 'dialog-prompt' });
  const input = el('input', {
    class: 'text-field',
    attrs: { type: 'text', placeholder: options.placeholder ?? '', 'aria-label': options.label, spellcheck: 'false' },
  });
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert', 'aria-live': 'assertive' } });
  error.hidden = true;
  // An error is about what was submitted: typing something else takes it away.
  input.addEventListener('input', () => {
    error.hidden = true;
  });
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
      error.textContent = options.emptyMessage ?? `Type a ${options.label.toLowerCase()} first.`;
      error.hidden = false;
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
