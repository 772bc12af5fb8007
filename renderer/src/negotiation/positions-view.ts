import { DraftroomError } from '../../../shared/api/errors';
import type { Identity, Party } from '../../../shared/domain/types';
import { filterPositions, positionMatrix, type PositionCell, type PositionFilter, type PositionRow } from '../../../shared/negotiation/position-matrix';
import { STANCE_LABELS, STANCES, type Stance } from '../../../shared/negotiation/position-schema';
import { positionsMap, readPositions, recordPosition } from '../../../shared/negotiation/positions';
import { clauseAgreements, packagesMap, packageStatuses, readPackages, writePackage, type ClauseAgreement, type PackageStatus } from '../../../shared/negotiation/packages';
import { el } from '../base/dom';
import type { PanelContext, PanelDocument, PanelView } from '../panel/panel-context';
import { watchDocument } from '../panel/watch-document';
import { WhenShown } from '../panel/when-shown';
import { dialogButton, openDialog } from '../ui/dialog';
import '../styles/positions.css';

/**
 * The side panel's Positions view: the matrix of clauses × parties, each
 * cell coloured by the party's stance (agreed / can accept / reserves /
 * rejects), hatched when stale (the clause's text changed since it was
 * recorded), with the note, who recorded it and when on hover; a filter
 * ("where Russia rejects", "agreed by all", "stale"); a click on a cell of
 * one's own party records its position (main refuses any other party's).
 */
export function createPositionsView(ctx: PanelContext): PanelView {
  return new PositionsPanel(ctx);
}

/** The row's classes: agreed by all (and counted as agreed), or agreed but held by a package. */
function rowClass(row: PositionRow, agreement: ClauseAgreement | undefined): string {
  if ((agreement?.heldBy.length ?? 0) > 0) return 'is-held';
  return row.agreedByAll ? 'is-agreed-by-all' : '';
}

/** A small tag naming the clause's packages ("held" when one holds it back). */
function packageTag(agreement: ClauseAgreement | undefined): HTMLElement[] {
  if (!agreement || agreement.packages.length === 0) return [];
  const held = agreement.heldBy.length > 0;
  return [
    el('span', {
      class: `package-tag${held ? ' is-held' : ''}`,
      text: held ? 'held' : 'pkg',
      title: held ? `Agreed by all, but held by the package ${agreement.heldBy.join(', ')} until all its clauses are agreed` : `In package: ${agreement.packages.join(', ')}`,
      attrs: { 'data-testid': 'package-tag' },
    }),
  ];
}

/** Short marks for the cells (with the full label for screen readers and on hover). */
const STANCE_MARKS: Readonly<Record<Stance, string>> = { agreed: '✓', 'can-accept': '≈', reserves: 'R', rejects: '✗' };

class PositionsPanel implements PanelView {
  readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly filterSelect: HTMLSelectElement;
  private readonly table: HTMLTableElement;
  private readonly packagesSection: HTMLElement;
  private readonly stops: (() => void)[] = [];
  private bound: { readonly doc: PanelDocument; readonly stop: () => void } | null = null;
  private frame = 0;
  /** Nothing is drawn while the view does not show. */
  private readonly whenShown: WhenShown;
  private filterSignature = '';

  constructor(private readonly ctx: PanelContext) {
    this.summary = el('p', { class: 'positions-summary', attrs: { 'data-testid': 'positions-summary', 'aria-live': 'polite' } });
    this.filterSelect = el('select', { class: 'text-field positions-filter', attrs: { 'data-testid': 'positions-filter', 'aria-label': 'Show clauses' }, on: { change: () => this.render() } });
    this.table = el('table', { class: 'positions-matrix', attrs: { 'data-testid': 'positions-matrix' } });
    this.packagesSection = el('section', { class: 'positions-packages', attrs: { 'data-testid': 'packages', 'aria-label': 'Packages' } });
    this.element = el('section', { class: 'positions-view', attrs: { 'aria-label': 'Positions' } }, [
      el('header', { class: 'positions-head' }, [this.summary, this.filterSelect, this.legend()]),
      el('div', { class: 'positions-scroll' }, [this.table]),
      this.packagesSection,
    ]);
    this.whenShown = new WhenShown(this.element, () => this.render());
    this.stops.push(ctx.document.subscribe(() => this.bind()));
    this.stops.push(ctx.identity.subscribe(() => this.schedule()));
    this.stops.push(ctx.workspace.subscribe(() => this.schedule()));
    this.bind();
  }

  private legend(): HTMLElement {
    return el(
      'p',
      { class: 'positions-legend' },
      STANCES.flatMap((s) => [el('span', { class: `stance-chip stance-${s}`, text: STANCE_MARKS[s] }), ` ${STANCE_LABELS[s]}  `]).concat([
        el('span', { class: 'stance-chip stance-legend-stale is-stale', text: '·' }),
        ' Stale',
      ]),
    );
  }

  private bind(): void {
    this.bound?.stop();
    this.bound = null;
    const doc = this.ctx.document.get();
    if (doc) {
      const stopDoc = watchDocument(doc.ydoc, () => this.schedule());
      const onPositions = () => this.schedule();
      positionsMap(doc.ydoc).observeDeep(onPositions);
      packagesMap(doc.ydoc).observeDeep(onPositions);
      this.bound = {
        doc,
        stop: () => {
          stopDoc();
          positionsMap(doc.ydoc).unobserveDeep(onPositions);
          packagesMap(doc.ydoc).unobserveDeep(onPositions);
        },
      };
    }
    this.render();
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    // Hidden since the last check: it renders when it shows (no frame callback per keystroke meanwhile).
    if (this.whenShown.knownHidden()) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private renderFilterOptions(parties: readonly Party[]): void {
    const signature = parties.map((p) => `${p.id}:${p.name}`).join('|');
    if (signature === this.filterSignature) return;
    this.filterSignature = signature;
    const current = this.filterSelect.value;
    this.filterSelect.replaceChildren(
      el('option', { text: 'All clauses', attrs: { value: 'all' } }),
      el('option', { text: 'Agreed by all', attrs: { value: 'agreed-by-all' } }),
      el('option', { text: 'With a stale position', attrs: { value: 'stale' } }),
      ...parties.map((p) =>
        el(
          'optgroup',
          { attrs: { label: p.name } },
          STANCES.map((s) => el('option', { text: `Where ${p.name} ${STANCE_LABELS[s].toLowerCase()}`, attrs: { value: `party:${p.id}:${s}` } })),
        ),
      ),
    );
    if ([...this.filterSelect.options].some((o) => o.value === current)) this.filterSelect.value = current;
  }

  private filter(): PositionFilter {
    const value = this.filterSelect.value;
    if (value === 'agreed-by-all' || value === 'stale') return { kind: value };
    const match = /^party:(.+):([a-z-]+)$/.exec(value);
    if (match && STANCES.includes(match[2] as Stance)) return { kind: 'party-stance', partyId: match[1]!, stance: match[2] as Stance };
    return { kind: 'all' };
  }

  private render(): void {
    if (this.whenShown.hidden()) return;
    const doc = this.bound?.doc;
    const workspace = this.ctx.workspace.get();
    if (!doc || !workspace) {
      this.summary.textContent = 'No document open.';
      this.table.replaceChildren();
      return;
    }
    const parties = workspace.parties;
    this.renderFilterOptions(parties);
    const all = positionMatrix(doc.view.state.doc, readPositions(doc.ydoc), parties, workspace.members);
    const statuses = packageStatuses(readPackages(doc.ydoc), all);
    const agreements = clauseAgreements(all, statuses);
    const rows = filterPositions(all, this.filter());
    const agreed = all.filter((r) => agreements.get(r.clauseId)?.agreed).length;
    const held = all.filter((r) => (agreements.get(r.clauseId)?.heldBy.length ?? 0) > 0).length;
    const stale = all.reduce((n, r) => n + r.cells.filter((c) => c.stale).length, 0);
    this.summary.textContent = `${agreed} of ${all.length} clauses agreed by all${held > 0 ? ` (${held} more held by a package)` : ''} · ${stale} stale position${stale === 1 ? '' : 's'}`;
    const identity = this.ctx.identity.get();
    const head = el('tr', {}, [
      el('th', { text: 'Point', attrs: { scope: 'col' } }),
      ...parties.map((p) => el('th', { text: p.code, title: p.name, attrs: { scope: 'col', 'data-party': p.id, class: 'positions-party' } })),
    ]);
    const body = rows.map((row) =>
      el('tr', { attrs: { 'data-clause-id': row.clauseId, 'data-testid': 'positions-row', class: rowClass(row, agreements.get(row.clauseId)) } }, [
        el('th', { attrs: { scope: 'row' } }, [
          el('button', {
            class: 'positions-point',
            text: `${row.point}. ${row.heading}`,
            attrs: { type: 'button' },
            on: { click: () => this.ctx.jumpToClause(row.clauseId) },
          }),
          ...packageTag(agreements.get(row.clauseId)),
        ]),
        ...row.cells.map((cell, i) => this.renderCell(row, cell, parties[i]!, identity)),
      ]),
    );
    this.table.replaceChildren(el('thead', {}, [head]), el('tbody', {}, body.length > 0 ? body : [el('tr', {}, [el('td', { text: 'No clause matches.', attrs: { colspan: String(parties.length + 1) } })])]));
    this.renderPackages(statuses, all, identity);
  }

  private renderPackages(statuses: readonly PackageStatus[], rows: readonly PositionRow[], identity: Identity | null): void {
    const canWrite = identity !== null && identity.member.role !== 'observer';
    const items = statuses.map((p) =>
      el('li', { class: `package-item${p.agreed ? ' is-agreed' : ''}`, attrs: { 'data-testid': 'package-item' } }, [
        el('p', { class: 'package-name' }, [
          el('strong', { text: p.name }),
          ` — ${p.agreed ? 'agreed: every clause agreed by every party' : `not agreed (${p.clauses.filter((c) => !c.agreedByAll).length} of ${p.clauses.length} clauses still open)`}`,
        ]),
        el(
          'ul',
          { class: 'package-clauses' },
          p.clauses.map((c) => el('li', { class: c.agreedByAll ? 'is-agreed' : '', text: `${c.point}. ${c.heading}${c.agreedByAll ? ' — agreed by all' : ''}` })),
        ),
        ...(canWrite
          ? [el('button', { class: 'link-button', text: 'Edit package…', attrs: { type: 'button', 'data-testid': 'package-edit' }, on: { click: () => this.editPackage(rows, p) } })]
          : []),
      ]),
    );
    this.packagesSection.replaceChildren(
      el('h3', { class: 'positions-subtitle', text: 'Packages' }),
      el('p', { class: 'positions-note', text: 'A clause in a package counts as agreed only when every clause of the package is agreed by every party.' }),
      ...(items.length > 0 ? [el('ul', { class: 'package-list' }, items)] : [el('p', { class: 'positions-note', text: 'No packages yet.' })]),
      ...(canWrite ? [el('button', { class: 'button button-secondary', text: 'New package…', attrs: { type: 'button', 'data-testid': 'package-new' }, on: { click: () => this.editPackage(rows, null) } })] : []),
    );
  }

  private editPackage(rows: readonly PositionRow[], existing: PackageStatus | null): void {
    const bound = this.bound;
    const identity = this.ctx.identity.get();
    if (!bound || !identity) return;
    const dialog = openDialog(existing ? `Package “${existing.name}”` : 'New package', {
      lead: 'Clauses that stand or fall together: none of them counts as agreed until all of them are agreed by every party.',
      className: 'dialog-position',
    });
    const name = el('input', { class: 'text-field', attrs: { type: 'text', spellcheck: 'false', placeholder: 'Territory and guarantees', 'data-testid': 'package-name' } });
    name.value = existing?.name ?? '';
    const chosen = new Set(existing?.clauses.map((c) => c.clauseId) ?? []);
    const boxes = rows.map((row) => {
      const box = el('input', { attrs: { type: 'checkbox', value: row.clauseId, 'data-testid': `package-clause-${row.point}` } });
      box.checked = chosen.has(row.clauseId);
      return el('label', { class: 'bracket-choice' }, [box, `${row.point}. ${row.heading}`]);
    });
    const error = el('p', { class: 'dialog-error', attrs: { role: 'alert' } });
    error.hidden = true;
    dialog.body.append(el('div', { class: 'dialog-form' }, [el('label', { class: 'field-label' }, ['Name', name]), el('div', { class: 'package-choices' }, boxes), error]));
    const save = dialogButton(
      'Save package',
      () => {
        const clauseIds = [...dialog.root.querySelectorAll<HTMLInputElement>('.package-choices input:checked')].map((b) => b.value);
        try {
          writePackage(bound.doc.ydoc, identity, { ...(existing ? { id: existing.id } : {}), name: name.value, clauseIds });
          dialog.close();
        } catch (failure) {
          if (!(failure instanceof DraftroomError)) throw failure;
          error.textContent = failure.message;
          error.hidden = false;
        }
      },
      'primary',
    );
    save.setAttribute('data-testid', 'package-save');
    dialog.footer.append(dialogButton('Cancel', dialog.close), save);
    name.focus();
  }

  private renderCell(row: PositionRow, cell: PositionCell, party: Party, identity: Identity | null): HTMLElement {
    const label = cell.stance === null ? 'No position' : `${STANCE_LABELS[cell.stance]}${cell.stale ? ' (stale: the text changed since)' : ''}`;
    const details = cell.stance === null ? '' : `${cell.note ? ` — ${cell.note}` : ''} — recorded by ${cell.recordedBy ?? '?'}, ${cell.recordedAt?.slice(0, 16).replace('T', ' ') ?? ''}`;
    const mine = identity !== null && identity.member.role !== 'observer' && identity.party.id === party.id;
    const content = el('span', { class: `stance-chip ${cell.stance ? `stance-${cell.stance}` : 'stance-none'}${cell.stale ? ' is-stale' : ''}`, text: cell.stance ? STANCE_MARKS[cell.stance] : '—' });
    const title = `${party.name}: ${label}${details}`;
    const attrs = { 'data-party': party.id, 'data-testid': 'position-cell', 'data-stance': cell.stance ?? '', 'data-stale': String(cell.stale), 'aria-label': title };
    if (!mine) return el('td', { title, attrs }, [content]);
    return el('td', { attrs: { 'data-party': party.id } }, [
      el('button', { class: 'position-button', title: `${title} — click to record ${party.name}’s position`, attrs: { ...attrs, type: 'button' }, on: { click: () => this.record(row, cell) } }, [content]),
    ]);
  }

  private record(row: PositionRow, cell: PositionCell): void {
    const bound = this.bound;
    const identity = this.ctx.identity.get();
    if (!bound || !identity) return;
    const dialog = openDialog(`${identity.party.name}’s position on Point ${row.point}`, { lead: row.heading, className: 'dialog-position' });
    const name = `stance-${Math.random().toString(36).slice(2)}`;
    const radios = STANCES.map((stance) => {
      const radio = el('input', { attrs: { type: 'radio', name, value: stance, 'data-testid': `stance-${stance}` } });
      radio.checked = cell.stance === stance || (cell.stance === null && stance === 'agreed');
      return el('label', { class: 'bracket-choice' }, [radio, el('span', { class: `stance-chip stance-${stance}`, text: STANCE_MARKS[stance] }), ` ${STANCE_LABELS[stance]}`]);
    });
    const note = el('textarea', { class: 'text-field bracket-textarea', attrs: { rows: '3', placeholder: 'Note (optional)', spellcheck: 'false', 'data-testid': 'position-note' } });
    note.value = cell.note;
    const error = el('p', { class: 'dialog-error', attrs: { role: 'alert' } });
    error.hidden = true;
    dialog.body.append(el('div', { class: 'dialog-form' }, [...radios, el('label', { class: 'field-label' }, ['Note', note]), error]));
    const save = dialogButton(
      'Record',
      () => {
        const chosen = dialog.root.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
        try {
          recordPosition(bound.doc.ydoc, bound.doc.view.state.doc, identity, { clauseId: row.clauseId, stance: (chosen?.value ?? 'agreed') as Stance, note: note.value });
          dialog.close();
        } catch (failure) {
          if (!(failure instanceof DraftroomError)) throw failure;
          error.textContent = failure.message;
          error.hidden = false;
        }
      },
      'primary',
    );
    save.setAttribute('data-testid', 'position-save');
    dialog.footer.append(dialogButton('Cancel', dialog.close), save);
    save.focus();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.whenShown.dispose();
    this.bound?.stop();
    for (const stop of this.stops) stop();
  }
}
