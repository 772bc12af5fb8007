import type { RedlineFile, RedlineRequest } from '../../../shared/api/contract';
import type { VersionInfo } from '../../../shared/domain/types';
import type { PaperSize, RedlineFormat } from '../../../shared/redline/file-name';
import { dialogButton, openDialog, type Dialog } from '../ui/dialog';
import { el } from '../base/dom';
import { describeError } from '../ui/error-messages';
import { downloadFile } from './download';

/** What the export dialog needs from the app. */
export interface ExportDialogOptions {
  readonly docId: string;
  readonly title: string;
  /** The document's named versions, oldest first. */
  listVersions(): Promise<VersionInfo[]>;
  /** Makes the redline (the app first hands its unsent edits to main). */
  exportRedline(request: RedlineRequest): Promise<RedlineFile>;
  /** Called with a message when an export fails (the app shows it in its banner too). */
  onFailure(message: string): void;
  /** Called once the file was handed to the browser (or Electron's save dialog): the app names it. */
  onExported?(file: RedlineFile): void;
  /** Start on this comparison (the compare view's "Export this comparison"). */
  readonly initial?: { readonly from: string; readonly to?: string };
}

/** Value of the "to" select that stands for the working draft. */
const WORKING_DRAFT = '';

function option(value: string, label: string): HTMLOptionElement {
  return el('option', { text: label, attrs: { value } });
}

function choice(name: string, value: string, label: string, checked: boolean): { row: HTMLLabelElement; input: HTMLInputElement } {
  const input = el('input', { attrs: { type: 'radio', name, value } });
  input.checked = checked;
  const row = el('label', { class: 'export-choice' }, [input, el('span', { class: 'export-choice-label', text: label })]);
  return { row, input };
}

const FORMAT_LABELS: readonly (readonly [RedlineFormat, string])[] = [
  ['docx', 'Word (.docx): tracked changes and comments'],
  ['pdf', 'PDF blackline (.pdf)'],
  ['html', 'Web page (.html), readable on a phone'],
  ['md', 'Markdown (.md), for an email'],
];

/**
 * File ▸ Export…: asks what to export, the pending suggestions of the
 * working draft or a comparison of two versions (or a version and the
 * working draft), in which format (Word, PDF on A4 or Letter, HTML,
 * Markdown) and for whom (the team, or the counterpart: no rationales,
 * comments or member names), makes the redline through the API and
 * downloads it as "<title> – pending suggestions – <date>.<ext>" or
 * "<title> – <from> → <to> – <date>.<ext>". A version cannot be compared
 * with itself. A failure is shown in the dialog, which stays open to try
 * again.
 */
export function openExportDialog(options: ExportDialogOptions): Dialog {
  const dialog = openDialog('Export redline', {
    lead: `“${options.title}” as a redline: every change marked by its member and party, its rationale alongside, and a summary of the changes at the end.`,
    className: 'dialog-export',
  });
  const group = `export-kind-${Math.random().toString(36).slice(2)}`;
  const pending = choice(group, 'pending', 'Pending suggestions in the working draft', true);
  const compare = choice(group, 'compare', 'Compare versions', false);
  const from = el('select', { class: 'select-field', attrs: { 'aria-label': 'Compare from', 'data-testid': 'export-from' } });
  const to = el('select', { class: 'select-field', attrs: { 'aria-label': 'Compare to', 'data-testid': 'export-to' } });
  const versionsNote = el('p', { class: 'export-note', text: 'Loading the named versions…' });
  const compareFields = el('div', { class: 'export-compare' }, [
    el('label', { class: 'export-field' }, [el('span', { text: 'from' }), from]),
    el('label', { class: 'export-field' }, [el('span', { text: 'to' }), to]),
  ]);
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert', 'aria-live': 'assertive' } });
  error.hidden = true;
  const fieldset = el('fieldset', { class: 'export-kind' }, [
    el('legend', { class: 'field-label', text: 'What to export' }),
    pending.row,
    compare.row,
    compareFields,
    versionsNote,
  ]);
  const format = el('select', { class: 'select-field', attrs: { 'aria-label': 'Format', 'data-testid': 'export-format' } });
  for (const [value, label] of FORMAT_LABELS) format.append(option(value, label));
  const paper = el('select', { class: 'select-field', attrs: { 'aria-label': 'Paper', 'data-testid': 'export-paper' } });
  paper.append(option('a4', 'A4'), option('letter', 'Letter'));
  const formatFields = el('fieldset', { class: 'export-kind' }, [
    el('legend', { class: 'field-label', text: 'Format' }),
    el('label', { class: 'export-field' }, [el('span', { text: 'as' }), format]),
    el('label', { class: 'export-field' }, [el('span', { text: 'paper' }), paper]),
  ]);
  const audienceGroup = `export-audience-${Math.random().toString(36).slice(2)}`;
  const internal = choice(audienceGroup, 'internal', 'For the team: rationales, comments and member names', true);
  const external = choice(audienceGroup, 'external', 'For the counterpart: parties only, no rationales or comments', false);
  const audienceFields = el('fieldset', { class: 'export-kind' }, [el('legend', { class: 'field-label', text: 'Audience' }), internal.row, external.row]);
  const syncPaper = (): void => {
    paper.disabled = format.value !== 'pdf';
  };
  format.addEventListener('change', syncPaper);
  syncPaper();
  const form = el('form', { class: 'dialog-form' }, [fieldset, formatFields, audienceFields, error]);
  const confirm = dialogButton('Export', () => void run(), 'primary');
  confirm.setAttribute('data-testid', 'export-confirm');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  dialog.body.append(form);
  dialog.footer.append(dialogButton('Cancel', dialog.close), confirm);

  const sameVersion = el('p', {
    class: 'export-note export-same',
    text: 'A version compared with itself has no differences: choose two different versions.',
    attrs: { role: 'status', 'data-testid': 'export-same-version' },
  });
  sameVersion.hidden = true;
  compareFields.after(sameVersion);
  const syncFields = (): void => {
    const comparing = compare.input.checked;
    from.disabled = !comparing;
    to.disabled = !comparing;
    compareFields.classList.toggle('is-disabled', !comparing);
    // Main refuses it too; here the button says so before anyone asks.
    const same = comparing && from.value !== '' && from.value === to.value;
    sameVersion.hidden = !same;
    confirm.disabled = same;
  };
  for (const select of [from, to]) select.addEventListener('change', syncFields);
  for (const input of [pending.input, compare.input]) input.addEventListener('change', syncFields);
  // Picking a version means comparing.
  for (const select of [from, to]) {
    select.addEventListener('mousedown', () => {
      if (!compare.input.checked && !compare.input.disabled) {
        compare.input.checked = true;
        syncFields();
      }
    });
  }
  compare.input.disabled = true;
  syncFields();

  void options.listVersions().then(
    (versions) => {
      if (versions.length === 0) {
        versionsNote.textContent = 'This document has no named versions yet: save one to compare it with the working draft.';
        return;
      }
      versionsNote.hidden = true;
      compare.input.disabled = false;
      for (const version of versions) from.append(option(version.id, version.name));
      for (const version of versions) to.append(option(version.id, version.name));
      to.append(option(WORKING_DRAFT, 'Working draft'));
      from.value = versions[0]!.id;
      to.value = versions[1]?.id ?? WORKING_DRAFT;
      if (options.initial) {
        from.value = options.initial.from;
        to.value = options.initial.to ?? WORKING_DRAFT;
        compare.input.checked = true;
      }
      syncFields();
    },
    (failure: unknown) => {
      versionsNote.textContent = `The named versions could not be listed: ${describeError(failure)}`;
    },
  );

  function request(): RedlineRequest {
    const chosen = format.value as RedlineFormat;
    const how = {
      format: chosen,
      audience: external.input.checked ? ('external' as const) : ('internal' as const),
      ...(chosen === 'pdf' ? { paper: paper.value as PaperSize } : {}),
    };
    if (!compare.input.checked) return { docId: options.docId, ...how };
    return { docId: options.docId, ...how, from: from.value, ...(to.value !== WORKING_DRAFT ? { to: to.value } : {}) };
  }

  async function run(): Promise<void> {
    if (confirm.disabled) return;
    confirm.disabled = true;
    confirm.textContent = 'Exporting…';
    error.hidden = true;
    try {
      const file = await options.exportRedline(request());
      downloadFile(file, file.mimeType);
      dialog.close();
      options.onExported?.(file);
    } catch (failure) {
      const message = `Could not export the redline: ${describeError(failure)}`;
      error.textContent = message;
      error.hidden = false;
      options.onFailure(message);
    } finally {
      confirm.textContent = 'Export';
      syncFields();
    }
  }

  confirm.focus();
  return dialog;
}
