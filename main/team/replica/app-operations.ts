import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as Y from 'yjs';
import type { SetAsideEditInfo, TeamJoinRequest, TeamShareRequest, TeamSyncStatus } from '../../../shared/api/contract';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import type { WorkspaceStoreApi } from '../../store/store-types';
import type { OpenWorkspace, WorkspaceRegistry } from '../../services/workspace-registry';
import { changesDocument } from '../../policy/update-policy';
import { parseWorkspaceUrl } from './binding';
import { bindForSharing, joinWorkspace } from './operations';
import { setAsidePreview } from './server-state';
import { TeamHttpClient } from './team-http';

/** How long the app's "Share…" waits for the server to confirm everything (ms). */
const SHARE_TIMEOUT_MS = 60_000;

/**
 * "Join team workspace…": creates the local replica file (at `input.path`,
 * or beside `besidePath` named after the team workspace: "Team talks.draftroom",
 * "Team talks (2).draftroom", …) and returns its path; the caller opens it.
 */
export async function joinFromApp(input: TeamJoinRequest, besidePath: string): Promise<string> {
  let file: string;
  if (input.path !== undefined) {
    file = resolve(input.path);
    if (!file.endsWith('.draftroom')) throw new DraftroomError('invalid-argument', `a workspace file ends in .draftroom (got ${file})`);
  } else {
    const { serverUrl, workspaceId } = parseWorkspaceUrl(input.url);
    const manifest = await new TeamHttpClient(serverUrl, workspaceId, input.token).manifest();
    file = freeFileName(dirname(besidePath), manifest.workspace.name);
  }
  await joinWorkspace(input.url, input.token, file);
  return file;
}

/**
 * "Share…" on an open workspace: binds it to the team workspace (parties and
 * members copied in), starts the sync that pushes its documents, versions
 * and contents, and resolves once the server has stored everything.
 */
export async function shareFromApp(registry: WorkspaceRegistry, workspace: OpenWorkspace, input: TeamShareRequest): Promise<TeamSyncStatus> {
  if (workspace.replica !== null) throw new DraftroomError('conflict', 'this workspace is already shared with a team server');
  await bindForSharing(workspace.store, input.url, input.token);
  const engine = registry.startTeamSync(workspace);
  if (engine === null) throw new DraftroomError('internal', 'the workspace was bound but its sync did not start');
  await engine.whenSynced(SHARE_TIMEOUT_MS);
  return engine.status();
}

/** The set-aside edits of a workspace with their documents' titles. */
export function setAsideEditsOf(store: WorkspaceStoreApi): SetAsideEditInfo[] {
  const titles = new Map(store.listDocuments().map((d) => [d.id, d.title]));
  return store.listSetAsideEdits().map((edit) => ({ ...edit, documentTitle: titles.get(edit.docId) ?? edit.docId }));
}

/**
 * A window's copy of a document main replaced (the team server refused an
 * edit): keeps what it has beyond main's document and the edits already set
 * aside for it, so keystrokes typed while the replica went back to the
 * server's state are set aside too, never dropped. Returns whether anything
 * was kept. `invalid-argument` if `state` is not a Yjs update.
 */
export function keepWindowCopy(workspace: OpenWorkspace, docId: string, state: Uint8Array): boolean {
  const current = workspace.hub.withDocument(docId, (doc) => Y.encodeStateAsUpdate(doc));
  const server = new Y.Doc();
  const known = new Y.Doc();
  const window = new Y.Doc();
  try {
    try {
      Y.applyUpdate(window, state);
    } catch (error) {
      throw new DraftroomError('invalid-argument', `not a Yjs document state: ${errorText(error)}`);
    }
    Y.applyUpdate(server, current);
    Y.applyUpdate(known, current);
    for (const edit of workspace.store.listSetAsideEdits()) {
      if (edit.docId === docId) Y.applyUpdate(known, workspace.store.getSetAsideEdit(edit.id).update);
    }
    const beyondKnown = Y.encodeStateAsUpdate(window, Y.encodeStateVector(known));
    if (!changesDocument(known, beyondKnown)) return false;
    workspace.store.addSetAsideEdit({
      docId,
      reason: "typed while the document went back to the team server's state",
      preview: setAsidePreview(window, server),
      update: Y.encodeStateAsUpdate(window, Y.encodeStateVector(server)),
    });
    workspace.replica?.notifyChanged();
    return true;
  } finally {
    server.destroy();
    known.destroy();
    window.destroy();
  }
}

/** `<folder>/<name>.draftroom`, or `<name> (2).draftroom`, … whichever does not exist yet. */
function freeFileName(folder: string, name: string): string {
  const safe = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100) || 'Team workspace';
  let candidate = join(folder, `${safe}.draftroom`);
  for (let n = 2; existsSync(candidate); n++) candidate = join(folder, `${safe} (${n}).draftroom`);
  return candidate;
}
