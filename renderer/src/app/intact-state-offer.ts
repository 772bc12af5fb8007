import * as Y from 'yjs';
import type { DraftroomApi } from '../../../shared/api/contract';
import { listClauses } from '../../../shared/schema/clauses';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { dialogButton, openDialog } from '../ui/dialog';
import { describeError } from '../ui/error-messages';
import { el } from '../base/dom';

/**
 * Tells the user that a document's stored edits are damaged (main refused
 * to show altered text) and offers its last intact state: everything before
 * the first damaged edit, shown read-only in the dialog as numbered clauses.
 * Nothing is written; the file keeps every row, damaged ones included.
 */
export function offerIntactState(api: DraftroomApi, docId: string, title: string, error: unknown): void {
  const dialog = openDialog(`“${title}” is damaged`, { lead: describeError(error), className: 'intact-state-dialog' });
  const open = dialogButton('Open the last intact state (read-only)', () => void show(), 'primary');
  open.dataset['testid'] = 'open-intact-state';
  dialog.footer.append(dialogButton('Close', () => dialog.close()), open);

  async function show(): Promise<void> {
    open.disabled = true;
    dialog.body.replaceChildren(el('p', { text: 'Reading the intact edits…' }));
    try {
      const ydoc = new Y.Doc();
      Y.applyUpdate(ydoc, await api.getIntactDocumentState(docId));
      const clauses = listClauses(readSuggestedDoc(ydoc));
      ydoc.destroy();
      open.hidden = true;
      dialog.body.replaceChildren(
        el('p', {
          class: 'dialog-note',
          text: 'Read-only. This is the document as it was before the damaged edit; later edits are not shown. Restore the file from a backup to keep working on it.',
        }),
        el(
          'ol',
          { class: 'intact-clauses', attrs: { 'data-testid': 'intact-clauses' } },
          clauses.map((clause) =>
            el('li', {}, [
              ...(clause.heading ? [el('strong', { text: `${clause.heading} — ` })] : []),
              clause.text,
            ]),
          ),
        ),
      );
    } catch (failure) {
      open.disabled = false;
      dialog.body.replaceChildren(el('p', { text: `Could not read it: ${describeError(failure)}` }));
    }
  }
}
