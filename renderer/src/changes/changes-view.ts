import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord, Identity } from '../../../shared/domain/types';
import { summarizeClause } from '../../../shared/editing/clause-summary';
import { mayDecide } from '../../../shared/suggest/decide';
import type { Decision } from '../../../shared/suggest/meta';
import { ChangeSummaryMemo, type ChangeSummary } from '../../../shared/suggest/change-summaries';
import { clauseLabels, filterChanges } from '../../../shared/suggest/views';
import { observeChangeRecords, setRationale } from '../../../shared/suggest/ydoc-binding';
import type { PanelContext, PanelDocument, PanelView } from '../panel/panel-context';
import { changeIdsAtSelection } from '../suggest/changes-at-cursor';
import { el } from '../base/dom';
import { describeError } from '../ui/error-messages';
import type { HintAction } from '../ui/hint';
import { BulkBar } from './bulk-bar';
import { ChangeCard, type CardActions, type CardModel } from './change-card';
import { ChangeFilters, isFiltering, toChangeFilter } from './change-filters';
import { adjacentChange, revealLocation } from './change-navigation';
import { decideChanges, proposedCount, withdrawOwnChange } from './decisions';
import { changeClauseLabel } from './format';
import { RationalePrompt } from './rationale-prompt';
import { WhenShown } from '../panel/when-shown';

/** What the changes view needs from the app besides the panel context. */
export interface ChangesViewOptions {
  /** The side panel: is it showing this view, and show it. */
  readonly panel: { visible(): boolean; show(): void };
  /** A short message above the status bar. */
  readonly hint: (message: string, action?: HintAction) => void;
  /** Opens the comments on a change (null: no comments view). */
  readonly comment: ((changeId: string) => void) | null;
  /** Opens a clause's history (null: no history view). */
  readonly history: ((clauseId: string) => void) | null;
  /** Told the number of open (proposed) changes whenever it changes. */
  readonly onOpenCount: (count: number) => void;
}

/** The changes panel. */
export interface ChangesView extends PanelView {
  /** The editor changed (document or selection); call at most once per frame. */
  refresh(): void;
  /** Moves the cursor to the next (1) or previous (-1) proposed change. */
  step(direction: 1 | -1): void;
  /** Opens the rationale field of the change at the cursor (or the member's latest change lacking one). */
  focusRationale(): boolean;
  /** True when the open document has change records. */
  hasRecords(): boolean;
}

/** How long the document must stay unchanged (a typing pause) before the cards follow it. */
const TYPING_RENDER_DELAY_MS = 150;
/**
 * The longest the cards wait for a pause while typing goes on. A render of the list (≈ 5 ms of script and a
 * frame that repaints the list) landing among the keystrokes was what made one keystroke in ten slow with
 * the panel open (issue 12, item 7): the app's refresh comes once a second during a burst, and each used
 * to render the cards 150 ms later, mid-burst.
 */
const TYPING_RENDER_MAX_WAIT_MS = 4000;

/** The User Timing mark each render of the cards leaves (a PerformanceObserver sees every one). */
const CHANGES_RENDER_MARK = 'draftroom:changes-render';

/** Creates the changes panel for the app's panel context. */
export function createChangesView(ctx: PanelContext, options: ChangesViewOptions): ChangesView {
  return new ChangesPanelView(ctx, options);
}

class ChangesPanelView implements ChangesView {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly top: HTMLElement;
  private readonly decidedLabel: HTMLLIElement;
  private readonly counts: HTMLElement;
  private readonly filters: ChangeFilters;
  private readonly bulk: BulkBar;
  private readonly empty: HTMLElement;
  private readonly cards = new Map<string, ChangeCard>();
  private readonly stops: (() => void)[] = [];
  private document: PanelDocument | null = null;
  private records: ChangeRecord[] = [];
  private stopRecords: (() => void) | null = null;
  private renderedDoc: PMNode | null = null;
  private renderTimer = 0;
  private renderFrame = 0;
  /** When the current wait for a typing pause began (performance.now()), or null. */
  private waitingSince: number | null = null;
  private activeKey = '';
  private activeIds: string[] = [];
  /** The cursor moved onto a change whose card was not drawn yet: scroll to it once it is. */
  private scrollPending = false;
  private openCount = -1;
  /** The open and decided counts the head shows. */
  private countsKey = '';
  private readonly prompt: RationalePrompt;
  /** A card kept visible whatever the filters (the one asking for a rationale). */
  private pinned: string | null = null;
  private readonly cardActions: CardActions;
  /**
   * Cards decided here a moment ago, kept where they were (after the card
   * that was above them) until the pointer and the keyboard have left the
   * list, so nothing moves under a second click.
   */
  private readonly held = new Map<string, { readonly after: string | null; readonly index: number }>();
  /** A card to give the keyboard to once drawn (its decision button went away). */
  private focusAfterRender: string | null = null;
  /** No cards are drawn while the panel does not show them. */
  private readonly whenShown: WhenShown;
  /** The rows, kept between renders: a keystroke recomputes only its own change's row. */
  private summaries = new ChangeSummaryMemo();
  /** Follows the height of the sticky top (cards scrolled into view stop below it) without a forced layout per render. */
  private readonly topSize: ResizeObserver | null;

  constructor(
    private readonly ctx: PanelContext,
    private readonly options: ChangesViewOptions,
  ) {
    this.counts = el('p', { class: 'changes-counts', attrs: { 'aria-live': 'polite', 'data-testid': 'change-counts' } });
    const navButton = (label: string, title: string, direction: 1 | -1, testId: string): HTMLButtonElement =>
      el('button', {
        class: 'icon-button',
        text: label,
        title,
        attrs: { type: 'button', 'aria-label': title, 'data-testid': testId },
        on: { click: () => this.step(direction) },
      });
    this.filters = new ChangeFilters(() => {
      this.pinned = null;
      this.releaseHeld(true);
      this.render();
    });
    this.bulk = new BulkBar({
      decide: (target, decision) => (this.document && this.decider() ? decideChanges(this.document.view, this.document.ydoc, target, decision) : 0),
      count: (target) => proposedCount(this.records, target),
      hint: (message) => options.hint(message),
    });
    this.prompt = new RationalePrompt((changeId) => this.askForRationale(changeId));
    this.list = el('ol', { class: 'change-list', attrs: { 'aria-label': 'Changes' } });
    this.list.addEventListener('pointerleave', () => this.releaseHeld(false));
    this.list.addEventListener('focusout', (event) => {
      // A focused button that a redraw removes also loses focus: look again once the redraw has placed it.
      if (!this.list.contains(event.relatedTarget as Node | null)) requestAnimationFrame(() => this.releaseHeld(false));
    });
    this.decidedLabel = el('li', { class: 'change-group-label', text: 'Decided', attrs: { 'aria-hidden': 'true' } });
    this.empty = el('p', { class: 'changes-empty' });
    // Counts, navigation, filters and bulk actions stay in view while the cards scroll.
    this.top = el('div', { class: 'changes-top' }, [
      el('div', { class: 'changes-head' }, [
        this.counts,
        el('span', { class: 'changes-head-spacer' }),
        navButton('↑', 'Previous change (Alt+[)', -1, 'previous-change'),
        navButton('↓', 'Next change (Alt+])', 1, 'next-change'),
      ]),
      this.filters.element,
      this.bulk.element,
    ]);
    this.element = el('section', { class: 'changes-view', attrs: { 'data-testid': 'changes-view' } }, [this.top, this.list, this.empty]);
    this.whenShown = new WhenShown(this.element, () => this.render());
    this.topSize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.syncTopHeight()) : null;
    this.topSize?.observe(this.top);

    this.cardActions = {
      jump: (id) => ctx.jumpToChange(id),
      decide: (id, decision) => this.decideOne(id, decision),
      withdraw: (id) => this.withdraw(id),
      saveRationale: (id, text) => this.saveRationale(id, text),
      comment: (id) => options.comment?.(id),
      history: (clauseId) => options.history?.(clauseId),
      leaveRationale: () => this.document?.view.focus(),
    };

    this.stops.push(
      ctx.document.subscribe((doc) => this.attach(doc)),
      ctx.identity.subscribe(() => this.render()),
      ctx.workspace.subscribe(() => this.render()),
    );
    this.attach(ctx.document.get());
  }

  hasRecords(): boolean {
    return this.records.length > 0;
  }

  refresh(): void {
    const doc = this.document;
    if (!doc) return;
    const state = doc.view.state;
    const docChanged = state.doc !== this.renderedDoc;
    if (docChanged) this.scheduleRender(TYPING_RENDER_DELAY_MS);
    const ids = changeIdsAtSelection(state, this.records);
    const key = ids.join(' ');
    if (key !== this.activeKey) {
      this.activeKey = key;
      this.activeIds = ids;
      this.showActive(true);
    }
    this.prompt.follow(this.records, this.activeIds, docChanged);
  }

  step(direction: 1 | -1): void {
    const doc = this.document;
    if (!doc) return;
    const location = adjacentChange(doc.view.state, this.records, direction, this.activeIds);
    if (!location) {
      this.options.hint('There are no open changes in this document.');
      return;
    }
    revealLocation(doc.view, location);
  }

  focusRationale(): boolean {
    const identity = this.ctx.identity.get();
    if (!identity || !this.document) return false;
    const mine = (r: ChangeRecord | undefined): r is ChangeRecord => r !== undefined && r.status === 'proposed' && r.partyId === identity.party.id;
    const byId = new Map(this.records.map((r) => [r.id, r]));
    let target = this.activeIds.map((id) => byId.get(id)).find(mine);
    const pending = this.prompt.pending;
    if (!target && pending !== null) target = [byId.get(pending)].find(mine);
    if (!target) {
      target = this.records
        .filter((r) => mine(r) && r.rationale.trim() === '')
        .sort((a, b) => Number(b.authorId === identity.member.id) - Number(a.authorId === identity.member.id) || b.createdAt.localeCompare(a.createdAt))[0];
    }
    if (!target) {
      this.options.hint(`There is no open change of ${identity.party.name} here to give a rationale for.`);
      return false;
    }
    this.prompt.cancel();
    this.options.panel.show();
    this.pinned = target.id;
    this.render();
    this.syncTopHeight();
    return this.cards.get(target.id)?.focusRationale() ?? false;
  }

  destroy(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.stopRecords?.();
    this.stopRecords = null;
    this.whenShown.dispose();
    this.topSize?.disconnect();
    cancelAnimationFrame(this.renderFrame);
    clearTimeout(this.renderTimer);
    this.prompt.cancel();
    this.element.remove();
  }

  private attach(doc: PanelDocument | null): void {
    if (doc === this.document) return;
    this.stopRecords?.();
    this.stopRecords = null;
    this.document = doc;
    this.records = [];
    this.summaries = new ChangeSummaryMemo();
    this.prompt.reset();
    this.pinned = null;
    this.held.clear();
    this.focusAfterRender = null;
    this.activeKey = '';
    this.activeIds = [];
    for (const card of this.cards.values()) card.element.remove();
    this.cards.clear();
    if (doc) {
      this.stopRecords = observeChangeRecords(doc.ydoc, (records) => {
        this.records = records;
        this.prompt.noticeRecords(records, this.ctx.identity.get()?.member.id ?? null);
        // Typing rewrites the typist's record each keystroke: the cards follow after the typing pause, as for the text.
        this.scheduleRender(doc.view.state.doc !== this.renderedDoc ? TYPING_RENDER_DELAY_MS : 0);
      });
    }
    this.render();
  }

  /** A new change of the member's own still lacks a rationale: its card asks (or a hint, with the panel away). */
  private askForRationale(id: string): void {
    const record = this.records.find((r) => r.id === id);
    if (!record || record.rationale.trim() !== '' || record.status !== 'proposed') return;
    if (!this.options.panel.visible()) {
      this.options.hint('Your change needs a rationale: why does your party propose it?', {
        label: 'Add rationale (Alt+R)',
        run: () => void this.focusRationale(),
      });
      return;
    }
    this.pinned = record.id;
    this.render();
    this.syncTopHeight();
    this.cards.get(record.id)?.prompt();
  }

  private scheduleRender(delay: number): void {
    if (delay === 0) {
      clearTimeout(this.renderTimer);
      this.renderTimer = 0;
      if (this.renderFrame === 0) {
        this.renderFrame = requestAnimationFrame(() => {
          this.renderFrame = 0;
          this.render();
        });
      }
      return;
    }
    this.waitingSince ??= performance.now();
    this.renderAtPause(delay);
  }

  /**
   * Renders once the document has not changed for `delay` ms, or once the wait reaches its longest (also when
   * every keystroke calls `scheduleRender` again, as a suggester's record feed does).
   */
  private renderAtPause(delay: number): void {
    clearTimeout(this.renderTimer);
    const armedDoc = this.document?.view.state.doc;
    const since = this.waitingSince ?? performance.now();
    const left = since + TYPING_RENDER_MAX_WAIT_MS - performance.now();
    this.renderTimer = window.setTimeout(
      () => {
        this.renderTimer = 0;
        const typing = this.document !== null && this.document.view.state.doc !== armedDoc;
        if (typing && performance.now() - since < TYPING_RENDER_MAX_WAIT_MS) {
          this.renderAtPause(delay);
          return;
        }
        this.render();
      },
      Math.max(0, Math.min(delay, left)),
    );
  }

  private render(): void {
    // This render serves any that was waiting.
    this.waitingSince = null;
    clearTimeout(this.renderTimer);
    this.renderTimer = 0;
    cancelAnimationFrame(this.renderFrame);
    this.renderFrame = 0;
    const doc = this.document;
    const identity = this.ctx.identity.get();
    const workspace = this.ctx.workspace.get();
    if (!doc) {
      this.list.replaceChildren();
      this.bulk.render(null, null, []);
      this.counts.textContent = '';
      this.countsKey = '';
      this.empty.hidden = false;
      this.empty.textContent = 'Open a document to see its changes.';
      // The filters name this workspace's parties, with nothing open (not the last document's counts).
      this.filters.setParties(workspace?.parties ?? [], new Map());
      this.filters.setClauses([]);
      this.reportOpen(0);
      return;
    }
    if (this.whenShown.hidden()) {
      // Only the count of open changes shows elsewhere (toolbar, tab): the cards wait until the panel shows.
      this.reportOpen(this.records.filter((r) => r.status === 'proposed').length);
      return;
    }
    // A User Timing mark per render of the cards (in a performance trace; the last one only is kept).
    performance.clearMarks(CHANGES_RENDER_MARK);
    performance.mark(CHANGES_RENDER_MARK);
    const pmDoc = doc.view.state.doc;
    this.renderedDoc = pmDoc;
    const summaries = this.summaries.summaries(pmDoc, this.records, workspace?.parties ?? NONE, workspace?.members ?? NONE);
    const labels = new Map(clauseLabels(pmDoc, this.records).map((l) => [l.clauseId, l]));
    const open = summaries.filter((s) => s.status === 'proposed');
    const openByParty = new Map<string, number>();
    for (const s of open) openByParty.set(s.partyId, (openByParty.get(s.partyId) ?? 0) + 1);
    this.filters.setParties(workspace?.parties ?? [], openByParty);
    this.filters.setClauses(clauseOptions(pmDoc, labels));

    const decided = summaries.length - open.length;
    // A live region: written only when the counts change.
    const countsKey = `${open.length} ${decided}`;
    if (countsKey !== this.countsKey) {
      this.countsKey = countsKey;
      this.counts.replaceChildren(
        el('strong', { text: String(open.length) }),
        ' open',
        el('span', { class: 'changes-counts-sep', text: ' · ' }),
        `${decided} decided`,
      );
    }
    this.reportOpen(open.length);

    const filter = this.filters.state;
    let shown = filterChanges(summaries, toChangeFilter(filter));
    if (this.pinned !== null && !shown.some((s) => s.id === this.pinned)) {
      const pinned = summaries.find((s) => s.id === this.pinned);
      if (pinned) shown = [pinned, ...shown];
    }
    shown = this.placeHeld(shown, summaries);
    const onlyParty = filter.partyIds.length === 1 ? (workspace?.parties.find((p) => p.id === filter.partyIds[0]) ?? null) : null;
    this.bulk.render(identity, onlyParty, open);
    this.renderCards(shown, labels, identity);
    this.showActive(this.scrollPending);

    this.empty.hidden = shown.length > 0;
    if (summaries.length === 0) {
      this.empty.textContent = identity
        ? `No changes yet. What you type is proposed as a change by ${identity.party.name}, with your rationale.`
        : 'No changes yet.';
    } else {
      this.empty.textContent = isFiltering(filter) ? 'No changes match these filters.' : '';
    }
  }

  private renderCards(shown: readonly ChangeSummary[], labels: ReadonlyMap<string, { number: number; label: string }>, identity: Identity | null): void {
    const lead = identity !== null && mayDecide(identity);
    const keep = new Set<string>();
    const desired: HTMLElement[] = [];
    let decidedShown = false;
    for (const summary of shown) {
      keep.add(summary.id);
      const held = this.held.has(summary.id);
      if (summary.status !== 'proposed' && !held && !decidedShown) {
        decidedShown = true;
        if (desired.length > 0) desired.push(this.decidedLabel);
      }
      const proposed = summary.status === 'proposed';
      const firstClause = summary.clauseIds.find((id) => labels.has(id)) ?? null;
      const model: CardModel = {
        summary,
        clauseLabel: changeClauseLabel(summary.clauseIds, labels),
        clauseId: firstClause,
        canDecide: lead && proposed,
        canEditRationale: identity !== null && identity.party.id === summary.partyId && identity.member.role !== 'observer',
        canWithdraw: identity !== null && proposed && summary.live && summary.authorId === identity.member.id,
        canComment: this.options.comment !== null && identity !== null && identity.member.role !== 'observer',
        canShowHistory: this.options.history !== null,
        held,
      };
      let card = this.cards.get(summary.id);
      if (card) card.update(model);
      else {
        card = new ChangeCard(model, this.cardActions);
        this.cards.set(summary.id, card);
      }
      desired.push(card.element);
    }
    for (const [id, card] of this.cards) {
      if (keep.has(id)) continue;
      card.element.remove();
      this.cards.delete(id);
    }
    if (!decidedShown) this.decidedLabel.remove();
    // Move only what is out of place, so a focused rationale field keeps the keyboard.
    desired.forEach((element, index) => {
      if (this.list.children[index] !== element) this.list.insertBefore(element, this.list.children[index] ?? null);
    });
    while (this.list.children.length > desired.length) this.list.lastElementChild!.remove();
    const focus = this.focusAfterRender !== null ? this.cards.get(this.focusAfterRender) : undefined;
    this.focusAfterRender = null;
    const active = document.activeElement;
    if (focus && (active === null || active === document.body || !active.isConnected || focus.element.contains(active))) focus.element.focus({ preventScroll: true });
  }

  /** `shown` with the cards held after a decision put back where they were. */
  private placeHeld(shown: readonly ChangeSummary[], all: readonly ChangeSummary[]): ChangeSummary[] {
    if (this.held.size === 0) return [...shown];
    const out = shown.filter((s) => !this.held.has(s.id));
    for (const [id, place] of this.held) {
      const summary = all.find((s) => s.id === id);
      if (!summary) continue;
      const after = place.after === null ? 0 : out.findIndex((s) => s.id === place.after) + 1;
      out.splice(after > 0 || place.after === null ? after : Math.min(place.index, out.length), 0, summary);
    }
    return out;
  }

  /** Lets decided cards go to the "Decided" group: when asked (`now`), or once neither the pointer nor the keyboard is in the list. */
  private releaseHeld(now: boolean): void {
    if (this.held.size === 0) return;
    if (!now && (this.list.matches(':hover') || this.list.contains(document.activeElement))) return;
    this.held.clear();
    if (!now) this.render();
  }

  private showActive(scroll: boolean): void {
    const active = new Set(this.activeIds);
    let first: ChangeCard | null = null;
    for (const card of this.cards.values()) {
      const on = active.has(card.id);
      card.setActive(on);
      if (on && (!first || this.activeIds.indexOf(card.id) < this.activeIds.indexOf(first.id))) first = card;
    }
    this.scrollPending = scroll && first === null && this.activeIds.length > 0;
    const focusInPanel = this.element.contains(document.activeElement);
    if (scroll && first && this.options.panel.visible() && !focusInPanel) {
      this.syncTopHeight();
      first.element.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Cards scrolled into view stop below the sticky top: its height, for their scroll margin (a layout read). */
  private syncTopHeight(): void {
    if (this.element.isConnected) this.list.style.setProperty('--changes-top-height', `${this.top.offsetHeight + 8}px`);
  }

  private reportOpen(count: number): void {
    if (count === this.openCount) return;
    this.openCount = count;
    this.options.onOpenCount(count);
  }

  private decider(): Identity | null {
    const identity = this.ctx.identity.get();
    if (!identity || !mayDecide(identity)) {
      this.options.hint('Only a lead can accept or reject changes.');
      return null;
    }
    return identity;
  }

  private decideOne(changeId: string, decision: Decision): void {
    const doc = this.document;
    if (!doc || !this.decider()) return;
    const card = this.cards.get(changeId);
    const cards = [...this.list.querySelectorAll<HTMLElement>(':scope > .change-card')];
    const index = card ? cards.indexOf(card.element) : -1;
    const hadFocus = card?.element.contains(document.activeElement) ?? false;
    card?.lockHeight();
    if (decideChanges(doc.view, doc.ydoc, { changeId }, decision) === 0) {
      card?.element.style.removeProperty('min-height');
      this.options.hint('This change has already been decided.');
      return;
    }
    if (card && index >= 0) {
      this.held.set(changeId, { after: index > 0 ? (cards[index - 1]!.dataset['changeId'] ?? null) : null, index });
      if (hadFocus) this.focusAfterRender = changeId;
    }
  }

  private withdraw(changeId: string): void {
    const doc = this.document;
    const identity = this.ctx.identity.get();
    if (!doc || !identity) return;
    const refusal = withdrawOwnChange(doc.view, doc.ydoc, changeId, identity);
    if (refusal !== null) this.options.hint(refusal);
  }

  private saveRationale(changeId: string, text: string): boolean {
    const doc = this.document;
    const identity = this.ctx.identity.get();
    if (!doc || !identity) return false;
    try {
      setRationale(doc.ydoc, changeId, text, identity);
      return true;
    } catch (error) {
      this.options.hint(`The rationale was not saved: ${describeError(error)}`);
      return false;
    }
  }
}

/** No parties or members (no workspace): one list, so the rows' memo keeps its rows. */
const NONE: readonly never[] = [];

/** "Point 5 — Neutrality pledges" for every clause, for the clause filter. */
function clauseOptions(doc: PMNode, labels: ReadonlyMap<string, { number: number; label: string }>): { id: string; label: string }[] {
  const out: { id: string; label: string }[] = [];
  doc.forEach((clause) => {
    const id = typeof clause.attrs['id'] === 'string' ? (clause.attrs['id'] as string) : '';
    const label = labels.get(id);
    if (!id || !label) return;
    const summary = summarizeClause(clause);
    const words = summary.heading || summary.firstWords;
    out.push({ id, label: words ? `${label.label} — ${words}` : label.label });
  });
  return out;
}
