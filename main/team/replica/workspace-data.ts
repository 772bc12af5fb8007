import { DraftroomError } from '../../../shared/api/errors';
import type { WorkspaceStoreApi } from '../../store/store-types';
import type { TeamHttpClient, TeamManifest } from './team-http';

/** What one exchange of workspace-level data did. */
export interface WorkspaceDataResult {
  /** Documents created locally from the server's list. */
  readonly documentsPulled: number;
  /** Named versions copied from the server. */
  readonly versionsPulled: number;
  /** Local documents created on the server. */
  readonly documentsPushed: number;
  /** Local named versions created on the server. */
  readonly versionsPushed: number;
  /** Server parties or members not copied because a different local one has the same code or name. */
  readonly skipped: readonly string[];
}

/**
 * Brings the server's workspace-level data into the local store: parties
 * and members (added, or renamed and re-roled, matched by id), documents
 * and named versions (added by id, with their states). Nothing local is
 * removed. A server party whose code or name a different local party uses
 * is not copied (nor its members); it is named in `skipped`.
 */
export function applyManifest(store: WorkspaceStoreApi, manifest: TeamManifest): Pick<WorkspaceDataResult, 'documentsPulled' | 'versionsPulled' | 'skipped'> {
  const skipped: string[] = [];
  const skippedParties = new Set<string>();
  for (const party of manifest.parties) {
    try {
      store.upsertParty(party);
    } catch (error) {
      if (!(error instanceof DraftroomError) || error.code !== 'conflict') throw error;
      skippedParties.add(party.id);
      skipped.push(`party ${party.name} (${party.code}): ${error.message}`);
    }
  }
  for (const member of manifest.members) {
    if (skippedParties.has(member.partyId)) {
      skipped.push(`member ${member.name}`);
      continue;
    }
    store.upsertMember(member);
  }
  let documentsPulled = 0;
  const localDocs = new Set(store.listDocuments().map((d) => d.id));
  for (const doc of manifest.documents) {
    if (localDocs.has(doc.id)) continue;
    store.createDocument({ id: doc.id, title: freeTitle(store, doc.title), createdAt: doc.createdAt });
    documentsPulled += 1;
  }
  let versionsPulled = 0;
  const knownMembers = new Set(store.listMembers().map((m) => m.id));
  const knownParties = new Set(store.listParties().map((p) => p.id));
  for (const version of manifest.versions) {
    if (!store.listDocuments().some((d) => d.id === version.docId)) continue;
    const local = store.listVersions(version.docId);
    if (local.some((v) => v.id === version.id)) continue;
    const taken = new Set(local.map((v) => v.name.toLocaleLowerCase('und')));
    let name = version.name;
    for (let n = 2; taken.has(name.toLocaleLowerCase('und')); n++) name = `${version.name} (${n})`;
    store.createVersion({
      id: version.id,
      docId: version.docId,
      name,
      note: version.note ?? '',
      authorId: version.authorId !== null && knownMembers.has(version.authorId) ? version.authorId : null,
      partyId: version.partyId !== null && knownParties.has(version.partyId) ? version.partyId : null,
      createdAt: version.createdAt,
      state: new Uint8Array(Buffer.from(version.state, 'base64')),
    });
    versionsPulled += 1;
  }
  return { documentsPulled, versionsPulled, skipped };
}

/**
 * Creates on the server every local document and named version it does not
 * list (by id): documents made or versions saved while offline, or a whole
 * local workspace being shared. Document contents travel over their
 * WebSockets, not here.
 */
export async function pushLocalData(
  store: WorkspaceStoreApi,
  client: TeamHttpClient,
  manifest: TeamManifest,
): Promise<Pick<WorkspaceDataResult, 'documentsPushed' | 'versionsPushed'>> {
  const remoteDocs = new Set(manifest.documents.map((d) => d.id));
  const remoteVersions = new Set(manifest.versions.map((v) => v.id));
  let documentsPushed = 0;
  let versionsPushed = 0;
  for (const doc of store.listDocuments()) {
    if (!remoteDocs.has(doc.id)) {
      await client.createDocument({ id: doc.id, title: doc.title });
      documentsPushed += 1;
    }
    for (const version of store.listVersions(doc.id)) {
      if (remoteVersions.has(version.id)) continue;
      const stored = store.getVersion(doc.id, version.id);
      await client.createVersion({
        id: version.id,
        docId: doc.id,
        name: version.name,
        ...(version.note !== '' ? { note: version.note } : {}),
        createdAt: version.createdAt,
        state: stored.state,
      });
      versionsPushed += 1;
    }
  }
  return { documentsPushed, versionsPushed };
}

/** `title`, or `title (2)`, … if a local document already has it (titles are unique, case-insensitively). */
function freeTitle(store: WorkspaceStoreApi, title: string): string {
  const taken = new Set(store.listDocuments().map((d) => d.title.toLocaleLowerCase('und')));
  let candidate = title;
  for (let n = 2; taken.has(candidate.toLocaleLowerCase('und')); n++) candidate = `${title} (${n})`;
  return candidate;
}
