import type { Identity, Party } from '../../../shared/domain/types';
import { mayDecide, type DecisionTarget } from '../../../shared/suggest/decide';
import type { Decision } from '../../../shared/suggest/meta';
import type { ChangeSummary } from '../../../shared/suggest/change-summaries';
import { confirmDialog } from '../ui/dialog';
import { el } from '../base/dom';

/** What the bulk bar asks for. */
export interface BulkActions {
  /** Decides the target's proposed changes; returns how many were decided. */
  decide(target: DecisionTarget, decision: Decision): number;
  /** How many proposed changes the target selects now. */
  count(target: DecisionTarget): number;
  hint(message: string): void;
}

/**
 * A lead's "Accept all / Reject all" bar: for one party when the party
 * filter shows exactly one, otherwise for every open change. Each asks for
 * confirmation first (a decision is not undone with Ctrl+Z).
 */
export class BulkBar {
  /** The bar element. */
  readonly element: HTMLElement;

  constructor(private readonly actions: BulkActions) {
    this.element = el('div', { class: 'bulk-bar', attrs: { 'data-testid': 'bulk-bar' } });
    this.element.hidden = true;
  }

  /** Shows the bar for a lead when there is something open to decide. */
  render(identity: Identity | null, party: Party | null, open: readonly ChangeSummary[]): void {
    const count = party === null ? open.length : open.filter((s) => s.partyId === party.id).length;
    const hidden = identity === null || !mayDecide(identity) || count === 0;
    // Written only when it changes (the panel renders at each typing pause).
    if (this.element.hidden !== hidden) this.element.hidden = hidden;
    if (hidden) {
      if (this.element.firstChild !== null) this.element.replaceChildren();
      return;
    }
    const target: DecisionTarget = party === null ? { all: true } : { partyId: party.id };
    const scope = party ? `from ${party.name}` : count === 1 ? 'change' : 'changes';
    const button = (decision: Decision): HTMLButtonElement =>
      el('button', {
        class: `button button-small ${decision === 'accepted' ? 'button-accept' : 'button-reject'}`,
        text: decision === 'accepted' ? 'Accept all' : 'Reject all',
        attrs: { type: 'button', 'data-action': decision === 'accepted' ? 'accept-all' : 'reject-all' },
        on: { click: () => void this.confirmAndDecide(target, decision, party?.name ?? null) },
      });
    this.element.replaceChildren(
      el('span', { class: 'bulk-label' }, [el('strong', { text: String(count) }), ` open ${scope}`]),
      el('span', { class: 'bulk-spacer' }),
      button('accepted'),
      button('rejected'),
    );
  }

  private async confirmAndDecide(target: DecisionTarget, decision: Decision, partyName: string | null): Promise<void> {
    const count = this.actions.count(target);
    if (count === 0) return;
    const verb = decision === 'accepted' ? 'Accept' : 'Reject';
    const what = `${count} ${count === 1 ? 'change' : 'changes'}${partyName ? ` from ${partyName}` : ''}`;
    const confirmed = await confirmDialog({
      title: `${verb} ${what}?`,
      lead:
        decision === 'accepted'
          ? 'Their text becomes part of the draft. Each change records that you accepted it, and when.'
          : 'Their text leaves the draft. The changes stay in the record as rejected by you, with their rationale.',
      confirm: `${verb} ${count}`,
      tone: decision === 'rejected' ? 'danger' : 'primary',
    });
    if (!confirmed) return;
    const decided = this.actions.decide(target, decision);
    const past = decision === 'accepted' ? 'Accepted' : 'Rejected';
    this.actions.hint(
      decided === 0 ? 'Nothing was left to decide.' : `${past} ${decided} ${decided === 1 ? 'change' : 'changes'}${partyName ? ` from ${partyName}` : ''}.`,
    );
  }
}
