/**
 * Fixtures for the replica tests: a server workspace file with people and a
 * document, a local "window" peer that edits a replica's hub as a member
 * would, and waiting helpers.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { writeUpdate } from 'y-protocols/sync';
import type { Member } from '../../../shared/domain/types';
import type { DocumentHub, HubPeer } from '../../../main/services/document-hub';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { startTeamServer, type TeamServer } from '../../../main/team/server/team-server';
import { identityOf } from '../../../main/services/identities';
import { loadYDoc } from '../../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { clauseLines } from '../services/harness';
import { makeTeamWorkspace, type TeamPeople } from './team-harness';

/** The server's workspace: people with a token each, one document with two clauses, and a named version. */
export interface ServerWorkspace extends TeamPeople {
  readonly versionId: string;
  /** Token secret of a member. */
  token(member: Member): string;
}

/** Writes the server's workspace file at `path`. */
export function makeServerWorkspace(path: string): ServerWorkspace {
  const people = makeTeamWorkspace(path, 'Team talks');
  const store = openWorkspace(path);
  try {
    const state = loadYDoc(store, people.docId);
    const version = store.createVersion({ docId: people.docId, name: 'First draft', authorId: people.bohdan.id, state: Y.encodeStateAsUpdate(state) });
    return { ...people, versionId: version.id, token: (member) => people.tokens.get(member.id)! };
  } finally {
    store.close();
  }
}

/** A real team server (`draftroom serve`'s) on 127.0.0.1 with a handle on its workspace's hub and store. */
export interface RunningServer {
  readonly server: TeamServer;
  readonly url: string;
  readonly port: number;
  readonly hub: DocumentHub;
  readonly store: WorkspaceStoreApi;
  /** Server log lines (refusals, connections). */
  readonly log: string[];
  close(): Promise<void>;
}

/** Starts the real team server for the file at `path` (port 0 unless given). */
export async function startServer(path: string, port = 0): Promise<RunningServer> {
  const registry = new WorkspaceRegistry({ teamSync: false });
  const lines: string[] = [];
  const server = await startTeamServer({
    path,
    host: '127.0.0.1',
    port,
    registry,
    log: { info: (line) => lines.push(line), error: (line) => lines.push(`ERROR ${line}`) },
  });
  const workspace = registry.acquire(path);
  return {
    server,
    url: server.url,
    port: server.port,
    hub: workspace.hub,
    store: workspace.store,
    log: lines,
    async close() {
      await server.close();
      registry.release(workspace);
    },
  };
}

/** A local window acting as `memberId` on a replica's hub (the hub's policy checks it). */
export function windowPeer(store: WorkspaceStoreApi, memberId: string): HubPeer {
  return {
    attribution: () => ({ memberId }),
    editRefusal: () => null,
    identity: () => identityOf(store, memberId) ?? null,
    deliver: () => undefined,
  };
}

/** Makes an edit on the hub's copy of a document as `peer` would send it (one update message). */
export function editThroughHub(hub: DocumentHub, peer: HubPeer, docId: string, edit: (doc: Y.Doc) => void): void {
  const current = hub.withDocument(docId, (doc) => Y.encodeStateAsUpdate(doc));
  const replica = new Y.Doc();
  Y.applyUpdate(replica, current);
  const before = Y.encodeStateVector(replica);
  edit(replica);
  const encoder = encoding.createEncoder();
  writeUpdate(encoder, Y.encodeStateAsUpdate(replica, before));
  hub.handleSyncMessage(peer, docId, encoding.toUint8Array(encoder));
}

/** The clause lines of a document in a workspace file. */
export function linesInFile(path: string, docId: string): string[] {
  const store = openWorkspace(path);
  try {
    const doc = loadYDoc(store, docId);
    try {
      return clauseLines(doc);
    } finally {
      doc.destroy();
    }
  } finally {
    store.close();
  }
}

/** The clause lines of the hub's live copy of a document. */
export function linesInHub(hub: DocumentHub, docId: string): string[] {
  return hub.withDocument(docId, (doc) => clauseLines(doc));
}

/** Waits until `condition` holds (polling), or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
