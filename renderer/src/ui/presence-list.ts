import type { Node as PMNode } from 'prosemirror-model';
import { clauseIdOf } from '../../../shared/editing/clause-position';
import { presenceRows, type PresenceRow } from '../../../shared/presence/presence-rows';
import type { DocumentPresence } from '../presence/document-presence';
import { el } from '../base/dom';
import { roleLabel } from './identity-picker';

/** What the list shows: a document's presence and its current content (for "Point N"). */
export interface PresenceSource {
  readonly presence: DocumentPresence;
  /** The document as the editor shows it now. */
  doc(): PMNode;
  /** The member this window acts as, or null. */
  ownMemberId(): string | null;
}

/**
 * Who else is in the open document, in the title bar: one chip per member
 * with their party's colour, name and the clause they are in ("Point 3");
 * observers too (reading is presence). Clicking a chip goes to that clause.
 * Hidden when nobody else is here.
 */
export class PresenceList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private source: PresenceSource | null = null;
  private stopWatching: (() => void) | null = null;
  private shown = '';

  /** `jump` puts the cursor in a clause (the outline's action). */
  constructor(private readonly jump: (clauseId: string) => void) {
    this.list = el('ul', { class: 'presence-list' });
    this.element = el('div', { class: 'presence', attrs: { 'data-testid': 'presence', role: 'group', 'aria-label': 'Who else is in this document' } }, [
      el('span', { class: 'presence-heading', text: 'Here:' }),
      this.list,
    ]);
    this.element.hidden = true;
  }

  /** Shows the presence of another document (null: none open). */
  attach(source: PresenceSource | null): void {
    this.stopWatching?.();
    this.stopWatching = null;
    this.source = source;
    if (source !== null) this.stopWatching = source.presence.onChange(() => this.refresh());
    this.refresh();
  }

  /** Redraws the list if anything in it changed (people, or the numbers of their clauses). */
  refresh(): void {
    const source = this.source;
    const rows = source === null ? [] : this.rows(source);
    const key = JSON.stringify(rows);
    if (key === this.shown) return;
    this.shown = key;
    this.list.replaceChildren(...rows.map((row) => this.chip(row)));
    this.element.hidden = rows.length === 0;
  }

  private rows(source: PresenceSource): PresenceRow[] {
    const { awareness } = source.presence;
    let numbers: Map<string, number> | null = null;
    return presenceRows(awareness.getStates(), {
      ownClientId: awareness.clientID,
      ownMemberId: source.ownMemberId(),
      clauseNumber: (clauseId) => {
        if (numbers === null) {
          const found = new Map<string, number>();
          source.doc().forEach((clause, _offset, index) => found.set(clauseIdOf(clause), index + 1));
          numbers = found;
        }
        return numbers.get(clauseId) ?? null;
      },
    });
  }

  private chip(row: PresenceRow): HTMLElement {
    const where = row.clauseNumber === null ? '' : `Point ${row.clauseNumber}`;
    const name = row.self ? `${row.name} (you, another window)` : row.name;
    const { clauseId } = row;
    const content = [
      el('span', { class: 'party-dot', attrs: { 'aria-hidden': 'true', 'data-party': row.partyId } }),
      el('span', { class: 'presence-name', text: name }),
      ...(where === '' ? [] : [el('span', { class: 'presence-where', text: where })]),
    ];
    const title = [name, `${row.partyCode || row.partyId} · ${roleLabel(row.role)}`, where === '' ? 'in the document' : `in ${where} (click to go there)`].join(' — ');
    const body =
      clauseId === null
        ? el('span', { class: 'presence-chip' }, content)
        : el('button', { class: 'presence-chip', attrs: { type: 'button' }, on: { click: () => this.jump(clauseId) } }, content);
    const item = el('li', { class: 'presence-person', title, attrs: { 'data-member-id': row.memberId, 'data-party': row.partyId, 'data-role': row.role } }, [body]);
    // The party's colour even for a party this workspace copy does not know yet (from a team server).
    item.style.setProperty('--party-colour', row.colour);
    return item;
  }
}
