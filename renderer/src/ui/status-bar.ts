import type { Identity } from '../../../shared/domain/types';
import type { ConnectionState } from '../api/connection';
import type { SaveState } from '../sync/doc-sync';
import { saveLabel, showsSaveLabelAtOnce, SAVING_SHOWN_AFTER_MS } from './save-label';
import { el, partyDot } from '../base/dom';
import { roleLabel } from './identity-picker';

/** The status bar along the bottom: saved state, clause position, word count, who is drafting. */
export class StatusBar {
  /** The bar element to mount. */
  readonly element: HTMLElement;
  private readonly save = el('span', { class: 'status-save', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'save-state' } });
  private readonly position = el('span', { class: 'status-position' });
  private readonly words = el('span', { class: 'status-words', attrs: { 'data-testid': 'word-count' } });
  private readonly who: HTMLButtonElement;
  private readonly team: HTMLButtonElement;
  /** Shows "Saving…" once a save has lasted a while (see `showsSaveLabelAtOnce`). */
  private savingShown: ReturnType<typeof setTimeout> | null = null;

  constructor(onIdentityClick: () => void, onTeamClick: () => void = () => undefined) {
    this.team = el('button', {
      class: 'status-team',
      attrs: { type: 'button', 'data-testid': 'team-status' },
      on: { click: onTeamClick },
    });
    this.who = el('button', {
      class: 'status-identity',
      attrs: { type: 'button', 'data-testid': 'identity' },
      title: 'Switch member',
      on: { click: onIdentityClick },
    });
    this.element = el('footer', { class: 'status-bar' }, [
      this.save,
      el('span', { class: 'status-sep', attrs: { 'aria-hidden': 'true' } }),
      this.position,
      this.words,
      el('span', { class: 'status-spacer' }),
      this.team,
      this.who,
    ]);
    this.setSave('saved', 'connecting');
    this.setIdentity(null);
  }

  /** Shows the saved state ("Saving…" only once a save has lasted `SAVING_SHOWN_AFTER_MS`). */
  setSave(save: SaveState, connection: ConnectionState): void {
    const label = saveLabel(save, connection);
    // The exact state at once, for scripts and tests (no style depends on it: writing it repaints nothing).
    if (this.save.dataset['state'] !== save) this.save.dataset['state'] = save;
    if (this.savingShown !== null) clearTimeout(this.savingShown);
    this.savingShown = null;
    if (showsSaveLabelAtOnce(this.save.textContent, label)) this.showSave(label);
    else
      this.savingShown = setTimeout(() => {
        this.savingShown = null;
        this.showSave(label);
      }, SAVING_SHOWN_AFTER_MS);
  }

  /** Writes a label, touching the DOM only where it changes (a write would restyle and repaint the bar). */
  private showSave({ text, tone }: { text: string; tone: string }): void {
    setText(this.save, text);
    if (this.save.dataset['tone'] !== tone) this.save.dataset['tone'] = tone;
  }

  /** Shows "Clause 3 of 20" (or nothing when no document is open). */
  setPosition(index: number, count: number): void {
    setText(this.position, count > 0 && index >= 0 ? `Clause ${index + 1} of ${count}` : '');
  }

  /** Shows how the workspace syncs with its team server ("Local only · Share…" when it is not bound). */
  setTeam(label: { text: string; tone: 'ok' | 'busy' | 'warn'; title: string }): void {
    this.team.textContent = label.text;
    this.team.title = label.title;
    this.team.dataset['tone'] = label.tone;
  }

  /** Shows the document's word count. */
  setWords(words: number | null): void {
    setText(this.words, words === null ? '' : `${words.toLocaleString('en-US')} ${words === 1 ? 'word' : 'words'}`);
  }

  /** Shows who is drafting, with their party's colour. */
  setIdentity(identity: Identity | null): void {
    this.who.replaceChildren();
    if (!identity) {
      this.who.append('Choose who you are');
      return;
    }
    this.who.append(
      partyDot(identity.party.id, identity.party.name),
      el('span', { class: 'status-member', text: identity.member.name }),
      el('span', { class: 'status-party', text: `${identity.party.name} · ${roleLabel(identity.member.role)}` }),
    );
  }
}

/** Sets an element's text unless it already reads so. */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
