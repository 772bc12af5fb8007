import type { ImportRequest, ImportResult } from '../../../shared/api/contract';
import type { Party } from '../../../shared/domain/types';
import { el } from '../base/dom';
import { dialogButton, openDialog, type Dialog } from '../ui/dialog';
import { describeError } from '../ui/error-messages';

/** What the import dialog needs from the app. */
export interface ImportDialogOptions {
  /** The open document (to import into), or null. */
  readonly current: { readonly docId: string; readonly title: string } | null;
  readonly parties: readonly Party[];
  /** The importing member's party (the default). */
  readonly ownPartyId: string;
  importProposal(request: ImportRequest): Promise<ImportResult>;
  /** After a successful import: show the new document, or say what was proposed. */
  imported(result: ImportResult, into: boolean): void;
  onFailure(message: string): void;
}

function option(value: string, label: string): HTMLOptionElement {
  return el('option', { text: label, attrs: { value } });
}

/**
 * File ▸ Import…: the other side's proposal (.docx, .md, .txt) as a new
 * document, or into the open document as suggestions by a party. The file
 * is read here and sent to main whole; main checks it before writing
 * anything, and a failure is shown in the dialog, which stays open.
 */
export function openImportDialog(options: ImportDialogOptions): Dialog {
  const dialog = openDialog('Import a proposal', {
    lead: 'A Word file, Markdown or plain text: each numbered point (Word numbering, “1.”, “Point 1”, “(a)”) becomes a clause. Word tracked changes become suggestions by their authors.',
    className: 'dialog-import',
  });
  const file = el('input', { attrs: { type: 'file', accept: '.docx,.md,.markdown,.txt', 'aria-label': 'File to import', 'data-testid': 'import-file' } });
  const group = `import-kind-${Math.random().toString(36).slice(2)}`;
  const asNew = el('input', { attrs: { type: 'radio', name: group, value: 'new' } });
  asNew.checked = true;
  const into = el('input', { attrs: { type: 'radio', name: group, value: 'into' } });
  into.disabled = options.current === null;
  const title = el('input', { class: 'text-field', attrs: { type: 'text', 'aria-label': 'Title', 'data-testid': 'import-title', placeholder: 'Title of the new document' } });
  const party = el('select', { class: 'select-field', attrs: { 'aria-label': 'Party', 'data-testid': 'import-party' } });
  for (const p of options.parties) party.append(option(p.id, p.name));
  party.value = options.ownPartyId;
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert' } });
  error.hidden = true;
  const form = el('form', { class: 'dialog-form' }, [
    el('label', { class: 'export-field' }, [el('span', { text: 'File' }), file]),
    el('fieldset', { class: 'export-kind' }, [
      el('legend', { class: 'field-label', text: 'Import as' }),
      el('label', { class: 'export-choice' }, [asNew, el('span', { class: 'export-choice-label', text: 'A new document' })]),
      el('label', { class: 'export-field' }, [el('span', { text: 'title' }), title]),
      el('label', { class: 'export-choice' }, [
        into,
        el('span', { class: 'export-choice-label', text: options.current ? `Suggestions against “${options.current.title}”` : 'Suggestions against the open document (open one first)' }),
      ]),
    ]),
    el('label', { class: 'export-field' }, [el('span', { text: 'The text is from' }), party]),
    error,
  ]);
  const confirm = dialogButton('Import', () => void run(), 'primary');
  confirm.setAttribute('data-testid', 'import-confirm');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  dialog.body.append(form);
  dialog.footer.append(dialogButton('Cancel', dialog.close), confirm);

  const sync = (): void => {
    title.disabled = !asNew.checked;
  };
  asNew.addEventListener('change', sync);
  into.addEventListener('change', sync);
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (chosen && title.value.trim() === '') title.value = chosen.name.replace(/\.[^.]+$/, '');
  });
  sync();

  async function run(): Promise<void> {
    if (confirm.disabled) return;
    const chosen = file.files?.[0];
    error.hidden = true;
    if (!chosen) {
      error.textContent = 'Choose a .docx, .md or .txt file to import.';
      error.hidden = false;
      return;
    }
    const intoCurrent = into.checked && options.current !== null;
    if (!intoCurrent && title.value.trim() === '') {
      error.textContent = 'Give the new document a title.';
      error.hidden = false;
      return;
    }
    confirm.disabled = true;
    confirm.textContent = 'Importing…';
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      const request: ImportRequest = {
        fileName: chosen.name,
        bytes,
        partyId: party.value,
        ...(intoCurrent ? { into: options.current!.docId } : { title: title.value.trim() }),
      };
      const result = await options.importProposal(request);
      dialog.close();
      options.imported(result, intoCurrent);
    } catch (failure) {
      const message = `Could not import ${chosen.name}: ${describeError(failure)}`;
      error.textContent = message;
      error.hidden = false;
      options.onFailure(message);
    } finally {
      confirm.disabled = false;
      confirm.textContent = 'Import';
    }
  }

  return dialog;
}
