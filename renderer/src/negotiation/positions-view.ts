import { DraftroomError } from '../../../shared/api/errors';
import type { Identity, Party } from '../../../shared/domain/types';
import { filterPositions, positionMatrix, type PositionCell, type PositionFilter, type PositionRow } from '../../../shared/negotiation/position-matrix';
import { STANCE_LABELS, STANCES, type Stance } from '../../../shared/negotiation/position-schema';
import { positionsMap, readPositions, recordPosition } from '../../../shared/negotiation/positions';
import { el } from '../base/dom';
import type { PanelContext, PanelDocument, PanelView } from '../panel/panel-context';
import { watchDocument } from '../panel/watch-document';
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

/** Short marks for the cells (with the full label for screen readers and on hover). */
const STANCE_MARKS: Readonly<Record<Stance, string>> = { agreed: '✓', 'can-accept': '≈', reserves: 'R', rejects: '✗' };

class PositionsPanel implements PanelView {
  readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly filterSelect: HTMLSelectElement;
  private readonly table: HTMLTableElement;
  private readonly stops: (() => void)[] = [];
  private bound: { readonly doc: PanelDocument; readonly stop: () => void } | null = null;
  private frame = 0;
  private filterSignature = '';

  constructor(private readonly ctx: PanelContext) {
    this.summary = el('p', { class: 'positions-summary', attrs: { 'data-testid': 'positions-summary', 'aria-live': 'polite' } });
    this.filterSelect = el('select', { class: 'text-field positions-filter', attrs: { 'data-testid': 'positions-filter', 'aria-label': 'Show clauses' }, on: { change: () => this.render() } });
    this.table = el('table', { class: 'positions-matrix', attrs: { 'data-testid': 'positions-matrix' } });
    this.element = el('section', { class: 'positions-view', attrs: { 'aria-label': 'Positions' } }, [
      el('header', { class: 'positions-head' }, [this.summary, this.filterSelect, this.legend()]),
      el('div', { class: 'positions-scroll' }, [this.table]),
    ]);
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
      this.bound = {
        doc,
        stop: () => {
          stopDoc();
          positionsMap(doc.ydoc).unobserveDeep(onPositions);
        },
      };
    }
    this.render();
  }

  private schedule(): void {
    if (this.frame !== 0) return;
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
    const rows = filterPositions(all, this.filter());
    const agreed = all.filter((r) => r.agreedByAll).length;
    const stale = all.reduce((n, r) => n + r.cells.filter((c) => c.stale).length, 0);
    this.summary.textContent = `${agreed} of ${all.length} clauses agreed by all · ${stale} stale position${stale === 1 ? '' : 's'}`;
    const identity = this.ctx.identity.get();
    const head = el('tr', {}, [
      el('th', { text: 'Point', attrs: { scope: 'col' } }),
      ...parties.map((p) => el('th', { text: p.code, title: p.name, attrs: { scope: 'col', 'data-party': p.id, class: 'positions-party' } })),
    ]);
    const body = rows.map((row) =>
      el('tr', { attrs: { 'data-clause-id': row.clauseId, 'data-testid': 'positions-row', ...(row.agreedByAll ? { class: 'is-agreed-by-all' } : {}) } }, [
        el('th', { attrs: { scope: 'row' } }, [
          el('button', {
            class: 'positions-point',
            text: `${row.point}. ${row.heading}`,
            attrs: { type: 'button' },
            on: { click: () => this.ctx.jumpToClause(row.clauseId) },
          }),
        ]),
        ...row.cells.map((cell, i) => this.renderCell(row, cell, parties[i]!, identity)),
      ]),
    );
    this.table.replaceChildren(el('thead', {}, [head]), el('tbody', {}, body.length > 0 ? body : [el('tr', {}, [el('td', { text: 'No clause matches.', attrs: { colspan: String(parties.length + 1) } })])]));
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
    this.bound?.stop();
    for (const stop of this.stops) stop();
  }
}
