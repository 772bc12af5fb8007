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
import { identityOf } from '../../../main/services/identities';
import { loadYDoc } from '../../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { clauseLines, insertClause, makeWorkspace, type TestPeople } from '../services/harness';

/** The server's workspace: people plus one document with two clauses and a named version. */
export interface ServerWorkspace extends TestPeople {
  readonly docId: string;
  readonly versionId: string;
  readonly olga: Member;
  readonly workspaceId: string;
}

/** Writes the server's workspace file at `path`. */
export function makeServerWorkspace(path: string): ServerWorkspace {
  const people = makeWorkspace(path, 'Team talks');
  const store = openWorkspace(path);
  try {
    const olga = store.addMember({ name: 'Olga Observer', partyId: people.ua.id, role: 'observer' });
    const doc = store.createDocument({ title: 'Peace framework' });
    const ydoc = new Y.Doc();
    insertClause(ydoc, 0, 'c1', 'Sovereignty is confirmed.');
    insertClause(ydoc, 1, 'c2', 'Security guarantees.');
    store.appendUpdate(doc.id, Y.encodeStateAsUpdate(ydoc), { memberId: people.bohdan.id });
    const version = store.createVersion({ docId: doc.id, name: 'First draft', authorId: people.bohdan.id, state: Y.encodeStateAsUpdate(ydoc) });
    return { ...people, olga, docId: doc.id, versionId: version.id, workspaceId: store.meta().id };
  } finally {
    store.close();
  }
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
