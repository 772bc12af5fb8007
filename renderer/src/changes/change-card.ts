import { sameSummary, type ChangeSummary } from '../../../shared/suggest/change-summaries';
import { kindLabel, statusLabel } from '../suggest/change-labels';
import { el } from '../base/dom';
import { formatTime } from '../ui/format-time';
import { renderChangeText } from '../suggest/change-text-view';
import { RationaleEditor } from './rationale-editor';

/** What a card shows and offers, for the member at the keyboard. */
export interface CardModel {
  readonly summary: ChangeSummary;
  /** "Point 9 (was 12)", "Not in the draft", … */
  readonly clauseLabel: string;
  /** The first of its clauses still in the draft (for the history link), if any. */
  readonly clauseId: string | null;
  /** Accept / Reject (a lead, on a proposed change). */
  readonly canDecide: boolean;
  /** The member's party made it: the rationale is theirs to write. */
  readonly canEditRationale: boolean;
  /** The member's own proposed change: they may take it back. */
  readonly canWithdraw: boolean;
  readonly canComment: boolean;
  readonly canShowHistory: boolean;
  /**
   * Decided a moment ago in this panel: the card stays where it was, as tall
   * as it was, collapsed to its decision, so that the next card's buttons do
   * not slide under the pointer.
   */
  readonly held: boolean;
}

/** What a card asks for. */
export interface CardActions {
  jump(changeId: string): void;
  decide(changeId: string, decision: 'accepted' | 'rejected'): void;
  withdraw(changeId: string): void;
  saveRationale(changeId: string, text: string): boolean;
  comment(changeId: string): void;
  history(clauseId: string): void;
  /** The rationale field is done: give the keyboard back (to the editor). */
  leaveRationale(): void;
}

function renderKey(model: CardModel): string {
  const s = model.summary;
  return JSON.stringify([
    s.kind, s.status, s.partyId, s.partyCode, s.partyName, s.authorName, s.createdAt, s.decidedByName, s.decidedAt, s.text,
    s.movedFrom, s.clauseNumbers, s.live, model.clauseLabel, model.clauseId, model.canDecide, model.canWithdraw, model.canComment, model.canShowHistory,
    model.held,
  ]);
}

/** True when a card would show the same for both models (its summary's position is not shown). */
function sameModel(a: CardModel, b: CardModel): boolean {
  return (Object.keys(a) as (keyof CardModel)[]).every((key) => (key === 'summary' ? sameSummary(a.summary, b.summary, 'position') : a[key] === b[key]));
}

/**
 * One change in the changes panel: party chip, kind, clause label, status,
 * an inline redline of the change, the rationale (editable by the change's
 * party), author and time, who decided it and when, and the actions the
 * member may take. Click the card to jump to the change in the document.
 */
export class ChangeCard {
  /** The card element. */
  readonly element: HTMLLIElement;
  private readonly top: HTMLElement;
  private readonly bottom: HTMLElement;
  private readonly rationale: RationaleEditor;
  private model: CardModel;
  private key = '';

  constructor(model: CardModel, private readonly actions: CardActions) {
    this.model = model;
    const id = model.summary.id;
    this.rationale = new RationaleEditor({
      save: (text) => actions.saveRationale(id, text),
      done: () => actions.leaveRationale(),
      partyName: model.summary.partyName,
    });
    // The rationale element is never detached (it may hold the keyboard); the parts around it are redrawn.
    this.top = el('div', { class: 'change-card-top' });
    this.bottom = el('div', { class: 'change-card-bottom' });
    this.element = el('li', { class: 'change-card', attrs: { 'data-change-id': id, tabindex: '0' } }, [this.top, this.rationale.element, this.bottom]);
    this.element.addEventListener('click', (event) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('button, textarea, a, input, select')) return;
      if (this.model.summary.live) actions.jump(id);
    });
    this.element.addEventListener('keydown', (event) => {
      if (event.target === this.element && event.key === 'Enter' && this.model.summary.live) {
        event.preventDefault();
        actions.jump(id);
      }
    });
    this.update(model);
  }

  /** The change id. */
  get id(): string {
    return this.model.summary.id;
  }

  /** Brings the card up to date (the rationale field is left alone while it has focus). */
  update(model: CardModel): void {
    const unchanged = this.key !== '' && sameModel(this.model, model);
    this.model = model;
    const s = model.summary;
    if (unchanged) {
      // Most cards on each render of a long list: nothing to write (the rationale field may still need its text back).
      this.rationale.update(s.rationale, model.canEditRationale, s.status === 'proposed');
      return;
    }
    const e = this.element;
    e.dataset['party'] = s.partyId;
    e.dataset['status'] = s.status;
    e.dataset['kind'] = s.kind;
    e.dataset['clauseIds'] = s.clauseIds.join(' ');
    e.classList.toggle('is-flagged', s.missingRationale);
    e.classList.toggle('is-live', s.live);
    e.classList.toggle('is-held', model.held);
    if (!model.held) e.style.minHeight = '';
    const key = renderKey(model);
    if (key !== this.key) {
      this.key = key;
      this.render();
    }
    this.rationale.update(s.rationale, model.canEditRationale, s.status === 'proposed');
  }

  /** Keeps the card at least as tall as it is now (until it is no longer held). */
  lockHeight(): void {
    this.element.style.minHeight = `${this.element.getBoundingClientRect().height}px`;
  }

  /** Marks the card as the change at the cursor. */
  setActive(active: boolean): void {
    this.element.classList.toggle('is-active', active);
  }

  /** Draws attention to a new change's missing rationale (without taking the keyboard). */
  prompt(): void {
    this.element.classList.remove('is-prompting');
    // Restart the animation.
    void this.element.offsetWidth;
    this.element.classList.add('is-prompting');
    this.element.scrollIntoView({ block: 'nearest' });
  }

  /** Opens and focuses the rationale field; false if the member may not edit it. */
  focusRationale(): boolean {
    this.element.scrollIntoView({ block: 'nearest' });
    return this.rationale.focus();
  }

  private render(): void {
    const { summary: s, clauseLabel } = this.model;
    const a = this.actions;
    const clause =
      this.model.canShowHistory && this.model.clauseId
        ? el('button', {
            class: 'change-clause link-button',
            text: clauseLabel,
            title: `History of ${clauseLabel}`,
            attrs: { type: 'button' },
            on: { click: () => a.history(this.model.clauseId!) },
          })
        : el('span', { class: 'change-clause', text: clauseLabel });
    const head = el('div', { class: 'change-card-head' }, [
      el('span', { class: 'party-chip', text: s.partyCode, title: s.partyName, attrs: { 'data-party': s.partyId } }),
      el('span', { class: 'change-kind', text: kindLabel(s.kind) }),
      el('span', { class: 'change-sep', text: '·', attrs: { 'aria-hidden': 'true' } }),
      clause,
      el('span', { class: 'change-status', text: statusLabel(s.status), attrs: { 'data-status': s.status, 'data-testid': 'change-status' } }),
    ]);
    const meta = el('p', { class: 'change-meta' }, [el('span', { class: 'change-author', text: s.authorName }), ` · ${formatTime(s.createdAt)}`]);
    this.top.replaceChildren(head, renderChangeText({ kind: s.kind, text: s.text, ...(s.movedFrom !== undefined ? { movedFrom: s.movedFrom } : {}), ...(s.clauseNumbers[0] !== undefined ? { movedTo: s.clauseNumbers[0] } : {}) }));
    const parts: HTMLElement[] = [meta];
    if (s.status !== 'proposed') {
      const verb = s.status === 'accepted' ? 'Accepted' : 'Rejected';
      parts.push(
        el('p', { class: 'change-decided', attrs: { 'data-testid': 'decided-by' } }, [
          `${verb} by `,
          el('span', { class: 'change-decider', text: s.decidedByName ?? 'unknown' }),
          s.decidedAt ? ` · ${formatTime(s.decidedAt)}` : '',
        ]),
      );
    }
    const buttons: HTMLElement[] = [];
    // The second click of a double click (detail 2) never decides anything: not this change again, nor the next one.
    const decide = (decision: 'accepted' | 'rejected') => (event: Event): void => {
      if ((event as MouseEvent).detail > 1) return;
      a.decide(s.id, decision);
    };
    if (this.model.canDecide) {
      buttons.push(
        el('button', { class: 'button button-small button-accept', text: 'Accept', attrs: { type: 'button', 'data-action': 'accept' }, on: { click: decide('accepted') } }),
        el('button', { class: 'button button-small button-reject', text: 'Reject', attrs: { type: 'button', 'data-action': 'reject' }, on: { click: decide('rejected') } }),
      );
    }
    const links: HTMLElement[] = [];
    if (this.model.canWithdraw) {
      links.push(el('button', { class: 'link-button', text: 'Withdraw', title: 'Take back your proposal', attrs: { type: 'button', 'data-action': 'withdraw' }, on: { click: () => a.withdraw(s.id) } }));
    }
    if (this.model.canComment) {
      links.push(el('button', { class: 'link-button', text: 'Comment', attrs: { type: 'button', 'data-action': 'comment' }, on: { click: () => a.comment(s.id) } }));
    }
    if (this.model.held) {
      this.bottom.replaceChildren(...parts.slice(1));
      return;
    }
    if (buttons.length > 0 || links.length > 0) {
      parts.push(el('div', { class: 'change-actions' }, [...buttons, el('span', { class: 'change-actions-spacer' }), ...links]));
    }
    this.bottom.replaceChildren(...parts);
  }
}
