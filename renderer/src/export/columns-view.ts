import type { ColumnsRequest, RedlineFile } from '../../../shared/api/contract';
import type { ColumnPin, ColumnsTable } from '../../../shared/columns/column-model';
import type { ColumnRef } from '../../../shared/columns/column-ref';
import { columnsLegendHtml, columnsTableHtml } from '../../../shared/columns/render-columns-html';
import type { VersionInfo } from '../../../shared/domain/types';
import { REDLINE_FORMATS, type RedlineFormat } from '../../../shared/redline/file-name';
import { el } from '../base/dom';
import { dialogButton, openDialog, type Dialog } from '../ui/dialog';
import { describeError } from '../ui/error-messages';
import { downloadFile } from './download';

/** What the Columns view needs from the app. */
export interface ColumnsViewOptions {
  /** The open document: its versions and working draft are the first columns offered. */
  readonly docId: string;
  /** Every document of the workspace (columns may come from any). */
  readonly documents: readonly { readonly id: string; readonly title: string }[];
  /** A document's named versions, oldest first. */
  listVersions(docId: string): Promise<VersionInfo[]>;
  /** The table (the app first hands its unsent edits to main). */
  compareColumns(request: ColumnsRequest): Promise<ColumnsTable>;
  /** The table as a file. */
  exportColumns(request: ColumnsRequest): Promise<RedlineFile>;
  /** Saves a re-alignment (null when this member may not edit). */
  readonly setColumnPin: ((pin: ColumnPin) => Promise<unknown>) | null;
  /** Forgets a re-alignment (null when this member may not edit). */
  readonly clearColumnPin: ((docId: string, clauseId: string, targetDocId: string) => Promise<unknown>) | null;
  /** Called with a message when something fails (the app shows it in its banner too). */
  onFailure(message: string): void;
}

/** Most columns the view offers (the API's limit). */
const MAX_COLUMNS = 10;
/** The value of a column choice: "<doc id>\n<version id>" ('' for the working draft). */
const SEPARATOR = '\n';

function refOf(value: string): ColumnRef {
  const [doc = '', version = ''] = value.split(SEPARATOR);
  return { doc, version: version === '' ? null : version };
}

/** A fragment of trusted markup: the columns' own HTML renderer escapes every text it writes. */
function markup(html: string): DocumentFragment {
  return document.createRange().createContextualFragment(html);
}

/**
 * The Columns view ("the four-column text"): pick 2 to 10 columns — named
 * versions or working drafts of any document — and read them side by side,
 * one row per point, each column's differences from the first marked;
 * re-align a cell (saved in the workspace for everyone), and export the
 * table as a landscape .docx, .pdf, .html or .md.
 */
export function openColumnsView(options: ColumnsViewOptions): Dialog {
  const dialog = openDialog('Columns side by side', { className: 'dialog-columns' });
  const pickers = el('div', { class: 'columns-pickers', attrs: { 'data-testid': 'columns-pickers' } });
  const addButton = dialogButton('+ Column', () => {
    addPicker(choices[0]?.value ?? '');
    void load();
  });
  addButton.setAttribute('data-testid', 'columns-add');
  const format = el('select', { class: 'select-field', attrs: { 'aria-label': 'Format', 'data-testid': 'columns-format' } });
  for (const f of REDLINE_FORMATS) format.append(el('option', { text: f === 'md' ? 'Markdown' : f.toUpperCase(), attrs: { value: f } }));
  const status = el('p', { class: 'export-note', text: 'Loading the named versions…', attrs: { 'data-testid': 'columns-status' } });
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert' } });
  error.hidden = true;
  const legend = el('ul', { class: 'legend columns-legend' });
  legend.append(markup(columnsLegendHtml()));
  const content = el('div', { class: 'columns-content', attrs: { 'data-testid': 'columns-content', tabindex: '0' } });
  const scroller = el('div', { class: 'columns-scroll' }, [content]);
  dialog.body.append(el('div', { class: 'columns-controls' }, [pickers, addButton]), status, error, legend, scroller);
  const exportButton = dialogButton('Export…', () => void exportTable());
  exportButton.setAttribute('data-testid', 'columns-export');
  dialog.footer.append(el('label', { class: 'export-field' }, [el('span', { text: 'as' }), format]), exportButton, dialogButton('Close', dialog.close, 'primary'));

  /** Every column one may choose, grouped by document. */
  let choices: { readonly value: string; readonly label: string; readonly group: string }[] = [];
  let table: ColumnsTable | null = null;
  let request = 0;

  function currentRequest(): ColumnsRequest {
    const columns = [...pickers.querySelectorAll('select')].map((s) => refOf(s.value));
    return { docId: options.docId, columns };
  }

  function addPicker(value: string): void {
    const select = el('select', { class: 'select-field', attrs: { 'aria-label': `Column ${pickers.children.length + 1}`, 'data-testid': 'columns-pick' } });
    for (const document of options.documents) {
      const group = el('optgroup', { attrs: { label: document.title } });
      for (const choice of choices.filter((c) => c.group === document.id)) group.append(el('option', { text: choice.label, attrs: { value: choice.value } }));
      select.append(group);
    }
    select.value = value;
    select.addEventListener('change', () => void load());
    const remove = el('button', {
      class: 'columns-remove',
      text: '×',
      title: 'Remove this column',
      attrs: { type: 'button', 'aria-label': 'Remove this column', 'data-testid': 'columns-remove' },
      on: {
        click: () => {
          if (pickers.children.length <= 2) return;
          wrapper.remove();
          renumber();
          void load();
        },
      },
    });
    const wrapper = el('span', { class: 'columns-picker' }, [select, remove]);
    pickers.append(wrapper);
    renumber();
  }

  function renumber(): void {
    [...pickers.querySelectorAll('select')].forEach((s, i) => s.setAttribute('aria-label', i === 0 ? 'Column 1 (compared with)' : `Column ${i + 1}`));
    const count = pickers.children.length;
    addButton.disabled = count >= MAX_COLUMNS;
    for (const button of pickers.querySelectorAll<HTMLButtonElement>('.columns-remove')) button.disabled = count <= 2;
  }

  function render(next: ColumnsTable): void {
    table = next;
    content.replaceChildren(markup(columnsTableHtml(next)));
    status.hidden = false;
    status.textContent = `${next.rows.length} points, ${next.differingRows} differing from “${next.columns[0]?.title ?? ''}”.`;
    if (!options.setColumnPin) return;
    for (const cell of content.querySelectorAll<HTMLElement>('td.cell[data-clause]')) {
      const column = Number(cell.dataset['column']);
      if (column === 0) continue;
      const button = el('button', {
        class: 'columns-realign',
        text: '⇄',
        title: 'Re-align: put this clause in another row, or in a row of its own',
        attrs: { type: 'button', 'data-testid': 'columns-realign', 'aria-label': 'Re-align this clause' },
        on: { click: () => realign(column, cell.dataset['clause'] ?? '') },
      });
      cell.querySelector('.clause-head')?.append(button);
    }
  }

  async function load(): Promise<void> {
    const mine = ++request;
    status.hidden = false;
    status.textContent = 'Aligning…';
    error.hidden = true;
    try {
      const next = await options.compareColumns(currentRequest());
      if (mine !== request) return;
      render(next);
    } catch (failure) {
      if (mine !== request) return;
      fail(`Could not lay the columns side by side: ${describeError(failure)}`);
    }
  }

  function fail(message: string): void {
    status.hidden = true;
    error.textContent = message;
    error.hidden = false;
    options.onFailure(message);
  }

  /** Asks where clause `clauseId` of column `column` belongs, saves it and redraws. */
  function realign(column: number, clauseId: string): void {
    if (!table || !options.setColumnPin || !options.clearColumnPin) return;
    const current = table;
    const header = current.columns[column]!;
    const row = current.rows.find((r) => r.cells[column]?.clause?.id === clauseId);
    const label = row?.cells[column]?.clause?.heading || clauseId;
    const ask = openDialog(`Re-align “${label}”`, { lead: `In “${header.title}”. Choose the row it belongs to; every later table keeps it.`, className: 'dialog-realign' });
    const target = el('select', { class: 'select-field', attrs: { 'aria-label': 'Belongs to', 'data-testid': 'realign-target' } });
    target.append(el('option', { text: 'Automatic (by id, then heading)', attrs: { value: 'auto' } }));
    target.append(el('option', { text: 'No counterpart (a row of its own)', attrs: { value: 'none' } }));
    // Rows an earlier column has a clause in: the clause of the first such column names the row.
    current.rows.forEach((r, index) => {
      const earlier = r.cells.slice(0, column).findIndex((c) => c.clause !== undefined);
      if (earlier < 0 || r === row) return;
      target.append(el('option', { text: r.label, attrs: { value: String(index) } }));
    });
    const problem = el('p', { class: 'dialog-error', attrs: { role: 'alert' } });
    problem.hidden = true;
    ask.body.append(el('label', { class: 'export-field' }, [el('span', { text: 'belongs to' }), target]), problem);
    const save = dialogButton(
      'Save',
      () =>
        void (async () => {
          const docs = [...new Set(current.columns.slice(0, column).map((c) => c.docId))];
          try {
            if (target.value === 'auto') {
              for (const docId of docs) await options.clearColumnPin!(header.docId, clauseId, docId);
            } else if (target.value === 'none') {
              await options.setColumnPin!({ docId: header.docId, clauseId, targetDocId: current.columns[0]!.docId, targetClauseId: null });
            } else {
              const chosen = current.rows[Number(target.value)]!;
              const j = chosen.cells.slice(0, column).findIndex((c) => c.clause !== undefined);
              await options.setColumnPin!({ docId: header.docId, clauseId, targetDocId: current.columns[j]!.docId, targetClauseId: chosen.cells[j]!.clause!.id });
            }
            ask.close();
            await load();
          } catch (failure) {
            problem.textContent = `Could not save the re-alignment: ${describeError(failure)}`;
            problem.hidden = false;
          }
        })(),
      'primary',
    );
    save.setAttribute('data-testid', 'realign-save');
    ask.footer.append(dialogButton('Cancel', ask.close), save);
  }

  async function exportTable(): Promise<void> {
    exportButton.disabled = true;
    try {
      const file = await options.exportColumns({ ...currentRequest(), format: format.value as RedlineFormat });
      downloadFile(file, file.mimeType);
      status.textContent = `Exported “${file.fileName}”.`;
    } catch (failure) {
      fail(`Could not export the columns: ${describeError(failure)}`);
    } finally {
      exportButton.disabled = false;
    }
  }

  void Promise.all(options.documents.map(async (d) => ({ document: d, versions: await options.listVersions(d.id) }))).then(
    (lists) => {
      choices = lists.flatMap(({ document, versions }) => [
        ...versions.map((v) => ({ value: `${document.id}${SEPARATOR}${v.id}`, label: v.name, group: document.id })),
        { value: `${document.id}${SEPARATOR}`, label: 'Working draft', group: document.id },
      ]);
      // The open document's versions and its working draft, oldest first (at most four to begin with).
      const own = choices.filter((c) => c.group === options.docId);
      const start = own.length > 4 ? [...own.slice(0, 3), own[own.length - 1]!] : own;
      const initial = start.length >= 2 ? start : [...start, ...choices.filter((c) => !start.includes(c))].slice(0, 2);
      for (const choice of initial) addPicker(choice.value);
      if (initial.length < 2) {
        status.textContent = 'Nothing to lay side by side yet: save a named version first.';
        return;
      }
      void load();
    },
    (failure: unknown) => fail(`The named versions could not be listed: ${describeError(failure)}`),
  );
  return dialog;
}
