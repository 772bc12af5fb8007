import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import type { AccessToken, StoredDocumentState, WorkspaceStoreApi } from '../store-types';
import { openWorkspaceForReading } from '../open-for-reading';
import { createWorkspace } from '../workspace-store';
import type { PgDatabase } from './pg-database';
import type { PgWorkspaceStore } from './pg-workspace-store';

/** What `migrate-store` copied, and the check it passed. */
export interface TransferReport {
  readonly workspaceId: string;
  readonly name: string;
  readonly parties: number;
  readonly members: number;
  readonly documents: readonly { readonly id: string; readonly title: string }[];
  readonly versions: number;
  readonly tokens: number;
}

/** A stored state as one Yjs update (the snapshot and the log merged). */
function mergedState(state: StoredDocumentState): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
      for (const update of state.updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Whether two Yjs states are the same document: the same items from the
 * same clients (state vectors) and the same deletions (Yjs snapshots).
 */
export function sameYjsState(a: Uint8Array, b: Uint8Array): boolean {
  const left = new Y.Doc({ gc: false });
  const right = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(left, a);
    Y.applyUpdate(right, b);
    return Y.equalSnapshots(Y.snapshot(left), Y.snapshot(right));
  } finally {
    left.destroy();
    right.destroy();
  }
}

/** Tokens of a workspace file with their secret hashes (the store's API never returns them). */
function fileTokenHashes(file: string): { token: AccessToken; secretHash: Uint8Array }[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT id, member_id, secret_hash, created_at, last_used_at, revoked_at FROM access_tokens ORDER BY token_key').all() as {
      id: string;
      member_id: string;
      secret_hash: Buffer;
      created_at: string;
      last_used_at: string | null;
      revoked_at: string | null;
    }[];
    return rows.map((r) => ({
      token: { id: r.id, memberId: r.member_id, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at },
      secretHash: new Uint8Array(r.secret_hash),
    }));
  } finally {
    db.close();
  }
}

function mismatch(what: string): DraftroomError {
  return new DraftroomError('internal', `the copy differs from the original: ${what}; the copy is not to be used`);
}

/**
 * Copies a workspace file into PostgreSQL (`draftroom migrate-store`): the
 * workspace with its id, parties, members, every document's state (as one
 * snapshot), who edited what (attribution), named versions and access
 * tokens (by hash: they keep working). The file is only read. Afterwards
 * every document's state in the database is checked to be the file's, and
 * the counts to match. `conflict` if the database already holds the workspace.
 */
export async function copyFileToDatabase(file: string, database: PgDatabase): Promise<TransferReport> {
  const source = openWorkspaceForReading(file);
  try {
    const meta = source.meta();
    const target = await database.createWorkspace({ id: meta.id, name: meta.name, createdAt: meta.createdAt });
    for (const party of source.listParties()) await target.addParty(party);
    for (const member of source.listMembers()) await target.addMember(member);
    const states = new Map<string, Uint8Array>();
    for (const document of source.listDocuments()) {
      await target.createDocument(document);
      const state = mergedState(source.readDocumentState(document.id));
      states.set(document.id, state);
      await target.importDocumentState(document.id, state);
      await target.importContributors(document.id, source.listContributors(document.id));
      for (const info of source.listVersions(document.id)) await target.createVersion(source.getVersion(document.id, info.id));
    }
    for (const { token, secretHash } of fileTokenHashes(file)) await target.importToken(token, secretHash);
    return await verify(source, target, states);
  } finally {
    source.close();
  }
}

/**
 * Copies a workspace from PostgreSQL into a new workspace file (`draftroom
 * migrate-store --to-file`), the same things the other way, checked the
 * same way. `conflict` if the file exists.
 */
export async function copyDatabaseToFile(database: PgDatabase, workspaceId: string, file: string): Promise<TransferReport> {
  if (existsSync(file)) throw new DraftroomError('conflict', `${file} already exists; choose a new file name`);
  const source = await database.workspace(workspaceId);
  const meta = await source.meta();
  const target = createWorkspace(file, { name: meta.name, id: meta.id });
  const states = new Map<string, Uint8Array>();
  try {
    for (const party of await source.listParties()) target.addParty(party);
    for (const member of await source.listMembers()) target.addMember(member);
    for (const document of await source.listDocuments()) {
      target.createDocument(document);
      const state = mergedState(await source.readDocumentState(document.id));
      states.set(document.id, state);
      target.replaceDocumentState(document.id, state);
      for (const info of await source.listVersions(document.id)) target.createVersion(await source.getVersion(document.id, info.id));
    }
  } finally {
    target.close();
  }
  const raw = new Database(file);
  try {
    for (const { token, secretHash } of await source.tokenHashes()) {
      raw
        .prepare('INSERT INTO access_tokens (id, member_id, secret_hash, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(token.id, token.memberId, Buffer.from(secretHash), token.createdAt, token.lastUsedAt, token.revokedAt);
    }
    const fold = raw.prepare(
      `INSERT INTO compacted_attribution (doc_key, party_key, member_key, updates, first_at, last_at)
       SELECT d.doc_key, coalesce((SELECT party_key FROM parties WHERE id = ?), 0), coalesce((SELECT member_key FROM members WHERE id = ?), 0), ?, ?, ?
         FROM documents d WHERE d.id = ?`,
    );
    for (const document of await source.listDocuments()) {
      for (const c of await source.listContributors(document.id)) fold.run(c.partyId, c.memberId, c.updates, Date.parse(c.firstAt), Date.parse(c.lastAt), document.id);
    }
  } finally {
    raw.close();
  }
  const written = openWorkspaceForReading(file);
  try {
    return await verify(written, source, states);
  } finally {
    written.close();
  }
}

/** Checks the copy against the original: counts, and every document's state (Yjs snapshots). */
async function verify(file: WorkspaceStoreApi, database: PgWorkspaceStore, states: ReadonlyMap<string, Uint8Array>): Promise<TransferReport> {
  const meta = file.meta();
  const parties = file.listParties();
  const members = file.listMembers();
  const documents = file.listDocuments();
  if (JSON.stringify(parties) !== JSON.stringify(await database.listParties())) throw mismatch('the parties');
  if (JSON.stringify(members) !== JSON.stringify(await database.listMembers())) throw mismatch('the members');
  const dbDocuments = await database.listDocuments();
  if (JSON.stringify(documents.map((d) => [d.id, d.title])) !== JSON.stringify(dbDocuments.map((d) => [d.id, d.title]))) throw mismatch('the documents');
  let versions = 0;
  for (const document of documents) {
    const expected = states.get(document.id)!;
    const inFile = mergedState(file.readDocumentState(document.id));
    const inDatabase = mergedState(await database.readDocumentState(document.id));
    if (!sameYjsState(expected, inFile) || !sameYjsState(expected, inDatabase)) throw mismatch(`the state of "${document.title}"`);
    const fileVersions = file.listVersions(document.id);
    if (fileVersions.length !== (await database.listVersions(document.id)).length) throw mismatch(`the versions of "${document.title}"`);
    versions += fileVersions.length;
    const count = (list: { updates: number }[]): number => list.reduce((sum, c) => sum + c.updates, 0);
    if (count(file.listContributors(document.id)) !== count(await database.listContributors(document.id))) throw mismatch(`the edit history of "${document.title}"`);
  }
  const tokens = file.listTokens();
  if (JSON.stringify(tokens) !== JSON.stringify(await database.listTokens())) throw mismatch('the access tokens');
  return {
    workspaceId: meta.id,
    name: meta.name,
    parties: parties.length,
    members: members.length,
    documents: documents.map((d) => ({ id: d.id, title: d.title })),
    versions,
    tokens: tokens.length,
  };
}
