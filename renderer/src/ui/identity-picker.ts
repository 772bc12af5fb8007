import type { DraftroomApi } from '../../../shared/api/contract';
import type { Identity, MemberRole, WorkspaceInfo } from '../../../shared/domain/types';
import { openDialog, dialogButton } from './dialog';
import { el, partyDot } from './dom';
import { describeError } from './error-messages';

const ROLE_LABEL: Record<MemberRole, string> = {
  lead: 'Lead drafter',
  drafter: 'Drafter',
  suggester: 'Suggester',
  observer: 'Observer',
};

/** Display label of a member role. */
export function roleLabel(role: MemberRole): string {
  return ROLE_LABEL[role];
}

/**
 * Asks who is at the keyboard: the workspace's members grouped by party.
 * Choosing one calls `api.setIdentity` (main remembers it for the
 * workspace). Resolves with the identity, or null if the user cancelled a
 * change (only possible when `current` is set).
 */
export function pickIdentity(api: DraftroomApi, workspace: WorkspaceInfo, current: Identity | null): Promise<Identity | null> {
  return new Promise((resolve) => {
    const dialog = openDialog(current ? 'Switch member' : 'Who is drafting?', {
      lead: current
        ? 'Edits are attributed to the member and party you choose.'
        : `Choose yourself to start working in “${workspace.name}”. Every change you make is attributed to you and your party.`,
      dismissable: current !== null,
      className: 'dialog-identity',
    });
    const error = el('p', { class: 'dialog-error', attrs: { role: 'alert' } });
    error.hidden = true;
    let done = false;

    for (const party of workspace.parties) {
      const members = workspace.members.filter((m) => m.partyId === party.id);
      if (members.length === 0) continue;
      const list = el('ul', { class: 'member-list' });
      for (const member of members) {
        const isCurrent = current?.member.id === member.id;
        const button = el(
          'button',
          {
            class: `member-choice${isCurrent ? ' is-current' : ''}`,
            attrs: { type: 'button', 'data-member-id': member.id },
            on: {
              click: () => {
                void choose(member.id, button);
              },
            },
          },
          [el('span', { class: 'member-name', text: member.name }), el('span', { class: 'member-role', text: roleLabel(member.role) })],
        );
        list.append(el('li', {}, [button]));
      }
      dialog.body.append(
        el('section', { class: 'party-group' }, [
          el('h3', { class: 'party-name' }, [partyDot(party.id, party.name), party.name]),
          list,
        ]),
      );
    }
    if (workspace.members.length === 0) {
      dialog.body.append(el('p', { class: 'empty-note', text: 'This workspace has no members yet.' }));
    }
    dialog.body.append(error);
    if (current) dialog.footer.append(dialogButton('Cancel', dialog.close));
    void dialog.closed.then(() => {
      if (!done) resolve(null);
    });
    (dialog.body.querySelector('button.member-choice') as HTMLButtonElement | null)?.focus();

    async function choose(memberId: string, button: HTMLButtonElement): Promise<void> {
      button.disabled = true;
      try {
        const identity = await api.setIdentity(memberId);
        done = true;
        dialog.close();
        resolve(identity);
      } catch (e) {
        error.textContent = `Could not switch to this member: ${describeError(e)}`;
        error.hidden = false;
      } finally {
        button.disabled = false;
      }
    }
  });
}
