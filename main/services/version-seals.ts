import { createHash, type KeyObject } from 'node:crypto';
import { DraftroomError } from '../../shared/api/errors';
import { initialMessage, shortHash } from '../../shared/initials/initial-message';
import type { VersionInitialCheck, VersionProblem, VersionSeal, VerifyReport } from '../../shared/initials/seal-types';
import { checksumMatches, versionChecksum } from '../store/row-checksums';
import type { StoredInitial, VersionChainRow, WorkspaceStoreApi } from '../store/store-types';
import { VERSION_PROJECTION_FORMAT } from '../../shared/redline/version-projection';
import { hashFieldsOfRow, versionHash, versionHashOfContent } from '../store/version-hash';
import { publicKeyPemOf, readPrivateKey, readPublicKey, signText, signatureValid } from './member-keys';

/**
 * Initialled versions, tamper-evident: verifying every named version's
 * chained content hash and every member's initials, and initialling a
 * version. Reads the rows as stored (`versionChain`), so that a row changed
 * outside Draftroom is named rather than refused on the way in.
 */

/** The recorded keys of the workspace's members, read once per check (a damaged record counts as no key). */
function recordedKeys(store: WorkspaceStoreApi): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const key of store.listMemberKeys()) {
    try {
      keys.set(key.memberId, readPublicKey(key.publicKeyPem, key.memberId));
    } catch {
      // Left out: initials by this member then fail to verify, and say so.
    }
  }
  return keys;
}

/** Hashes computed from rows already seen, by a digest of everything the hash is made from (the decode is the cost). */
const computedHashes = new Map<string, string>();
/** Entries `computedHashes` keeps (oldest dropped first). */
const MAX_COMPUTED_HASHES = 64;

/** `versionHash` of a row, remembered by a SHA-256 of its fields and state bytes (a changed byte is a new key). */
function computedHashOf(row: VersionChainRow, state: Uint8Array): string {
  const fields = hashFieldsOfRow(row, row.prev_hash);
  const key = createHash('sha256').update(JSON.stringify(fields)).update(state).digest('hex');
  const known = computedHashes.get(key);
  if (known !== undefined) return known;
  const computed = versionHash(fields, state);
  computedHashes.set(key, computed);
  if (computedHashes.size > MAX_COMPUTED_HASHES) computedHashes.delete(computedHashes.keys().next().value!);
  return computed;
}

/** The message for content that no longer gives its recorded hash. */
function alteredContent(row: VersionChainRow & { readonly hash: string }, computed: string | null, damaged: boolean): VersionProblem {
  return {
    kind: 'content',
    message: `its content no longer gives its recorded hash ${shortHash(row.hash)}${computed === null ? '' : ` (now ${shortHash(computed)})`}: its text, records or facts were changed after it was saved${damaged ? '; its row checksum does not match either' : ''}`,
  };
}

const NO_HASH: VersionProblem = { kind: 'content', message: 'it has no recorded content hash (its state could not be read when the chain was made)' };

function contentProblem(row: VersionChainRow, contentMatches?: boolean): VersionProblem | null {
  if (contentMatches !== undefined) {
    // The caller read the content (a redline, from the version's projection or its state: read and checked by the store) and checked it against the hash; the chain was read without states.
    if (row.hash === null) return NO_HASH;
    return contentMatches ? null : alteredContent({ ...row, hash: row.hash }, null, false);
  }
  const state = row.state;
  if (!(state instanceof Uint8Array)) return { kind: 'content', message: 'its stored state is missing or not bytes' };
  if (row.hash === null) return NO_HASH;
  let computed: string;
  try {
    computed = computedHashOf(row, state);
  } catch {
    return { kind: 'content', message: 'its stored state cannot be decoded' };
  }
  if (computed !== row.hash) return alteredContent({ ...row, hash: row.hash }, computed, !checksumMatches(row.checksum, versionChecksum(row.doc_id, state)));
  return null;
}

function orderProblem(row: VersionChainRow, before: VersionChainRow | undefined): VersionProblem | null {
  const expected = before?.hash ?? null;
  if (row.prev_hash === expected) return null;
  if (before === undefined) {
    return { kind: 'order', message: `it is first in the chain but records a previous version (${shortHash(row.prev_hash ?? '')}): a version before it is missing or the chain was reordered` };
  }
  return {
    kind: 'order',
    message: row.prev_hash === null
      ? `it comes after "${before.name}" but records no previous version: the chain was reordered`
      : `it comes after "${before.name}" but records the previous hash ${shortHash(row.prev_hash)}, not that version's: the chain was reordered or a version removed`,
  };
}

function checkInitial(
  store: WorkspaceStoreApi,
  keys: Map<string, KeyObject>,
  row: VersionChainRow,
  initial: StoredInitial,
): VersionInitialCheck {
  const member = store.getMember(initial.memberId);
  const party = member ? store.listParties().find((p) => p.id === member.partyId) : undefined;
  const key = keys.get(initial.memberId);
  const valid =
    key !== undefined &&
    row.hash !== null &&
    signatureValid(key, initialMessage({ versionHash: row.hash, memberId: initial.memberId, at: initial.at }), initial.signature);
  return { memberId: initial.memberId, memberName: member?.name ?? initial.memberId, partyCode: party?.code ?? '', at: initial.at, valid };
}

/** Checks the version at `index` of a document's chain: its content, its link to the one before it, its initials. */
function checkRow(
  store: WorkspaceStoreApi,
  keys: Map<string, KeyObject>,
  document: { readonly id: string; readonly title: string },
  rows: readonly VersionChainRow[],
  index: number,
  initials: readonly StoredInitial[],
  contentMatches?: boolean,
): VersionSeal {
  const row = rows[index]!;
  const problems: VersionProblem[] = [];
  const content = contentProblem(row, contentMatches);
  if (content) problems.push(content);
  const order = orderProblem(row, rows[index - 1]);
  if (order) problems.push(order);
  const checks = initials.filter((i) => i.versionId === row.id).map((i) => checkInitial(store, keys, row, i));
  for (const check of checks) {
    if (!check.valid) {
      problems.push({
        kind: 'signature',
        message: `the initials of ${check.memberName}${check.partyCode ? ` (${check.partyCode})` : ''} (${check.at}) do not verify with their recorded key`,
      });
    }
  }
  return {
    docId: document.id,
    documentTitle: document.title,
    versionId: row.id,
    name: row.name,
    position: index + 1,
    hash: row.hash,
    previousHash: row.prev_hash,
    initials: checks,
    problems,
  };
}

/**
 * A stored redline projection that does not give the version's recorded
 * hash, of a version whose state does (so the two differ) (one of a format this build does not know is left alone; a version
 * without one gets it on its next redline).
 */
function projectionProblem(store: WorkspaceStoreApi, row: VersionChainRow): VersionProblem | null {
  const stored = store.versionProjection(row.id)?.projection;
  if (!stored || stored.format !== VERSION_PROJECTION_FORMAT || row.hash === null) return null;
  if (versionHashOfContent(hashFieldsOfRow(row, row.prev_hash), stored.content) === row.hash) return null;
  return {
    kind: 'projection',
    message: 'its stored redline projection does not give its recorded hash: it was altered or damaged after it was saved (redlines read the version’s state instead; its content is not affected)',
  };
}

/** Checks one document's chain and initials, and each version's stored redline projection; every version in chain order. */
function verifyDocument(store: WorkspaceStoreApi, keys: Map<string, KeyObject>, docId: string): VersionSeal[] {
  const document = store.getDocument(docId);
  const rows = store.versionChain(docId);
  const initials = store.listInitials(docId);
  return rows.map((row, index) => {
    const seal = checkRow(store, keys, document, rows, index, initials);
    // A version whose own row no longer gives its hash is named for that alone (its projection cannot give it either).
    const projection = seal.problems.some((p) => p.kind === 'content') ? null : projectionProblem(store, row);
    return projection ? { ...seal, problems: [...seal.problems, projection] } : seal;
  });
}

/**
 * One version's seal (what a redline header prints): its content against
 * its hash, its link to the version before it, and its initials; the rest
 * of the chain is not checked (`verifyVersions` does that). With
 * `contentMatches`, the caller has read the version's content and checked
 * it against the recorded hash itself (a redline, `readVersion`): that
 * answer is the content check, and the state is not decoded again. Reads only.
 */
export function versionSeal(store: WorkspaceStoreApi, docId: string, versionId: string, options: { readonly contentMatches?: boolean } = {}): VersionSeal {
  const document = store.getDocument(docId);
  // With the content already checked, the states are not needed (each is about as large as the version).
  const rows = store.versionChain(document.id, { states: options.contentMatches === undefined });
  const index = rows.findIndex((r) => r.id === versionId);
  if (index < 0) throw new DraftroomError('unknown-version', `The document has no version with id ${versionId}.`);
  return checkRow(store, recordedKeys(store), document, rows, index, store.listInitials(document.id), options.contentMatches);
}

/**
 * Verifies the named versions of one document, or of every document: each
 * version's content against its hash, its place in the chain, and every
 * signature of initials against the member's recorded key. Reads only.
 */
export function verifyVersions(store: WorkspaceStoreApi, docId?: string): VerifyReport {
  const keys = recordedKeys(store);
  const docIds = docId === undefined ? store.listDocuments().map((d) => d.id) : [store.getDocument(docId).id];
  const versions = docIds.flatMap((id) => verifyDocument(store, keys, id));
  return { ok: versions.every((v) => v.problems.length === 0), versions };
}

/** What `initialVersion` needs: who, which version, and the member's private key file's text. */
export interface InitialInput {
  readonly docId: string;
  /** Version id or name. */
  readonly versionRef: string;
  readonly memberId: string;
  readonly privateKeyPem: string;
  /** Where the key came from, for messages ("The key file /home/…/olena.pem"). */
  readonly keySource?: string;
  /** ISO time; default now. */
  readonly at?: string;
}

/**
 * A member initials a version: signs its recorded hash with their private
 * key and keeps the signature. Refused (and nothing written) when the key
 * file is not an Ed25519 private key (`invalid-argument`), the member has
 * no recorded key or the key is not theirs (`forbidden`), the version is
 * unknown (`unknown-version`) or already initialled by them (`conflict`), or
 * the version does not verify (`corrupt`: initials must never vouch for
 * altered text). Returns the version's seal as it is now.
 */
export function initialVersion(store: WorkspaceStoreApi, input: InitialInput): VersionSeal {
  const privateKey = readPrivateKey(input.privateKeyPem, input.keySource);
  const member = store.getMember(input.memberId);
  if (!member) throw new DraftroomError('unknown-member', `There is no member with id ${input.memberId}.`);
  const recorded = store.getMemberKey(member.id);
  if (!recorded) {
    throw new DraftroomError('forbidden', `${member.name} has no recorded key; make one first: draftroom key create <workspace> --as "${member.name}" --out <key file>`);
  }
  if (publicKeyPemOf(privateKey).trim() !== recorded.publicKeyPem.trim()) {
    const owner = store.listMemberKeys().find((k) => k.publicKeyPem.trim() === publicKeyPemOf(privateKey).trim());
    const whose = owner ? `it is the key of ${store.getMember(owner.memberId)?.name ?? owner.memberId}` : 'it is not any member’s recorded key';
    throw new DraftroomError('forbidden', `This key is not ${member.name}’s (${whose}); only a member may initial, and only with their own key.`);
  }
  const document = store.getDocument(input.docId);
  const version = store.getVersion(document.id, input.versionRef);
  const seal = verifyVersions(store, document.id).versions.find((v) => v.versionId === version.id);
  if (!seal || seal.hash === null) throw new DraftroomError('corrupt', `Version "${version.name}" has no content hash to initial.`);
  const broken = seal.problems.filter((p) => p.kind !== 'signature' && p.kind !== 'projection');
  if (broken.length > 0) {
    throw new DraftroomError('corrupt', `Version "${version.name}" does not verify (${broken.map((p) => p.message).join('; ')}); it cannot be initialled.`);
  }
  if (seal.initials.some((i) => i.memberId === member.id)) {
    throw new DraftroomError('conflict', `${member.name} has already initialled version "${version.name}".`);
  }
  const at = new Date(input.at ?? Date.now()).toISOString();
  const signature = signText(privateKey, initialMessage({ versionHash: seal.hash, memberId: member.id, at }));
  store.addInitial({ versionId: version.id, memberId: member.id, at, signature });
  return verifyVersions(store, document.id).versions.find((v) => v.versionId === version.id)!;
}
