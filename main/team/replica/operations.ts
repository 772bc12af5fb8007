import { rmSync } from 'node:fs';
import { DraftroomError } from '../../../shared/api/errors';
import type { Member } from '../../../shared/domain/types';
import { readChanges, readComments } from '../../../shared/ydoc/layout';
import { DocumentHub } from '../../services/document-hub';
import { loadYDoc } from '../../store/document-state';
import type { WorkspaceStoreApi } from '../../store/store-types';
import { createWorkspace, openWorkspace } from '../../store/workspace-store';
import { parseWorkspaceUrl, readBinding, writeBinding, type BoundWorkspace } from './binding';
import { ReplicaEngine, type ReplicaEngineOptions } from './replica-engine';
import { TeamHttpClient } from './team-http';
import { applyManifest, type WorkspaceDataResult } from './workspace-data';

/** What a sync round (or a join or share, which end with one) did and how long it took. */
export interface SyncRoundResult extends WorkspaceDataResult {
  readonly serverUrl: string;
  readonly workspaceId: string;
  readonly memberId: string;
  /** Documents linked (all of the workspace's). */
  readonly documents: number;
  /** Set-aside edits in the file after the round. */
  readonly setAside: number;
  /** Wall time of the round (ms). */
  readonly ms: number;
}

/** Options of the operations (tests shorten the timeout). */
export interface RoundOptions {
  /** How long the server may take to confirm everything (ms; default 30,000). */
  readonly timeoutMs?: number;
  readonly engine?: ReplicaEngineOptions;
}

/**
 * One full sync round of a bound workspace file: push what is local, pull
 * what is remote (documents and workspace-level data), and resolve only
 * once the server has confirmed storing every local edit. Fails with
 * `invalid-argument` if the file is not bound, `unreachable` if the server
 * cannot be reached or does not confirm in time, and `forbidden` if it
 * refuses an edit (after the refused edits were set aside and the document
 * reset to the server's state).
 */
export async function syncRound(file: string, options: RoundOptions = {}): Promise<SyncRoundResult> {
  const store = openWorkspace(file);
  try {
    const bound = readBinding(store);
    if (bound === null) {
      throw new DraftroomError('invalid-argument', `${file} is not bound to a team server (use draftroom join or draftroom share first)`);
    }
    return await roundOn(store, bound, options);
  } finally {
    store.close();
  }
}

/**
 * Creates `file`, a local replica of the team workspace at `workspaceUrl`
 * (`ws(s)://host:port/<workspaceId>`) as the token's member: same
 * workspace id and name, the server's parties, members, documents (with
 * their contents) and named versions, bound to the server. All or nothing:
 * if anything fails the file is removed.
 */
export async function joinWorkspace(workspaceUrl: string, token: string, file: string, options: RoundOptions = {}): Promise<SyncRoundResult> {
  const { serverUrl, workspaceId } = parseWorkspaceUrl(workspaceUrl);
  const manifest = await new TeamHttpClient(serverUrl, workspaceId, token).manifest();
  if (manifest.workspace.id !== workspaceId) {
    throw new DraftroomError('invalid-argument', `the server answered for workspace ${manifest.workspace.id}, not ${workspaceId}`);
  }
  const store = createWorkspace(file, { name: manifest.workspace.name, id: manifest.workspace.id });
  let done = false;
  try {
    const pulled = applyManifest(store, manifest);
    const bound: BoundWorkspace = { binding: { serverUrl, workspaceId, memberId: manifest.you.memberId }, token };
    writeBinding(store, bound);
    const round = await roundOn(store, bound, options);
    done = true;
    return {
      ...round,
      documentsPulled: round.documentsPulled + pulled.documentsPulled,
      versionsPulled: round.versionsPulled + pulled.versionsPulled,
      skipped: [...pulled.skipped, ...round.skipped],
    };
  } finally {
    store.close();
    if (!done) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  }
}

/**
 * Shares a local workspace with a team server's workspace (one the
 * server's admin made a token for): the server's parties and members are
 * copied in (matched by id), every local document and named version is
 * created there with the same id, the documents' contents are pushed, and
 * the file is bound to the server as the token's member. The local file
 * keeps its own workspace id; its binding names the server's. Fails before
 * binding anything if the server already has another document with a local
 * document's title, or if the token's member cannot be copied.
 */
export async function shareWorkspace(file: string, workspaceUrl: string, token: string, options: RoundOptions = {}): Promise<SyncRoundResult> {
  const store = openWorkspace(file);
  try {
    const bound = await bindForSharing(store, workspaceUrl, token);
    return await roundOn(store, bound, options);
  } finally {
    store.close();
  }
}

/**
 * The workspace-level half of sharing, on an open store: checks that the
 * server has no other document with a local document's title, copies the
 * server's parties and members in, and binds the workspace as the token's
 * member. Pushing documents, versions and contents is the sync's job.
 */
export async function bindForSharing(store: WorkspaceStoreApi, workspaceUrl: string, token: string): Promise<BoundWorkspace> {
  const { serverUrl, workspaceId } = parseWorkspaceUrl(workspaceUrl);
  const existing = readBinding(store);
  if (existing !== null && (existing.binding.serverUrl !== serverUrl || existing.binding.workspaceId !== workspaceId)) {
    throw new DraftroomError('conflict', `${store.path} is already bound to ${existing.binding.serverUrl}/${existing.binding.workspaceId}`);
  }
  const manifest = await new TeamHttpClient(serverUrl, workspaceId, token).manifest();
  for (const local of store.listDocuments()) {
    const clash = manifest.documents.find((d) => d.id !== local.id && d.title.toLocaleLowerCase('und') === local.title.toLocaleLowerCase('und'));
    if (clash !== undefined) {
      throw new DraftroomError('conflict', `the team workspace already has another document titled "${clash.title}"; rename the local one first`);
    }
  }
  assertShareable(store, manifest.members.find((m) => m.id === manifest.you.memberId));
  applyManifest(store, manifest);
  if (store.getMember(manifest.you.memberId) === undefined) {
    throw new DraftroomError('conflict', `the token's member (${manifest.you.memberId}) could not be copied: a local party has the same name or code as theirs`);
  }
  const bound: BoundWorkspace = { binding: { serverUrl, workspaceId, memberId: manifest.you.memberId }, token };
  writeBinding(store, bound);
  return bound;
}

/**
 * The server checks the pushed contents like any edit by the token's
 * member (a document's first content excepted from the rule on unmarked
 * text): an observer changes nothing, and nobody may write change records
 * or comments in another member's name. Refuse before binding (rather than
 * have the server refuse and the documents set aside).
 */
function assertShareable(store: WorkspaceStoreApi, member: Member | undefined): void {
  if (member === undefined) throw new DraftroomError('invalid-argument', 'the team server did not list the token\'s member');
  for (const info of store.listDocuments()) {
    const doc = loadYDoc(store, info.id);
    try {
      const hasContent = doc.getXmlFragment('prosemirror').length > 0;
      if (hasContent && member.role === 'observer') {
        throw new DraftroomError('forbidden', `${member.name} is an observer and may not share documents ("${info.title}"); ask the admin for another token`);
      }
      const others = [...readChanges(doc).map((r) => r.authorId), ...readComments(doc).map((c) => c.authorId)].filter((id) => id !== member.id);
      if (others.length > 0) {
        throw new DraftroomError(
          'forbidden',
          `"${info.title}" holds change records or comments by other members; the team server takes records only in the token member's name (${member.name}). Share a copy without them, or have the admin serve this file`,
        );
      }
    } finally {
      doc.destroy();
    }
  }
}

async function roundOn(store: WorkspaceStoreApi, bound: BoundWorkspace, options: RoundOptions): Promise<SyncRoundResult> {
  const started = performance.now();
  const hub = new DocumentHub(store, { loadYDoc });
  const engine = new ReplicaEngine(store, hub, bound, { heartbeatMs: 60_000, ...options.engine });
  try {
    engine.start();
    let data: WorkspaceDataResult;
    try {
      data = await engine.whenSynced(options.timeoutMs ?? 30_000, { failFast: true });
    } catch (error) {
      // A refusal: let the set-aside and reset finish before reporting it.
      await engine.settled();
      throw error;
    }
    return {
      ...data,
      serverUrl: bound.binding.serverUrl,
      workspaceId: bound.binding.workspaceId,
      memberId: bound.binding.memberId,
      documents: store.listDocuments().length,
      setAside: store.listSetAsideEdits().length,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    engine.stop();
    hub.dispose();
  }
}
