import type { DraftroomApi } from '../../../shared/api/contract';
import type { WorkspaceInfo } from '../../../shared/domain/types';
import { promptDialog } from '../ui/dialog';
import { describeError, openWorkspaceMessage } from '../ui/error-messages';

/** What the app's own dialogs (new document, save version, open workspace) ask of the app. */
export interface AppDialogContext {
  readonly api: DraftroomApi;
  /** Hands every open document's edits to main (bounded wait). */
  flush(): Promise<void>;
  /** Reads the document list again (tabs, titles, version counts). */
  reloadDocumentList(): Promise<void>;
  /** Shows a document in the editor. */
  showDocument(docId: string): Promise<void>;
  /** Leaves the open workspace for another. */
  switchTo(workspace: WorkspaceInfo): Promise<void>;
  /** A passing message in the hint bar. */
  notify(message: string): void;
}

/** File ▸ New document: asks for a title, creates the document and shows it. */
export function openNewDocumentDialog(context: AppDialogContext): void {
  promptDialog({
    title: 'New document',
    lead: 'A new document starts with one empty clause.',
    label: 'Title',
    placeholder: 'e.g. Security guarantees annex',
    confirm: 'Create',
    submit: async (title) => {
      try {
        const created = await context.api.createDocument(title);
        await context.reloadDocumentList();
        await context.showDocument(created.id);
        return null;
      } catch (error) {
        return `Could not create the document: ${describeError(error)}`;
      }
    },
  });
}

/** Names the working draft of a document as it is now (after every edit has reached main). */
export function openSaveVersionDialog(context: AppDialogContext, docId: string): void {
  promptDialog({
    title: 'Save version',
    lead: 'Keeps the working draft exactly as it is now, with your name and party, under a name of your choice. Named versions can be compared and exported later.',
    label: 'Version name',
    placeholder: 'e.g. Proposal sent to Russia, 2 Dec',
    confirm: 'Save version',
    submit: async (name) => {
      try {
        await context.flush();
        const version = await context.api.createVersion(docId, name, '');
        await context.reloadDocumentList();
        context.notify(`Saved version “${version.name}”.`);
        return null;
      } catch (error) {
        return `Could not save the version: ${describeError(error)}`;
      }
    },
  });
}

/** File ▸ Open workspace… (Ctrl/Cmd+O): a path typed by hand, opened after every edit reached main. */
export function openWorkspaceDialog(context: AppDialogContext): void {
  promptDialog({
    title: 'Open workspace',
    lead: 'Type the full path of a .draftroom workspace file on this computer.',
    label: 'Workspace file',
    placeholder: '/home/you/negotiation.draftroom',
    confirm: 'Open',
    emptyMessage: 'Type the full path of a .draftroom file to open.',
    submit: async (path) => {
      // Hand every edit to main first; if the open fails, nothing else changes.
      await context.flush();
      try {
        const workspace = await context.api.openWorkspace(path);
        await context.switchTo(workspace);
        return null;
      } catch (error) {
        return openWorkspaceMessage(path, error);
      }
    },
  });
}
