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
  if (workspace.members.length === 0) return addYourself(api, workspace);
  return new Promise((resolve) => {
    // Escape or Cancel leaves the window as it was (read-only if nobody was chosen yet: the status bar asks again).
    const dialog = openDialog(current ? 'Switch member' : 'Who is drafting?', {
      lead: current
        ? 'Edits are attributed to the member and party you choose.'
        : `Choose yourself to start working in “${workspace.name}”. Every change you make is attributed to you and your party.`,
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
    dialog.body.append(error);
    dialog.footer.append(dialogButton(current ? 'Cancel' : 'Not now (read only)', dialog.close));
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

/** The `<select>` value that stands for a party not in the workspace yet. */
const NEW_PARTY = '';

/**
 * "Who is drafting?" on a workspace without members: the person at the
 * keyboard adds themself as its first member, a lead (who can then add
 * the others), in a party of the workspace or a new one. Resolves with
 * the new identity, or null if they closed the dialog (Escape, "Not now").
 */
function addYourself(api: DraftroomApi, workspace: WorkspaceInfo): Promise<Identity | null> {
  return new Promise((resolve) => {
    const dialog = openDialog('Who is drafting?', {
      lead:
        `“${workspace.name}” has no members yet. Add yourself as its first member: a lead drafter, who decides on ` +
        'proposed changes and can add the others.',
      className: 'dialog-identity dialog-add-yourself',
    });
    const field = (label: string, input: HTMLElement, testId: string): HTMLElement => {
      input.setAttribute('data-testid', testId);
      return el('label', { class: 'field-label', text: label }, [input]);
    };
    const name = el('input', { class: 'text-field', attrs: { type: 'text', placeholder: 'e.g. Dana Whitfield', spellcheck: 'false', autocomplete: 'name' } });
    const party = el('select', { class: 'select-field' });
    for (const p of workspace.parties) party.append(el('option', { text: `${p.name} (${p.code})`, attrs: { value: p.id } }));
    party.append(el('option', { text: 'A new party…', attrs: { value: NEW_PARTY } }));
    const partyName = el('input', { class: 'text-field', attrs: { type: 'text', placeholder: 'e.g. Ukraine', spellcheck: 'false' } });
    const partyCode = el('input', { class: 'text-field', attrs: { type: 'text', placeholder: 'UA', spellcheck: 'false', maxlength: '5', size: '6' } });
    const newParty = el('div', { class: 'new-party' }, [field('Party name', partyName, 'new-party-name'), field('Code (2–5 letters)', partyCode, 'new-party-code')]);
    const showNewParty = (): void => {
      newParty.hidden = party.value !== NEW_PARTY;
    };
    party.addEventListener('change', showNewParty);
    const error = el('p', { class: 'dialog-error', attrs: { role: 'alert', 'aria-live': 'assertive' } });
    error.hidden = true;
    const form = el('form', { class: 'dialog-form' }, [
      field('Your name', name, 'your-name'),
      ...(workspace.parties.length > 0 ? [field('Your party', party, 'your-party')] : []),
      newParty,
      error,
    ]);
    if (workspace.parties.length === 0) party.value = NEW_PARTY;
    showNewParty();
    const add = dialogButton('Add yourself', () => void submit(), 'primary');
    add.setAttribute('data-testid', 'add-yourself');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submit();
    });
    dialog.body.append(form);
    dialog.footer.append(dialogButton('Not now (read only)', dialog.close), add);
    let done = false;
    // A party made by a try whose member could not be added is used by the next try.
    let createdPartyId: string | null = null;
    void dialog.closed.then(() => {
      if (!done) resolve(null);
    });
    name.focus();

    const fail = (message: string, focus: HTMLInputElement): void => {
      error.textContent = message;
      error.hidden = false;
      focus.focus();
    };

    async function submit(): Promise<void> {
      if (name.value.trim() === '') return fail('Type your name.', name);
      const creating = party.value === NEW_PARTY;
      if (creating && partyName.value.trim() === '') return fail('Name your party.', partyName);
      if (creating && !/^[A-Za-z0-9]{2,5}$/.test(partyCode.value.trim())) return fail('Give your party a code of 2 to 5 letters, e.g. UA.', partyCode);
      add.disabled = true;
      try {
        const partyId = creating ? (createdPartyId ??= (await api.addParty({ name: partyName.value.trim(), code: partyCode.value.trim() })).id) : party.value;
        const member = await api.addMember({ name: name.value.trim(), partyId, role: 'lead' });
        const identity = await api.setIdentity(member.id);
        done = true;
        dialog.close();
        resolve(identity);
      } catch (e) {
        fail(`Could not add you: ${describeError(e)}`, name);
      } finally {
        add.disabled = false;
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
