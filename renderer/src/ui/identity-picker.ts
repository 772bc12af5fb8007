import type { DraftroomApi } from '../../../shared/api/contract';
import type { Identity, MemberRole, WorkspaceInfo } from '../../../shared/domain/types';
import { confirmDialog, dialogButton, openDialog } from './dialog';
import { el, partyDot } from '../base/dom';
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
 * Choosing someone else than `current` asks for confirmation first (main
 * records the switch in the workspace). Choosing calls `api.setIdentity`;
 * the caller remembers the choice for this browser or app profile.
 * Resolves with the identity, or null if the user cancelled a change (only
 * possible when `current` is set). On a workspace bound to a team server
 * the identity is fixed: the dialog only shows it.
 */
export function pickIdentity(api: DraftroomApi, workspace: WorkspaceInfo, current: Identity | null): Promise<Identity | null> {
  if (workspace.fixedIdentity) return showFixedIdentity(workspace, current);
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
      if (current && memberId !== current.member.id) {
        const next = workspace.members.find((m) => m.id === memberId);
        const nextParty = workspace.parties.find((p) => p.id === next?.partyId);
        const confirmed = await confirmDialog({
          title: 'Switch member?',
          lead:
            `You draft as ${current.member.name} (${current.party.name}). From now on your edits, comments and ` +
            `decisions will be attributed to ${next?.name ?? 'the member you chose'}${nextParty ? ` (${nextParty.name})` : ''}. ` +
            'The switch is recorded in the workspace.',
          confirm: `Switch to ${next?.name ?? 'this member'}`,
        });
        if (!confirmed) {
          button.focus();
          return;
        }
      }
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

/** The identity a team binding fixes, shown with why it cannot be switched. Resolves with `current`. */
function showFixedIdentity(workspace: WorkspaceInfo, current: Identity | null): Promise<Identity | null> {
  const fixed = workspace.fixedIdentity!;
  const dialog = openDialog('Who is drafting', {
    lead:
      `This workspace is bound to the team server ${fixed.serverUrl}. Its access token acts for one member, ` +
      'so everyone using this copy drafts as that member; it cannot be switched here.',
    className: 'dialog-identity',
  });
  const member = workspace.members.find((m) => m.id === fixed.memberId);
  const party = workspace.parties.find((p) => p.id === member?.partyId);
  dialog.body.append(
    member && party
      ? el('p', { class: 'member-fixed', attrs: { 'data-member-id': member.id } }, [
          partyDot(party.id, party.name),
          el('span', { class: 'member-name', text: member.name }),
          el('span', { class: 'member-role', text: `${party.name} · ${roleLabel(member.role)}` }),
        ])
      : el('p', { class: 'empty-note', text: 'The binding names a member this copy does not know yet: it may only read until it has synced.' }),
  );
  const ok = dialogButton('OK', dialog.close, 'primary');
  dialog.footer.append(ok);
  ok.focus();
  return dialog.closed.then(() => current);
}
