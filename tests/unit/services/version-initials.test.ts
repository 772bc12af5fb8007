import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftroomError } from '../../../shared/api/errors';
import { newKeyPair, type KeyPairPem } from '../../../main/services/member-keys';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { openWorkspace } from '../../../main/store/workspace-store';
import { makeWorkspace, openPeer, tempDir, type TestPeer, type TestPeople } from './harness';

async function errorOf(promise: Promise<unknown>): Promise<DraftroomError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DraftroomError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('API: initialVersion and verifyVersions', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let peers: TestPeer[];
  let keys: Record<'bohdan' | 'alice', KeyPairPem>;

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.dir, 'initials.draftroom');
    people = makeWorkspace(path);
    keys = { bohdan: newKeyPair(), alice: newKeyPair() };
    const store = openWorkspace(path);
    store.addMemberKey({ memberId: people.bohdan.id, publicKeyPem: keys.bohdan.publicKeyPem });
    store.addMemberKey({ memberId: people.alice.id, publicKeyPem: keys.alice.publicKeyPem });
    store.close();
    registry = new WorkspaceRegistry();
    peers = [];
  });

  afterEach(() => {
    for (const peer of peers) peer.session.close();
    registry.closeAll();
    dir.cleanup();
  });

  function peer(): TestPeer {
    const p = openPeer(registry, path);
    peers.push(p);
    return p;
  }

  it('initials a version as the window’s member with their own key; the report lists who, and the key is never stored', async () => {
    const a = peer();
    await a.session.setIdentity(people.bohdan.id);
    const { id: docId } = await a.session.createDocument('Framework');
    const version = await a.session.createVersion(docId, 'Round 1', '');
    const before = await a.session.verifyVersions(docId);
    expect(before.ok).toBe(true);
    expect(before.versions.map((v) => [v.name, v.initials.length, v.hash?.length])).toEqual([['Round 1', 0, 64]]);

    const seal = await a.session.initialVersion({ docId, versionId: version.id, privateKeyPem: keys.bohdan.privateKeyPem });
    expect(seal.initials.map((i) => [i.memberName, i.partyCode, i.valid])).toEqual([['Bohdan Lead', 'UA', true]]);
    expect(seal.problems).toEqual([]);
    const after = await a.session.verifyVersions(docId);
    expect(after.versions[0]!.initials).toHaveLength(1);
    registry.closeAll();
    const secret = keys.bohdan.privateKeyPem.split('\n')[1]!;
    expect(readFileSync(path).includes(Buffer.from(secret))).toBe(false);
  });

  it('refuses another member’s key, a malformed key, no identity and an unknown version', async () => {
    const a = peer();
    await a.session.setIdentity(people.bohdan.id);
    const { id: docId } = await a.session.createDocument('Framework');
    const version = await a.session.createVersion(docId, 'Round 1', '');
    const other = await errorOf(a.session.initialVersion({ docId, versionId: version.id, privateKeyPem: keys.alice.privateKeyPem }));
    expect(other.code).toBe('forbidden');
    expect(other.message).toContain('it is the key of Alice Drafter');
    expect((await errorOf(a.session.initialVersion({ docId, versionId: version.id, privateKeyPem: 'hello' }))).code).toBe('invalid-argument');
    expect((await errorOf(a.session.initialVersion({ docId, versionId: 'nope', privateKeyPem: keys.bohdan.privateKeyPem }))).code).toBe('unknown-version');
    const nobody = peer();
    expect((await errorOf(nobody.session.initialVersion({ docId, versionId: version.id, privateKeyPem: keys.bohdan.privateKeyPem }))).code).toBe('no-identity');
    const carol = peer();
    await carol.session.setIdentity(people.carol.id);
    const keyless = await errorOf(carol.session.initialVersion({ docId, versionId: version.id, privateKeyPem: keys.bohdan.privateKeyPem }));
    expect(keyless.code).toBe('forbidden');
    expect(keyless.message).toContain('no recorded key');
    expect((await a.session.verifyVersions(docId)).versions[0]!.initials).toEqual([]);
  });
});
