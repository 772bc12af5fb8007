import type { Identity } from '../../../shared/domain/types';
import type { ConnectionState } from '../api/connection';
import type { SaveState } from '../sync/doc-sync';
import { el, partyDot } from '../base/dom';
import { roleLabel } from './identity-picker';

/** The text the status bar shows for a save state on a connection. */
export function saveLabel(save: SaveState, connection: ConnectionState): { text: string; tone: 'ok' | 'busy' | 'warn' } {
  if (connection !== 'online') {
    return save === 'saved' && connection === 'connecting'
      ? { text: 'Connecting…', tone: 'busy' }
      : { text: 'Offline — edits kept', tone: 'warn' };
  }
  if (save === 'saved') return { text: 'Saved', tone: 'ok' };
  if (save === 'saving') return { text: 'Saving…', tone: 'busy' };
  if (save === 'refused') return { text: 'Not saved — an edit was refused', tone: 'warn' };
  return { text: 'Offline — edits kept', tone: 'warn' };
}

/** The status bar along the bottom: saved state, clause position, word count, who is drafting. */
export class StatusBar {
  /** The bar element to mount. */
  readonly element: HTMLElement;
  private readonly save = el('span', { class: 'status-save', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'save-state' } });
  private readonly position = el('span', { class: 'status-position' });
  private readonly words = el('span', { class: 'status-words', attrs: { 'data-testid': 'word-count' } });
  private readonly who: HTMLButtonElement;
  private readonly team: HTMLButtonElement;

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

  /** Shows the saved state. */
  setSave(save: SaveState, connection: ConnectionState): void {
    const { text, tone } = saveLabel(save, connection);
    this.save.textContent = text;
    this.save.dataset['tone'] = tone;
  }

  /** Shows "Clause 3 of 20" (or nothing when no document is open). */
  setPosition(index: number, count: number): void {
    this.position.textContent = count > 0 && index >= 0 ? `Clause ${index + 1} of ${count}` : '';
  }

  /** Shows how the workspace syncs with its team server ("Local only · Share…" when it is not bound). */
  setTeam(label: { text: string; tone: 'ok' | 'busy' | 'warn'; title: string }): void {
    this.team.textContent = label.text;
    this.team.title = label.title;
    this.team.dataset['tone'] = label.tone;
  }

  /** Shows the document's word count. */
  setWords(words: number | null): void {
    this.words.textContent = words === null ? '' : `${words.toLocaleString('en-US')} ${words === 1 ? 'word' : 'words'}`;
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
