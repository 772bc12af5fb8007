import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord } from '../../../shared/domain/types';
import { summarizeClause } from '../../../shared/editing/clause-summary';
import { clauseIdOf } from '../../../shared/editing/clause-position';
import { el } from '../base/dom';

/** What the outline asks the editor to do. */
export interface OutlineActions {
  /** Scroll to the clause and put the cursor in it. */
  jump(clauseId: string): void;
  /** Move the clause to a 0-based index of the resulting order. */
  move(clauseId: string, toIndex: number): void;
}

const DRAG_TYPE = 'application/x-draftroom-clause';

interface Row {
  readonly item: HTMLDivElement;
  readonly num: HTMLSpanElement;
  readonly text: HTMLSpanElement;
  readonly marks: HTMLSpanElement;
  readonly pkg: HTMLSpanElement;
  node: PMNode | null;
  marksKey: string;
  packageKey: string;
}

/** A clause's packages as the outline marks them (`Outline.setPackages`). */
export interface OutlinePackages {
  readonly names: readonly string[];
  /** Every package it is in is agreed (every clause agreed by every party). */
  readonly agreed: boolean;
}

/** What the outline shows of a clause's open changes. */
interface ClauseChanges {
  /** Parties with open changes in the clause, in order of appearance. */
  readonly parties: string[];
  /** The number the clause had before a proposed move. */
  was?: number;
}

/** Open changes per clause id: which parties, and the "was" number of a proposed move (the earliest). */
function changesByClause(records: readonly ChangeRecord[]): Map<string, ClauseChanges> {
  const out = new Map<string, ClauseChanges>();
  const firstMove = new Map<string, string>();
  for (const record of records) {
    if (record.status !== 'proposed') continue;
    for (const clauseId of record.clauseIds) {
      let entry = out.get(clauseId);
      if (!entry) out.set(clauseId, (entry = { parties: [] }));
      if (!entry.parties.includes(record.partyId)) entry.parties.push(record.partyId);
      if (record.kind === 'moved' && record.movedFrom !== undefined) {
        const earlier = firstMove.get(clauseId);
        if (earlier === undefined || record.createdAt < earlier) {
          firstMove.set(clauseId, record.createdAt);
          entry.was = record.movedFrom;
        }
      }
    }
  }
  return out;
}

/**
 * Rows per group of the outline's list. Each group is skipped by layout and
 * paint while it is away from the visible part of the list
 * (`content-visibility: auto`, shell.css): a 300-clause outline otherwise
 * costs every frame of every keystroke about a millisecond of paint,
 * although none of it changed. Groups rather than rows, so that the
 * browser's per-frame visibility check has a dozen targets, not 300.
 */
const OUTLINE_GROUP_ROWS = 25;

/** What the outline's foot says to someone who may reorder clauses. */
const REORDER_HINT = 'Drag to reorder · Alt+↑/↓ moves the focused clause';

/**
 * The outline sidebar: "1. First words of the clause…" per clause. Click or
 * Enter jumps to a clause; drag a row (or Alt+↑/↓ on a focused row) to move
 * the clause. Rows are reused and only clauses whose node changed are
 * summarised again.
 */
export class Outline {
  /** The sidebar element to mount. */
  readonly element: HTMLElement;
  private readonly list: HTMLDivElement;
  /** Groups of `OUTLINE_GROUP_ROWS` rows, in order (the last may hold fewer). */
  private readonly groups: HTMLDivElement[] = [];
  private rows: Row[] = [];
  private dragFrom = -1;
  private dropGap = -1;
  private activeIndex = -1;
  /** Clause whose row takes keyboard focus after the next update (a keyboard move). */
  private focusAfterUpdate: string | null = null;
  private readOnly = false;
  private readonly hint: HTMLElement;

  constructor(private readonly actions: OutlineActions) {
    this.list = el('div', { class: 'outline-list', attrs: { role: 'listbox', 'aria-label': 'Clauses' } });
    this.hint = el('p', { class: 'outline-hint', text: REORDER_HINT });
    this.element = el('nav', { class: 'outline', attrs: { 'aria-label': 'Outline' } }, [el('h2', { class: 'pane-title', text: 'Outline' }), this.list, this.hint]);
    this.list.addEventListener('dragover', (event) => this.onDragOver(event));
    this.list.addEventListener('dragleave', (event) => {
      if (!this.list.contains(event.relatedTarget as Node | null)) this.showGap(-1);
    });
    this.list.addEventListener('drop', (event) => this.onDrop(event));
  }

  /** Read-only (an observer, or nobody chosen yet): rows jump to their clause but cannot be dragged or moved. */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
    this.hint.textContent = readOnly ? 'Click a clause to go to it' : REORDER_HINT;
    for (const row of this.rows) row.item.draggable = !readOnly;
  }

  /**
   * Brings the rows in line with the document; `activeIndex` is the clause
   * holding the cursor. With the change records, a row shows a dot per party
   * with open changes in the clause and "was 12" for a proposed move.
   */
  update(doc: PMNode, activeIndex: number, records: readonly ChangeRecord[] = []): void {
    const changes = changesByClause(records);
    let index = 0;
    doc.forEach((clause) => {
      const row = this.rows[index] ?? this.addRow();
      if (row.node !== clause) {
        const summary = summarizeClause(clause);
        row.text.textContent = summary.firstWords || 'Empty clause';
        row.text.classList.toggle('is-empty', summary.firstWords === '');
        row.item.dataset['clauseId'] = clauseIdOf(clause);
        row.item.classList.toggle('is-pending-removal', clause.marks.some((m) => m.type.name === 'deletion'));
        row.item.classList.toggle('is-pending-addition', clause.marks.some((m) => m.type.name === 'insertion'));
        row.item.title = summary.heading || summary.firstWords;
        row.node = clause;
      }
      const number = `${index + 1}.`;
      if (row.num.textContent !== number) row.num.textContent = number;
      this.showChanges(row, changes.get(clauseIdOf(clause)), index + 1);
      index++;
    });
    this.removeRowsFrom(index);
    this.setActive(activeIndex);
    if (this.focusAfterUpdate !== null) {
      this.focusClause(this.focusAfterUpdate);
      this.focusAfterUpdate = null;
    }
  }

  /**
   * Marks the rows of clauses that belong to a package ("nothing is agreed
   * until everything is agreed"): a small tag naming the packages, dimmed
   * while a package is not agreed.
   */
  setPackages(byClause: ReadonlyMap<string, OutlinePackages>): void {
    for (const row of this.rows) {
      const packages = byClause.get(row.item.dataset['clauseId'] ?? '');
      const key = packages ? `${packages.names.join('|')}:${packages.agreed}` : '';
      if (key === row.packageKey) continue;
      row.packageKey = key;
      row.pkg.hidden = !packages;
      row.pkg.textContent = packages ? 'pkg' : '';
      row.pkg.title = packages ? `In package: ${packages.names.join(', ')} — ${packages.agreed ? 'agreed' : 'not agreed yet: counts as agreed only when every clause of it is'}` : '';
      row.pkg.classList.toggle('is-agreed', packages?.agreed ?? false);
    }
  }

  /** Empties the outline (no document open). */
  clear(): void {
    this.removeRowsFrom(0);
    this.activeIndex = -1;
  }

  /** Puts keyboard focus on the row of a clause (after a keyboard move). */
  focusClause(clauseId: string): void {
    this.rows.find((r) => r.item.dataset['clauseId'] === clauseId)?.item.focus();
  }

  private setActive(index: number): void {
    if (index === this.activeIndex && this.rows[index]?.item.classList.contains('is-active')) return;
    this.rows[this.activeIndex]?.item.classList.remove('is-active');
    this.rows[this.activeIndex]?.item.setAttribute('aria-selected', 'false');
    this.activeIndex = index;
    const row = this.rows[index];
    if (!row) return;
    row.item.classList.add('is-active');
    row.item.setAttribute('aria-selected', 'true');
  }

  private showChanges(row: Row, changes: ClauseChanges | undefined, number: number): void {
    const was = changes?.was !== undefined && changes.was !== number ? changes.was : undefined;
    const key = `${changes?.parties.join(',') ?? ''}|${was ?? ''}`;
    if (key === row.marksKey) return;
    row.marksKey = key;
    const children: HTMLElement[] = [];
    if (was !== undefined) children.push(el('span', { class: 'outline-was', text: `was ${was}`, title: `Point ${number} (was ${was})` }));
    for (const partyId of changes?.parties ?? []) {
      children.push(el('span', { class: 'party-dot outline-party', attrs: { 'data-party': partyId, 'aria-hidden': 'true' } }));
    }
    row.marks.replaceChildren(...children);
    row.item.classList.toggle('has-changes', children.length > 0);
  }

  private addRow(): Row {
    const num = el('span', { class: 'outline-num' });
    const text = el('span', { class: 'outline-text' });
    const marks = el('span', { class: 'outline-marks' });
    const pkg = el('span', { class: 'outline-package', attrs: { 'data-testid': 'outline-package' } });
    pkg.hidden = true;
    const item = el('div', { class: 'outline-item', attrs: { draggable: String(!this.readOnly), tabindex: '0', role: 'option' } }, [num, text, pkg, marks]);
    const row: Row = { item, num, text, marks, pkg, node: null, marksKey: '', packageKey: '' };
    item.addEventListener('click', () => this.actions.jump(item.dataset['clauseId'] ?? ''));
    item.addEventListener('keydown', (event) => this.onKey(event, row));
    item.addEventListener('dragstart', (event) => {
      this.dragFrom = this.rows.indexOf(row);
      event.dataTransfer?.setData(DRAG_TYPE, item.dataset['clauseId'] ?? '');
      event.dataTransfer?.setData('text/plain', row.text.textContent ?? '');
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      item.classList.add('is-dragging');
    });
    item.addEventListener('dragend', () => {
      item.classList.remove('is-dragging');
      this.dragFrom = -1;
      this.showGap(-1);
    });
    const groupIndex = Math.floor(this.rows.length / OUTLINE_GROUP_ROWS);
    let group = this.groups[groupIndex];
    if (!group) {
      group = el('div', { class: 'outline-group', attrs: { role: 'none' } });
      this.groups.push(group);
      this.list.append(group);
    }
    this.rows.push(row);
    group.append(item);
    return row;
  }

  /** Removes the rows from `index` on (rows are only ever added and removed at the end), and the groups left empty. */
  private removeRowsFrom(index: number): void {
    for (const row of this.rows.splice(index)) row.item.remove();
    for (const group of this.groups.splice(Math.ceil(this.rows.length / OUTLINE_GROUP_ROWS))) group.remove();
  }

  private onKey(event: KeyboardEvent, row: Row): void {
    const index = this.rows.indexOf(row);
    const id = row.item.dataset['clauseId'] ?? '';
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      if (this.readOnly) return;
      const to = index + (event.key === 'ArrowUp' ? -1 : 1);
      if (to >= 0 && to < this.rows.length) {
        this.focusAfterUpdate = id;
        this.actions.move(id, to);
      }
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      this.rows[index + (event.key === 'ArrowUp' ? -1 : 1)]?.item.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.actions.jump(id);
    }
  }

  /** The gap (0..rows) the pointer is over: before the row under it, or after it past its middle. */
  private gapAt(event: DragEvent): number {
    const target = (event.target as Element | null)?.closest('.outline-item');
    const index = this.rows.findIndex((r) => r.item === target);
    if (index < 0) return this.rows.length;
    const box = this.rows[index]!.item.getBoundingClientRect();
    return event.clientY > box.top + box.height / 2 ? index + 1 : index;
  }

  private onDragOver(event: DragEvent): void {
    if (this.dragFrom < 0 || !event.dataTransfer?.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    this.showGap(this.gapAt(event));
  }

  private onDrop(event: DragEvent): void {
    const id = event.dataTransfer?.getData(DRAG_TYPE) ?? '';
    if (this.dragFrom < 0 || id === '') return;
    event.preventDefault();
    const gap = this.gapAt(event);
    const to = gap > this.dragFrom ? gap - 1 : gap;
    this.showGap(-1);
    if (to !== this.dragFrom) this.actions.move(id, to);
  }

  private showGap(gap: number): void {
    if (gap === this.dropGap) return;
    this.dropGap = gap;
    this.rows.forEach((row, i) => {
      row.item.classList.toggle('drop-before', i === gap);
      row.item.classList.toggle('drop-after', gap === this.rows.length && i === this.rows.length - 1);
    });
  }
}
