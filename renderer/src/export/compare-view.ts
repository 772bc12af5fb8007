import type { RedlineRequest, RestoreResult } from '../../../shared/api/contract';
import type { VersionInfo } from '../../../shared/domain/types';
import { SUMMARY_KINDS, type RedlineDocument, type RedlineParagraph, type SummaryKind } from '../../../shared/redline/model';
import { legendHtml, redlineBodyHtml, summaryHtml } from '../../../shared/redline/render-html';
import { el } from '../base/dom';
import { dialogButton, openDialog, type Dialog } from '../ui/dialog';
import { describeError } from '../ui/error-messages';

/** What the compare view needs from the app. */
export interface CompareViewOptions {
  readonly docId: string;
  readonly title: string;
  /** The document's named versions, oldest first. */
  listVersions(): Promise<VersionInfo[]>;
  /** The comparison model (the app first hands its unsent edits to main). */
  compareVersions(request: RedlineRequest): Promise<RedlineDocument>;
  /** Opens the export dialog for this very comparison. */
  exportComparison(from: string, to: string | undefined): void;
  /** Restores a named version (null when this member may not edit). */
  readonly restoreVersion: ((versionId: string) => Promise<RestoreResult>) | null;
  /** Called with a message when something fails (the app shows it in its banner too). */
  onFailure(message: string): void;
}

const WORKING_DRAFT = '';

function option(value: string, label: string): HTMLOptionElement {
  return el('option', { text: label, attrs: { value } });
}

/** The model's clause paragraphs (title lines left out) grouped by clause, in order. */
function clauseGroups(model: RedlineDocument): { clauseId: string; model: RedlineDocument }[] {
  const groups: { clauseId: string; paragraphs: RedlineParagraph[] }[] = [];
  for (const paragraph of model.paragraphs) {
    if (paragraph.clauseId === '') continue;
    const last = groups[groups.length - 1];
    if (last && last.clauseId === paragraph.clauseId) last.paragraphs.push(paragraph);
    else groups.push({ clauseId: paragraph.clauseId, paragraphs: [paragraph] });
  }
  // Each clause rendered on its own by the one HTML renderer (comments stay with their clause).
  return groups.map((g) => ({ clauseId: g.clauseId, model: { ...model, paragraphs: g.paragraphs } }));
}

/** A fragment of trusted markup: the redline's own HTML renderer escapes every text it writes. */
function markup(html: string): DocumentFragment {
  return document.createRange().createContextualFragment(html);
}

/**
 * The compare view: pick any two versions (or a version and the working
 * draft) and read the differences inline (one text, changes marked) or side
 * by side (a row per clause, aligned by clause id, both sides in one scroll),
 * step through them with Next / Previous, filter by party and kind, read the
 * change summary, export this comparison, or restore the older version.
 */
export function openCompareView(options: CompareViewOptions): Dialog {
  const dialog = openDialog(`Compare versions of “${options.title}”`, { className: 'dialog-compare' });
  const from = el('select', { class: 'select-field', attrs: { 'aria-label': 'Compare from', 'data-testid': 'compare-from' } });
  const to = el('select', { class: 'select-field', attrs: { 'aria-label': 'Compare to', 'data-testid': 'compare-to' } });
  const mode = el('select', { class: 'select-field', attrs: { 'aria-label': 'Layout', 'data-testid': 'compare-mode' } });
  mode.append(option('inline', 'Inline'), option('side', 'Side by side'));
  const party = el('select', { class: 'select-field', attrs: { 'aria-label': 'Party', 'data-testid': 'compare-party' } });
  const kind = el('select', { class: 'select-field', attrs: { 'aria-label': 'Kind', 'data-testid': 'compare-kind' } });
  kind.append(option('', 'All kinds'), ...SUMMARY_KINDS.map((k) => option(k, k)));
  const position = el('span', { class: 'compare-position', attrs: { 'data-testid': 'compare-position', 'aria-live': 'polite' } });
  const previous = dialogButton('↑ Previous', () => step(-1));
  previous.setAttribute('data-testid', 'compare-previous');
  const next = dialogButton('↓ Next', () => step(1));
  next.setAttribute('data-testid', 'compare-next');
  const status = el('p', { class: 'export-note', text: 'Loading the named versions…' });
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert' } });
  error.hidden = true;
  const legend = el('div', { class: 'compare-legend' });
  const content = el('div', { class: 'compare-content', attrs: { 'data-testid': 'compare-content', tabindex: '0' } });
  const summary = el('div', { class: 'compare-summary', attrs: { 'data-testid': 'compare-summary' } });
  const scroller = el('div', { class: 'compare-scroll' }, [legend, content, summary]);
  const controls = el('div', { class: 'compare-controls' }, [
    el('label', { class: 'export-field' }, [el('span', { text: 'from' }), from]),
    el('label', { class: 'export-field' }, [el('span', { text: 'to' }), to]),
    el('label', { class: 'export-field' }, [el('span', { text: 'layout' }), mode]),
    el('label', { class: 'export-field' }, [el('span', { text: 'party' }), party]),
    el('label', { class: 'export-field' }, [el('span', { text: 'kind' }), kind]),
    previous,
    next,
    position,
  ]);
  dialog.body.append(controls, status, error, scroller);
  const exportButton = dialogButton('Export this comparison…', () => options.exportComparison(from.value, to.value !== WORKING_DRAFT ? to.value : undefined));
  exportButton.setAttribute('data-testid', 'compare-export');
  const restoreButton = dialogButton('Restore this version…', () => void restore());
  restoreButton.setAttribute('data-testid', 'compare-restore');
  restoreButton.title = 'Propose changes that make the working draft read like the “from” version again';
  restoreButton.hidden = options.restoreVersion === null;
  dialog.footer.append(restoreButton, exportButton, dialogButton('Close', dialog.close, 'primary'));

  let model: RedlineDocument | null = null;
  let current = -1;
  let request = 0;

  /** The clause rows that hold a difference passing the filters. */
  function differences(): HTMLElement[] {
    return [...content.querySelectorAll<HTMLElement>('.compare-row[data-difference="true"]:not([hidden])')];
  }

  function showPosition(): void {
    const rows = differences();
    position.textContent = rows.length === 0 ? 'No differences' : current < 0 ? `${rows.length} differences` : `${current + 1} of ${rows.length}`;
    previous.disabled = rows.length === 0;
    next.disabled = rows.length === 0;
  }

  function step(by: number): void {
    const rows = differences();
    if (rows.length === 0) return;
    for (const row of content.querySelectorAll('.compare-row.is-current')) row.classList.remove('is-current');
    current = current < 0 ? (by > 0 ? 0 : rows.length - 1) : (current + by + rows.length) % rows.length;
    const row = rows[current]!;
    row.classList.add('is-current');
    row.scrollIntoView({ block: 'center' });
    showPosition();
  }

  function applyFilters(): void {
    if (!model) return;
    const wantedParty = party.value;
    const wantedKind = kind.value as SummaryKind | '';
    const matching = new Set(
      model.summary.rows.filter((r) => (wantedParty === '' || r.party === wantedParty) && (wantedKind === '' || r.kind === wantedKind)).map((r) => r.clauseId),
    );
    const filtering = wantedParty !== '' || wantedKind !== '';
    for (const row of content.querySelectorAll<HTMLElement>('.compare-row')) {
      const id = row.dataset['clause'] ?? '';
      row.hidden = filtering && !matching.has(id);
      row.dataset['difference'] = String(matching.has(id));
    }
    current = -1;
    showPosition();
  }

  function render(): void {
    if (!model) return;
    content.replaceChildren();
    content.classList.toggle('is-side', mode.value === 'side');
    if (mode.value === 'side') {
      content.append(
        el('div', { class: 'compare-row compare-head' }, [
          el('div', { class: 'compare-side', text: model.compared?.before ?? '' }),
          el('div', { class: 'compare-side', text: model.compared?.after ?? '' }),
        ]),
      );
    }
    for (const group of clauseGroups(model)) {
      const html = redlineBodyHtml(group.model);
      const row = el('div', { class: 'compare-row', attrs: { 'data-clause': group.clauseId, 'data-testid': 'compare-row' } });
      if (mode.value === 'side') {
        const before = el('div', { class: 'compare-side side-before' });
        const after = el('div', { class: 'compare-side side-after' });
        before.append(markup(html));
        after.append(markup(html));
        row.append(before, after);
      } else {
        row.append(markup(html));
      }
      content.append(row);
    }
    applyFilters();
  }

  async function load(): Promise<void> {
    const mine = ++request;
    status.hidden = false;
    status.textContent = 'Comparing…';
    error.hidden = true;
    try {
      const next = await options.compareVersions({ docId: options.docId, from: from.value, ...(to.value !== WORKING_DRAFT ? { to: to.value } : {}) });
      if (mine !== request) return;
      model = next;
      status.hidden = true;
      legend.replaceChildren(markup(legendHtml(next)));
      summary.replaceChildren(markup(summaryHtml(next)));
      const parties = next.summary.parties.map((p) => p.party);
      const chosen = party.value;
      party.replaceChildren(option('', 'All parties'), ...parties.map((p) => option(p, p)));
      party.value = parties.includes(chosen) ? chosen : '';
      render();
    } catch (failure) {
      if (mine !== request) return;
      const message = `Could not compare: ${describeError(failure)}`;
      status.hidden = true;
      error.textContent = message;
      error.hidden = false;
      options.onFailure(message);
    }
  }

  async function restore(): Promise<void> {
    if (!options.restoreVersion || restoreButton.disabled) return;
    const name = from.selectedOptions[0]?.textContent ?? 'this version';
    const confirmed = window.confirm(
      `Restore “${name}”? Every difference between the working draft and it is proposed as your change, with the rationale “Restored from “${name}””. Nothing is accepted until a lead decides.`,
    );
    if (!confirmed) return;
    restoreButton.disabled = true;
    try {
      const result = await options.restoreVersion(from.value);
      const skipped = result.skipped.length > 0 ? ` ${result.skipped.length} clause${result.skipped.length === 1 ? '' : 's'} with pending suggestions left as they are.` : '';
      status.hidden = false;
      status.textContent = `Proposed ${result.changes} change${result.changes === 1 ? '' : 's'} to restore “${name}”.${skipped}`;
      status.setAttribute('data-testid', 'compare-restored');
    } catch (failure) {
      const message = `Could not restore: ${describeError(failure)}`;
      error.textContent = message;
      error.hidden = false;
      options.onFailure(message);
    } finally {
      restoreButton.disabled = false;
    }
  }

  for (const select of [from, to]) select.addEventListener('change', () => void load());
  mode.addEventListener('change', render);
  party.addEventListener('change', applyFilters);
  kind.addEventListener('change', applyFilters);
  dialog.root.addEventListener('keydown', (event) => {
    if (event.altKey && (event.key === ']' || event.key === '[')) {
      event.preventDefault();
      step(event.key === ']' ? 1 : -1);
    }
  });

  void options.listVersions().then(
    (versions) => {
      if (versions.length === 0) {
        status.textContent = 'This document has no named versions yet: save one to compare it with the working draft.';
        return;
      }
      for (const version of versions) from.append(option(version.id, version.name));
      for (const version of versions) to.append(option(version.id, version.name));
      to.append(option(WORKING_DRAFT, 'Working draft'));
      from.value = versions[0]!.id;
      to.value = versions[1]?.id ?? WORKING_DRAFT;
      void load();
    },
    (failure: unknown) => {
      status.textContent = `The named versions could not be listed: ${describeError(failure)}`;
    },
  );
  return dialog;
}
