import type { DraftroomApi, SetAsideEditInfo, TeamSyncStatus } from '../../../shared/api/contract';
import type { WorkspaceInfo } from '../../../shared/domain/types';
import { dialogButton, openDialog } from '../ui/dialog';
import { el } from '../base/dom';
import { describeError } from '../ui/error-messages';

/** The status bar's words for the team sync: "Team: online", "Team: offline (3 edits waiting)", … */
export function teamLabel(status: TeamSyncStatus | null): { text: string; tone: 'ok' | 'busy' | 'warn'; title: string } {
  if (status === null) return { text: 'Local only · Share…', tone: 'ok', title: 'This workspace is not shared with a team server. Click to share it or join one.' };
  const aside = status.setAside > 0 ? ` · ${status.setAside} set aside` : '';
  const edits = (n: number): string => `${n} ${n === 1 ? 'edit' : 'edits'}`;
  switch (status.state) {
    case 'online':
      return { text: `Team: online${aside}`, tone: status.setAside > 0 ? 'warn' : 'ok', title: 'The team server has stored every edit.' };
    case 'syncing':
      return { text: `Team: syncing${status.pending > 0 ? ` (${edits(status.pending)})` : ''}${aside}`, tone: 'busy', title: 'Sending edits to the team server…' };
    case 'offline':
      return {
        text: `Team: offline (${edits(status.pending)} waiting)${aside}`,
        tone: 'warn',
        title: `The team server cannot be reached${status.reason ? `: ${status.reason}` : ''}. Edits are kept on this computer and sent when it is back.`,
      };
    case 'refused':
      return { text: `Team: refused — ${status.reason ?? 'no reason given'}`, tone: 'warn', title: 'The team server refused an edit; it was set aside (click to see it).' };
  }
}

/** What the team dialogs need from the app. */
export interface TeamDialogContext {
  readonly api: DraftroomApi;
  /** The workspace shown now. */
  readonly workspace: () => WorkspaceInfo | null;
  /** The window switched to another workspace (after a join). */
  readonly switchTo: (workspace: WorkspaceInfo) => Promise<void>;
  /** Hands every edit to main first (before sharing or switching). */
  readonly flush: () => Promise<void>;
  /** A short message for the user. */
  readonly notify: (message: string) => void;
}

/**
 * The team dialog (the status bar's team item): where sync stands, the
 * edits the server refused (set aside: Copy their text or Discard them),
 * and "Join team workspace…" and "Share…".
 */
export async function openTeamDialog(ctx: TeamDialogContext): Promise<void> {
  const status = await ctx.api.getTeamStatus();
  const dialog = openDialog('Team', { lead: teamLabel(status).title, className: 'dialog-team' });
  dialog.root.setAttribute('data-testid', 'team-dialog');
  const edits = await ctx.api.listSetAsideEdits().catch(() => [] as SetAsideEditInfo[]);
  if (edits.length > 0) {
    dialog.body.append(el('h3', { class: 'dialog-subtitle', text: 'Edits the team server refused (set aside)' }));
    const list = el('ul', { class: 'set-aside-list', attrs: { 'data-testid': 'set-aside-list' } });
    for (const edit of edits) list.append(setAsideItem(ctx, edit, () => dialog.footer.querySelector<HTMLButtonElement>('button:last-child')?.focus()));
    dialog.body.append(list);
  }
  const close = dialogButton('Close', dialog.close);
  const actions: HTMLButtonElement[] = [close];
  actions.unshift(
    dialogButton('Join team workspace…', () => {
      dialog.close();
      openJoinDialog(ctx);
    }),
  );
  if (status === null) {
    actions.push(
      dialogButton(
        'Share…',
        () => {
          dialog.close();
          openShareDialog(ctx);
        },
        'primary',
      ),
    );
  }
  dialog.footer.append(...actions);
  close.focus();
}

function setAsideItem(ctx: TeamDialogContext, edit: SetAsideEditInfo, afterDiscard: () => void): HTMLElement {
  const item = el('li', { class: 'set-aside-item', attrs: { 'data-testid': 'set-aside-item' } });
  const when = new Date(edit.createdAt).toLocaleString();
  const preview = el('pre', { class: 'set-aside-preview', text: edit.preview || '(only change records or comments)' });
  const copy = dialogButton('Copy text', () => {
    void navigator.clipboard.writeText(edit.preview).then(
      () => ctx.notify('Copied the set-aside text.'),
      () => {
        // No clipboard (an insecure origin): select the text so the user can copy it.
        const range = document.createRange();
        range.selectNodeContents(preview);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      },
    );
  });
  const discard = dialogButton('Discard', () => {
    void ctx.api.discardSetAsideEdit(edit.id).then(
      () => {
        item.remove();
        afterDiscard();
      },
      (error: unknown) => ctx.notify(`Could not discard: ${describeError(error)}`),
    );
  });
  discard.classList.add('button-danger');
  item.append(
    el('p', { class: 'set-aside-meta', text: `${edit.documentTitle} · ${when} · refused: ${edit.reason}` }),
    preview,
    el('div', { class: 'set-aside-actions' }, [copy, discard]),
  );
  return item;
}

/** A small form with the team workspace URL and the token; `submit` returns an error to show, or null to close. */
function urlAndTokenDialog(options: {
  title: string;
  lead: string;
  confirm: string;
  testId: string;
  submit: (url: string, token: string) => Promise<string | null>;
}): void {
  const dialog = openDialog(options.title, { lead: options.lead, className: 'dialog-prompt' });
  dialog.root.setAttribute('data-testid', options.testId);
  const url = el('input', { class: 'text-field', attrs: { type: 'url', placeholder: 'wss://team.example.org/<workspace id>', spellcheck: 'false', 'data-testid': 'team-url' } });
  const token = el('input', { class: 'text-field', attrs: { type: 'password', placeholder: 'drt_…', autocomplete: 'off', 'data-testid': 'team-token' } });
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert', 'aria-live': 'assertive' } });
  error.hidden = true;
  const confirm = dialogButton(options.confirm, () => void run(), 'primary');
  confirm.setAttribute('data-testid', 'team-confirm');
  const form = el('form', { class: 'dialog-form' }, [
    el('label', { class: 'field-label', text: 'Team workspace URL' }, [url]),
    el('label', { class: 'field-label', text: 'Token' }, [token]),
    error,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  dialog.body.append(form);
  dialog.footer.append(dialogButton('Cancel', dialog.close), confirm);
  url.focus();

  async function run(): Promise<void> {
    if (url.value.trim() === '' || token.value.trim() === '') {
      (url.value.trim() === '' ? url : token).focus();
      return;
    }
    confirm.disabled = true;
    confirm.textContent = 'Working…';
    try {
      const message = await options.submit(url.value.trim(), token.value.trim());
      if (message === null) dialog.close();
      else {
        error.textContent = message;
        error.hidden = false;
      }
    } finally {
      confirm.disabled = false;
      confirm.textContent = options.confirm;
    }
  }
}

/** "Join team workspace…": URL + token → a local replica file beside this workspace, opened in this window. */
export function openJoinDialog(ctx: TeamDialogContext): void {
  urlAndTokenDialog({
    title: 'Join team workspace',
    lead: 'Paste the workspace URL and the token your team’s server admin gave you. A local copy is created beside this workspace and kept in sync; you can work on it offline.',
    confirm: 'Join',
    testId: 'join-dialog',
    submit: async (url, token) => {
      await ctx.flush();
      try {
        const workspace = await ctx.api.joinTeamWorkspace({ url, token });
        await ctx.switchTo(workspace);
        ctx.notify(`Joined “${workspace.name}” (${workspace.path}).`);
        return null;
      } catch (error) {
        return `Could not join: ${describeError(error)}`;
      }
    },
  });
}

/** "Share…": pushes this workspace into a team workspace whose admin made a token for it, and binds it. */
export function openShareDialog(ctx: TeamDialogContext): void {
  const name = ctx.workspace()?.name ?? 'this workspace';
  urlAndTokenDialog({
    title: 'Share with a team server',
    lead: `Copies “${name}” (its documents and named versions) into the team workspace at this URL and keeps it in sync. From then on you act as the token’s member.`,
    confirm: 'Share',
    testId: 'share-dialog',
    submit: async (url, token) => {
      await ctx.flush();
      try {
        await ctx.api.shareWorkspace({ url, token });
        const workspace = await ctx.api.getWorkspace();
        await ctx.switchTo(workspace);
        ctx.notify('Shared: the team server has every document and edit.');
        return null;
      } catch (error) {
        return `Could not share: ${describeError(error)}`;
      }
    },
  });
}
