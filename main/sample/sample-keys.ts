import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DraftroomError } from '../../shared/api/errors';
import { writeKeyFile } from '../cli/key-file';
import { keyPairFromSeed, type KeyPairPem } from '../services/member-keys';
import { initialVersion } from '../services/version-seals';
import type { WorkspaceStoreApi } from '../store/store-types';
import { PEACE_FRAMEWORK_DOC_ID } from './peace-framework-28';
import { SAMPLE_MEMBERS, type MemberHandle } from './sample-people';

/**
 * The sample members' signing keys and initials. ILLUSTRATIVE ONLY: each key
 * is derived from a published seed (the SHA-256 of a fixed phrase and the
 * member's id), so the sample stays the same bytes and anyone can make the
 * same key. Real members make theirs with `draftroom key create`.
 */

/** When the sample records its members' public keys. */
const KEYS_RECORDED_AT = '2025-11-15T09:00:00.000Z';

/** Who initials the 20-point version, and when (the U.S. and Ukrainian leads). */
export const SAMPLE_INITIALS: readonly { readonly by: MemberHandle; readonly at: string }[] = [
  { by: 'usLead', at: '2025-12-23T10:00:00.000Z' },
  { by: 'uaLead', at: '2025-12-23T10:05:00.000Z' },
];

/** A sample member's illustrative key pair (the same every time). */
export function sampleKeyPair(handle: MemberHandle): KeyPairPem {
  const seed = createHash('sha256').update(`draftroom illustrative sample key: ${SAMPLE_MEMBERS[handle].id}`).digest();
  return keyPairFromSeed(seed);
}

/** Records every sample member's public key. */
export function writeSampleKeys(store: WorkspaceStoreApi): void {
  for (const handle of Object.keys(SAMPLE_MEMBERS) as MemberHandle[]) {
    store.addMemberKey({ memberId: SAMPLE_MEMBERS[handle].id, publicKeyPem: sampleKeyPair(handle).publicKeyPem, createdAt: KEYS_RECORDED_AT });
  }
}

/** The U.S. and Ukrainian leads initial the version `versionId` of the peace framework with their sample keys. */
export function writeSampleInitials(store: WorkspaceStoreApi, versionId: string): void {
  for (const { by, at } of SAMPLE_INITIALS) {
    initialVersion(store, {
      docId: PEACE_FRAMEWORK_DOC_ID,
      versionRef: versionId,
      memberId: SAMPLE_MEMBERS[by].id,
      privateKeyPem: sampleKeyPair(by).privateKeyPem,
      at,
    });
  }
}

/**
 * Checks that the sample's key files can be written to `folder`: it is a
 * folder or does not exist yet, and none of the files exists (`conflict`).
 * Writes nothing; `draftroom demo --keys` checks before writing the workspace.
 */
export function assertCanWriteSampleKeyFiles(folder: string): void {
  if (existsSync(folder) && !statSync(folder).isDirectory()) throw new DraftroomError('invalid-argument', `${folder} is not a folder`);
  for (const handle of Object.keys(SAMPLE_MEMBERS) as MemberHandle[]) {
    const file = join(folder, `${SAMPLE_MEMBERS[handle].id}.pem`);
    if (existsSync(file)) throw new DraftroomError('conflict', `${file} already exists; choose an empty folder for the sample keys`);
  }
}

/**
 * Writes every sample member's private key file to `folder` (created if
 * missing), as `<member id>.pem` with mode 0600; `conflict` if one exists.
 * Returns the files written. Only on request (`draftroom demo --keys`):
 * the keys are public knowledge, but a workspace never holds a private key.
 */
export function writeSampleKeyFiles(folder: string): string[] {
  assertCanWriteSampleKeyFiles(folder);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return (Object.keys(SAMPLE_MEMBERS) as MemberHandle[]).map((handle) => {
    const file = join(folder, `${SAMPLE_MEMBERS[handle].id}.pem`);
    writeKeyFile(file, sampleKeyPair(handle).privateKeyPem);
    return file;
  });
}
