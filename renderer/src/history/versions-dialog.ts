import type { DraftroomApi } from '../../../shared/api/contract';
import type { Member, VersionInfo } from '../../../shared/domain/types';
import { shortHash } from '../../../shared/initials/initial-message';
import type { VersionSeal, VerifyReport } from '../../../shared/initials/seal-types';
import { el } from '../base/dom';
import { formatTime } from '../ui/format-time';
import { dialogButton, openDialog, type Dialog } from '../ui/dialog';
import { describeError } from '../ui/error-messages';
import '../styles/history.css';

/** What the versions dialog needs from the app. */
export interface VersionsDialogOptions {
  readonly docId: string;
  readonly title: string;
  readonly api: Pick<DraftroomApi, 'listVersions' | 'verifyVersions' | 'initialVersion'>;
  /** The window's member (who initials), or null when none was chosen. */
  readonly member: Member | null;
  /** Member names by id, for "saved by". */
  memberName(memberId: string): string;
  /** Called with a message when something fails (the app shows it in its banner too). */
  onFailure(message: string): void;
}

/** Largest key file the dialog reads (an Ed25519 PEM is 119 bytes). */
const MAX_KEY_FILE_BYTES = 64 * 1024;

function initialsText(seal: VersionSeal | undefined): string {
  if (!seal || seal.initials.length === 0) return 'Not initialled';
  return `Initialled by ${seal.initials.map((i) => `${i.memberName}${i.partyCode ? ` (${i.partyCode})` : ''}${i.valid ? '' : ' — signature fails'}`).join(', ')}`;
}

function summaryText(report: VerifyReport): string {
  const failing = report.versions.filter((v) => v.problems.length > 0);
  if (report.versions.length === 0) return 'No named versions yet.';
  if (failing.length === 0) return `All ${report.versions.length} versions verify: each one’s content matches its hash, the chain is in order, and every initial’s signature holds.`;
  return `${failing.length} of ${report.versions.length} versions ${failing.length === 1 ? 'does' : 'do'} not verify: ${failing.map((v) => `“${v.name}”`).join(', ')}.`;
}

/**
 * The document's named versions with their content hashes and initials:
 * each row shows who initialled the version and whether it verifies (its
 * content still gives its hash, it follows the version before it, every
 * signature holds); "Verify versions" checks them all again; "Initial this
 * version…" signs one with the member's key file, which the renderer reads
 * and hands to main once (it is never kept).
 */
export function openVersionsDialog(options: VersionsDialogOptions): Dialog {
  const dialog = openDialog(`Versions of “${options.title}”`, {
    className: 'dialog-versions',
    lead: 'Each version’s hash covers its text, change records and positions and the version before it. Initials are the members’ signatures over it.',
  });
  const summary = el('p', { class: 'versions-summary', text: 'Verifying…', attrs: { 'data-testid': 'versions-summary', 'aria-live': 'polite' } });
  const list = el('ol', { class: 'versions-list', attrs: { 'data-testid': 'versions-list' } });
  const error = el('p', { class: 'dialog-error', attrs: { role: 'alert' } });
  error.hidden = true;
  dialog.body.append(summary, error, list);
  const verifyButton = dialogButton('Verify versions', () => void load());
  verifyButton.setAttribute('data-testid', 'versions-verify');
  dialog.footer.append(verifyButton, dialogButton('Close', dialog.close, 'primary'));

  let request = 0;

  function fail(message: string): void {
    error.textContent = message;
    error.hidden = false;
    options.onFailure(message);
  }

  function initialForm(version: VersionInfo, row: HTMLElement): HTMLElement {
    const input = el('input', { attrs: { type: 'file', accept: '.pem,.key,.txt,application/x-pem-file,text/plain', 'aria-label': 'Your private key file', 'data-testid': 'initial-key-file' } });
    const problem = el('p', { class: 'dialog-error', attrs: { role: 'alert', 'data-testid': 'initial-error' } });
    problem.hidden = true;
    const confirm = dialogButton('Initial', () => void submit(), 'primary');
    confirm.setAttribute('data-testid', 'initial-confirm');
    const form = el('div', { class: 'initial-form', attrs: { 'data-testid': 'initial-form' } }, [
      el('p', {
        class: 'initial-note',
        text: `Sign “${version.name}” as ${options.member?.name ?? 'you'} with your private key file. It is read once to sign and never kept.`,
      }),
      input,
      confirm,
      dialogButton('Cancel', () => form.remove()),
      problem,
    ]);

    async function submit(): Promise<void> {
      const file = input.files?.[0];
      if (!file) {
        problem.textContent = 'Choose your key file first.';
        problem.hidden = false;
        return;
      }
      if (file.size > MAX_KEY_FILE_BYTES) {
        problem.textContent = `${file.name} is too large to be a key file.`;
        problem.hidden = false;
        return;
      }
      confirm.disabled = true;
      try {
        const seal = await options.api.initialVersion({ docId: options.docId, versionId: version.id, privateKeyPem: await file.text() });
        form.remove();
        input.value = '';
        row.replaceWith(versionRow(version, seal));
        await load();
      } catch (failure) {
        problem.textContent = describeError(failure);
        problem.hidden = false;
      } finally {
        confirm.disabled = false;
      }
    }
    return form;
  }

  function versionRow(version: VersionInfo, seal: VersionSeal | undefined): HTMLElement {
    const ok = seal !== undefined && seal.problems.length === 0;
    const row = el('li', { class: 'version-row', attrs: { 'data-testid': 'version-row', 'data-version': version.id } });
    const hash = seal?.hash ?? null;
    const head = el('div', { class: 'version-head' }, [
      el('span', { class: 'version-name', text: version.name }),
      el('span', { class: 'version-meta', text: `${formatTime(version.createdAt)}${version.authorId ? ` · ${options.memberName(version.authorId)}` : ''}` }),
      el('span', {
        class: `version-badge ${seal === undefined ? '' : ok ? 'is-ok' : 'is-failing'}`,
        text: seal === undefined ? 'Not checked' : ok ? '✓ Verified' : '✗ Does not verify',
        attrs: { 'data-testid': 'version-verified' },
      }),
    ]);
    const initials = el('div', { class: `version-initials ${seal?.initials.length ? 'is-initialled' : ''}`, text: initialsText(seal), attrs: { 'data-testid': 'version-initials' } });
    const hashLine = el('div', { class: 'version-hash', text: hash === null ? 'No content hash' : `Hash ${shortHash(hash)}`, title: hash ?? '', attrs: { 'data-testid': 'version-hash' } });
    row.append(head, initials, hashLine);
    for (const problem of seal?.problems ?? []) {
      row.append(el('div', { class: 'version-problem', text: `${problem.kind}: ${problem.message}`, attrs: { 'data-testid': 'version-problem' } }));
    }
    // Only a version that verifies can be initialled (main refuses the others): initials never vouch for altered text.
    const initialable = seal !== undefined && seal.problems.every((p) => p.kind === 'signature' || p.kind === 'projection');
    if (options.member !== null && initialable && !seal.initials.some((i) => i.memberId === options.member?.id)) {
      const initial = el('button', { class: 'button button-secondary version-initial', text: 'Initial this version…', attrs: { type: 'button', 'data-testid': 'version-initial' } });
      initial.addEventListener('click', () => {
        if (row.querySelector('.initial-form')) return;
        const form = initialForm(version, row);
        row.append(form);
        form.querySelector('input')?.focus();
      });
      row.append(initial);
    }
    return row;
  }

  async function load(): Promise<void> {
    const mine = ++request;
    verifyButton.disabled = true;
    summary.textContent = 'Verifying…';
    error.hidden = true;
    try {
      const [versions, report] = await Promise.all([options.api.listVersions(options.docId), options.api.verifyVersions(options.docId)]);
      if (mine !== request) return;
      const seals = new Map(report.versions.map((v) => [v.versionId, v]));
      list.replaceChildren(...versions.map((v) => versionRow(v, seals.get(v.id))));
      summary.textContent = summaryText(report);
      summary.classList.toggle('is-failing', !report.ok);
    } catch (failure) {
      if (mine !== request) return;
      summary.textContent = '';
      fail(`Could not verify the versions: ${describeError(failure)}`);
    } finally {
      if (mine === request) verifyButton.disabled = false;
    }
  }

  void load();
  return dialog;
}
