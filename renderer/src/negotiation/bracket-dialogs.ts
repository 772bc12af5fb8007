import type { Identity, Party } from '../../../shared/domain/types';
import type { BracketChoice, ProposedAlternative } from '../../../shared/negotiation/bracket-ops';
import { el } from '../base/dom';
import { dialogButton, openDialog } from '../ui/dialog';

/**
 * The dialogs of bracket operations: put the selected words in brackets,
 * propose an alternative, close a bracket. Each collects what the
 * operation needs and calls `submit`, which returns an error message to
 * show (the dialog stays open) or null (it closes).
 */

type Submit<T> = (value: T) => string | null;

function field(label: string, control: HTMLElement): HTMLElement {
  return el('label', { class: 'field-label' }, [label, control]);
}

function textArea(testId: string, placeholder: string): HTMLTextAreaElement {
  return el('textarea', { class: 'text-field bracket-textarea', attrs: { rows: '3', placeholder, spellcheck: 'false', 'data-testid': testId } });
}

function errorLine(): HTMLElement {
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert', 'aria-live': 'assertive' } });
  error.hidden = true;
  return error;
}

function runner(dialog: { close(): void }, error: HTMLElement, attempt: () => string | null): () => void {
  return () => {
    const message = attempt();
    if (message === null) dialog.close();
    else {
      error.textContent = message;
      error.hidden = false;
    }
  };
}

/** What the "Put in brackets" dialog returns. */
export interface BracketRequest {
  readonly existingPartyId: string;
  readonly existingRationale: string;
  readonly alternatives: readonly ProposedAlternative[];
}

/** "Put in brackets": whose wording the selected words are, why, and (optionally) the member's party's alternative. */
export function openBracketDialog(words: string, identity: Identity, parties: readonly Party[], submit: Submit<BracketRequest>): void {
  const dialog = openDialog('Put in brackets', {
    lead: `“${words.length > 160 ? `${words.slice(0, 160)}…` : words}” becomes Alt 1 of a new bracket. Add ${identity.party.name}’s alternative now or later.`,
    className: 'dialog-bracket',
  });
  const party = el('select', { class: 'text-field', attrs: { 'data-testid': 'bracket-existing-party' } }, parties.map((p) => el('option', { text: p.name, attrs: { value: p.id } })));
  party.value = identity.party.id;
  const why = textArea('bracket-existing-rationale', 'Why that party wants these words (optional)');
  const alternative = textArea('bracket-alternative-text', `${identity.party.name}’s wording instead (optional)`);
  const altWhy = textArea('bracket-alternative-rationale', `Why ${identity.party.name} proposes it`);
  const error = errorLine();
  dialog.body.append(
    el('div', { class: 'dialog-form' }, [
      field('Whose wording are the bracketed words?', party),
      field('Their rationale', why),
      field(`Alt 2 — ${identity.party.name}`, alternative),
      field('Rationale of Alt 2', altWhy),
      error,
    ]),
  );
  const confirm = dialogButton(
    'Bracket',
    runner(dialog, error, () =>
      submit({
        existingPartyId: party.value,
        existingRationale: why.value,
        alternatives: alternative.value.trim() === '' ? [] : [{ text: alternative.value, rationale: altWhy.value }],
      }),
    ),
    'primary',
  );
  confirm.setAttribute('data-testid', 'bracket-confirm');
  dialog.footer.append(dialogButton('Cancel', dialog.close), confirm);
  party.focus();
}

/** "Propose an alternative": the member's party's words and why. */
export function openAlternativeDialog(point: number, identity: Identity, submit: Submit<ProposedAlternative>): void {
  const dialog = openDialog(`Alternative for the bracket in Point ${point}`, { lead: `Proposed by ${identity.party.name}.`, className: 'dialog-bracket' });
  const words = textArea('alternative-text', 'The wording your party proposes');
  const why = textArea('alternative-rationale', 'Why');
  const error = errorLine();
  dialog.body.append(el('div', { class: 'dialog-form' }, [field('Wording', words), field('Rationale', why), error]));
  const confirm = dialogButton('Propose', runner(dialog, error, () => submit({ text: words.value, rationale: why.value })), 'primary');
  confirm.setAttribute('data-testid', 'alternative-confirm');
  dialog.footer.append(dialogButton('Cancel', dialog.close), confirm);
  words.focus();
}

/** One alternative as the close dialog lists it. */
export interface ClosableAlternative {
  readonly altId: string;
  readonly label: string;
  readonly text: string;
}

/** "Close the bracket": a lead chooses one alternative, or agreed new wording. */
export function openCloseDialog(point: number, alternatives: readonly ClosableAlternative[], submit: Submit<BracketChoice>): void {
  const dialog = openDialog(`Close the bracket in Point ${point}`, {
    lead: 'The wording you choose stays in the text; the other alternatives leave it and are kept in the bracket’s history.',
    className: 'dialog-bracket',
  });
  const name = `close-${Math.random().toString(36).slice(2)}`;
  const options = alternatives.map((alt, index) => {
    const radio = el('input', { attrs: { type: 'radio', name, value: alt.altId, 'data-testid': `close-choice-${index + 1}` } });
    if (index === 0) radio.checked = true;
    return el('label', { class: 'bracket-choice' }, [radio, el('strong', { text: `${alt.label}: ` }), alt.text]);
  });
  const fresh = el('input', { attrs: { type: 'radio', name, value: '', 'data-testid': 'close-choice-new' } });
  const wording = textArea('close-new-wording', 'Agreed new wording');
  wording.addEventListener('input', () => (fresh.checked = true));
  const error = errorLine();
  dialog.body.append(
    el('div', { class: 'dialog-form' }, [...options, el('label', { class: 'bracket-choice' }, [fresh, el('strong', { text: 'Agreed new wording: ' })]), wording, error]),
  );
  const confirm = dialogButton(
    'Close bracket',
    runner(dialog, error, () => {
      const chosen = dialog.root.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
      if (!chosen || chosen.value === '') return submit({ text: wording.value });
      return submit({ altId: chosen.value });
    }),
    'primary',
  );
  confirm.setAttribute('data-testid', 'close-confirm');
  dialog.footer.append(dialogButton('Cancel', dialog.close), confirm);
  confirm.focus();
}
