import type { ChangeKind, ChangeStatus, Party } from '../../../shared/domain/types';
import { CHANGE_KINDS, CHANGE_STATUSES } from '../../../shared/domain/types';
import type { ChangeFilter } from '../../../shared/suggest/views';
import { kindLabel, statusLabel } from '../suggest/change-labels';
import { el } from '../base/dom';

/** What the filter bar is set to. */
export interface FilterState {
  /** Parties shown (none chosen: all). */
  readonly partyIds: readonly string[];
  readonly status: ChangeStatus | 'all';
  readonly kind: ChangeKind | 'all';
  /** Clause id, or '' for every clause. */
  readonly clauseId: string;
  /** Only proposed changes still without a rationale. */
  readonly missingRationale: boolean;
}

/** Nothing filtered. */
export const NO_FILTER: FilterState = { partyIds: [], status: 'all', kind: 'all', clauseId: '', missingRationale: false };

/** The engine's filter for a filter bar state. */
export function toChangeFilter(state: FilterState): ChangeFilter {
  return {
    partyIds: state.partyIds,
    ...(state.status !== 'all' ? { statuses: [state.status] } : {}),
    ...(state.kind !== 'all' ? { kinds: [state.kind] } : {}),
    ...(state.clauseId !== '' ? { clauseIds: [state.clauseId] } : {}),
    missingRationale: state.missingRationale,
  };
}

/** True when the state filters anything out. */
export function isFiltering(state: FilterState): boolean {
  return state.partyIds.length > 0 || state.status !== 'all' || state.kind !== 'all' || state.clauseId !== '' || state.missingRationale;
}

function select<T extends string>(label: string, testId: string, options: readonly (readonly [T, string])[], onChange: (value: T) => void): HTMLSelectElement {
  const element = el('select', { class: 'filter-select', attrs: { 'aria-label': label, 'data-testid': testId } });
  for (const [value, text] of options) element.append(el('option', { text, attrs: { value } }));
  element.addEventListener('change', () => onChange(element.value as T));
  return element;
}

/**
 * The changes panel's filter bar: one chip per party (with its count of
 * open changes; several may be chosen), status, kind and clause menus, and
 * a "Rationale missing" toggle.
 */
export class ChangeFilters {
  /** The bar element. */
  readonly element: HTMLElement;
  private current: FilterState = NO_FILTER;
  private readonly partyRow: HTMLElement;
  private readonly chips = new Map<string, { button: HTMLButtonElement; count: HTMLElement }>();
  private partyKey = '';
  private readonly status: HTMLSelectElement;
  private readonly kind: HTMLSelectElement;
  private readonly clause: HTMLSelectElement;
  private clauseKey = '';
  private readonly missing: HTMLButtonElement;
  private readonly clear: HTMLButtonElement;

  constructor(private readonly onChange: (state: FilterState) => void) {
    this.partyRow = el('div', { class: 'filter-parties', attrs: { role: 'group', 'aria-label': 'Filter by party' } });
    this.status = select<FilterState['status']>(
      'Filter by status',
      'filter-status',
      [['all', 'All statuses'], ...CHANGE_STATUSES.map((s) => [s, statusLabel(s)] as const)],
      (status) => this.set({ status }),
    );
    this.kind = select<FilterState['kind']>(
      'Filter by kind',
      'filter-kind',
      [['all', 'All kinds'], ...CHANGE_KINDS.map((k) => [k, kindLabel(k)] as const)],
      (kind) => this.set({ kind }),
    );
    this.clause = select<string>('Filter by clause', 'filter-clause', [['', 'All clauses']], (clauseId) => this.set({ clauseId }));
    this.missing = el('button', {
      class: 'filter-toggle',
      attrs: { type: 'button', 'aria-pressed': 'false', 'data-testid': 'filter-missing-rationale' },
      title: 'Only proposed changes without a rationale',
      on: { click: () => this.set({ missingRationale: !this.current.missingRationale }) },
    }, [el('span', { class: 'flag-icon', attrs: { 'aria-hidden': 'true' } }), 'Rationale missing']);
    this.clear = el('button', { class: 'link-button filter-clear', text: 'Clear filters', attrs: { type: 'button' }, on: { click: () => this.reset() } });
    this.element = el('div', { class: 'change-filters' }, [
      this.partyRow,
      el('div', { class: 'filter-row' }, [this.status, this.kind, this.clause]),
      el('div', { class: 'filter-row' }, [this.missing, el('span', { class: 'filter-spacer' }), this.clear]),
    ]);
    this.sync();
  }

  /** The filters as set. */
  get state(): FilterState {
    return this.current;
  }

  /** Clears every filter. */
  reset(): void {
    this.current = NO_FILTER;
    this.sync();
    this.onChange(this.current);
  }

  /** Shows one chip per party with its number of open changes. */
  setParties(parties: readonly Party[], openCounts: ReadonlyMap<string, number>): void {
    const key = parties.map((p) => `${p.id}:${p.code}`).join('|');
    if (key !== this.partyKey) {
      this.partyKey = key;
      this.chips.clear();
      this.partyRow.replaceChildren(
        ...parties.map((party) => {
          const count = el('span', { class: 'party-filter-count' });
          const button = el(
            'button',
            {
              class: 'party-filter',
              title: `Show only changes by ${party.name}`,
              attrs: { type: 'button', 'data-party': party.id, 'aria-pressed': 'false', 'aria-label': `${party.name}` },
              on: { click: () => this.toggleParty(party.id) },
            },
            [el('span', { class: 'party-dot', attrs: { 'aria-hidden': 'true', 'data-party': party.id } }), el('span', { class: 'party-filter-code', text: party.code }), count],
          );
          this.chips.set(party.id, { button, count });
          return button;
        }),
      );
      const known = new Set(parties.map((p) => p.id));
      if (this.current.partyIds.some((id) => !known.has(id))) this.current = { ...this.current, partyIds: this.current.partyIds.filter((id) => known.has(id)) };
      this.sync();
    }
    for (const [id, chip] of this.chips) {
      const n = openCounts.get(id) ?? 0;
      const text = n > 0 ? String(n) : '';
      if (chip.count.textContent !== text) chip.count.textContent = text;
    }
  }

  /** The clause menu's entries ("Point 5 — Neutrality pledges"). */
  setClauses(options: readonly { readonly id: string; readonly label: string }[]): void {
    const key = options.map((o) => `${o.id}\u0000${o.label}`).join('\u0001');
    if (key === this.clauseKey) return;
    this.clauseKey = key;
    this.clause.replaceChildren(
      el('option', { text: 'All clauses', attrs: { value: '' } }),
      ...options.map((o) => el('option', { text: o.label, attrs: { value: o.id } })),
    );
    if (this.current.clauseId !== '' && !options.some((o) => o.id === this.current.clauseId)) this.current = { ...this.current, clauseId: '' };
    this.clause.value = this.current.clauseId;
  }

  private toggleParty(partyId: string): void {
    const on = this.current.partyIds.includes(partyId);
    this.set({ partyIds: on ? this.current.partyIds.filter((id) => id !== partyId) : [...this.current.partyIds, partyId] });
  }

  private set(patch: Partial<FilterState>): void {
    this.current = { ...this.current, ...patch };
    this.sync();
    this.onChange(this.current);
  }

  private sync(): void {
    for (const [id, chip] of this.chips) chip.button.setAttribute('aria-pressed', String(this.current.partyIds.includes(id)));
    this.status.value = this.current.status;
    this.kind.value = this.current.kind;
    this.clause.value = this.current.clauseId;
    this.missing.setAttribute('aria-pressed', String(this.current.missingRationale));
    this.clear.hidden = !isFiltering(this.current);
  }
}
