import type { Identity } from '../../../shared/domain/types';
import { editorAccess, mayEditDirectly, readOnlyReason, type EditMode } from '../suggest/edit-access';
import { el } from '../base/dom';

/**
 * The toolbar's editing-mode control. A lead gets a Suggesting / Editing
 * switch (direct editing is not tracked); everyone else sees that their
 * edits are suggestions, and an observer that the document is read-only.
 */
export class ModeSwitch {
  /** The control's element. */
  readonly element: HTMLElement;
  private readonly suggesting: HTMLButtonElement;
  private readonly editing: HTMLButtonElement;
  private readonly pill: HTMLElement;

  constructor(onChange: (mode: EditMode) => void) {
    const option = (mode: EditMode, label: string, title: string): HTMLButtonElement => {
      const button = el('button', {
        class: 'mode-option',
        text: label,
        title,
        attrs: { type: 'button', 'aria-pressed': 'false', 'data-mode': mode },
        on: { click: () => onChange(mode) },
      });
      button.addEventListener('mousedown', (event) => event.preventDefault());
      return button;
    };
    this.suggesting = option('suggesting', 'Suggesting', 'Your edits are proposed as tracked changes of your party');
    this.editing = option('editing', 'Editing', 'Edit the text directly: changes are not tracked (leads only)');
    this.pill = el('span', { class: 'mode-pill', attrs: { 'data-testid': 'mode-pill' } });
    this.element = el('div', { class: 'mode-switch', attrs: { role: 'group', 'aria-label': 'Editing mode', 'data-testid': 'mode-switch' } }, [
      this.suggesting,
      this.editing,
      this.pill,
    ]);
    this.update(null, 'suggesting');
  }

  /** Shows the mode for who is at the keyboard. */
  update(identity: Identity | null, mode: EditMode): void {
    const access = editorAccess(identity, mode);
    const lead = mayEditDirectly(identity);
    this.suggesting.hidden = !lead;
    this.editing.hidden = !lead;
    this.suggesting.setAttribute('aria-pressed', String(access === 'suggesting'));
    this.editing.setAttribute('aria-pressed', String(access === 'editing'));
    this.pill.hidden = lead || identity === null;
    this.element.dataset['access'] = access;
    if (!lead && identity) {
      const readOnly = access === 'read-only';
      this.pill.textContent = readOnly ? 'Read only' : 'Suggesting';
      this.pill.title = readOnly
        ? readOnlyReason(identity)
        : `Your edits are proposed as changes of ${identity.party.name}, for a lead to accept or reject`;
    }
  }
}
