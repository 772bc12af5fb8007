import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import { SeededRandom } from '../../../shared/random/seeded-random';
import type { DraftroomApi } from '../../../shared/api/contract';
import { dispatchApiCall } from '../../../main/services/dispatch';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { clauseLines, clauseLinesOnDisk, makeWorkspace, MirrorClient, openPeer, tempDir, type TestPeople, type TestPeer, typeInClause } from './harness';


function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('dispatchApiCall', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let peer: TestPeer;
  let docId: string;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'dispatch.draftroom');
    people = makeWorkspace(path);
    registry = new WorkspaceRegistry();
    peer = openPeer(registry, path);
    await peer.session.setIdentity(people.carol.id);
    docId = (await peer.session.createDocument('Target')).id;
  });

  afterEach(() => {
    peer.session.close();
    registry.closeAll();
    dir.cleanup();
  });

  it('runs a valid call and returns its value', async () => {
    const result = await dispatchApiCall(peer.session, 'setIdentity', [people.alice.id]);
    expect(result).toMatchObject({ ok: true, value: { member: { id: people.alice.id }, party: { id: people.us.id } } });
  });

  it('refuses names that are not API methods', async () => {
    for (const method of ['nope', 42, null, undefined, {}, '__proto__', 'constructor', 'toString', 'close', 'closeAllDocuments']) {
      const result = await dispatchApiCall(peer.session, method, []);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown-method');
    }
    expect(peer.session.closed).toBe(false);
  });

  it('refuses arguments of the wrong shape before they reach a service', async () => {
    const calls: [string, unknown][] = [
      ['getWorkspace', ['extra']],
      ['getWorkspace', 'not an array'],
      ['createDocument', [42]],
      ['createDocument', ['   ']],
      ['createDocument', undefined],
      ['setIdentity', []],
      ['addMember', [{ name: 'X', partyId: people.us.id, role: 'king' }]],
      ['addMember', [{ name: 'X', partyId: people.us.id, role: 'lead', admin: true }]],
      ['syncDocument', [docId]],
      ['syncDocument', [docId, [0, 0]]],
      ['syncDocument', [docId, 'AAA=']],
      ['syncDocument', [docId, { 0: 0, 1: 0, length: 2 }]],
      ['syncDocument', [docId, new ArrayBuffer(2)]],
      ['createVersion', [docId, 'v1']],
      ['openWorkspace', ['']],
    ];
    for (const [method, args] of calls) {
      const result = await dispatchApiCall(peer.session, method, args);
      expect(result.ok, `${method} ${JSON.stringify(args)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-argument');
    }
    expect((await peer.session.listDocuments()).map((d) => d.title)).toEqual(['Target']);
  });

  it('refuses garbage sync bytes without changing the document, then syncs normally', async () => {
    const mirror = new MirrorClient(docId);
    await mirror.connect(peer);
    typeInClause(mirror.doc, 0, 'Intact text.');
    await mirror.settled();
    const before = clauseLinesOnDisk(path, docId);

    const validUpdate = syncMessage((e) => writeUpdate(e, Y.encodeStateAsUpdate(mirror.doc)));
    const garbage: Uint8Array[] = [
      new Uint8Array([]),
      new Uint8Array([0xff, 0xff, 0xff]),
      new Uint8Array([3, 0]),
      new Uint8Array([2, 5, 1, 2]),
      new Uint8Array([1, 3, 9, 9, 9]),
      new Uint8Array([0, 4, 0xff, 0xff, 0xff, 0xff]),
      new Uint8Array([...validUpdate, 7]),
      validUpdate.slice(0, validUpdate.length - 3),
    ];
    for (const bytes of garbage) {
      const result = await dispatchApiCall(peer.session, 'syncDocument', [docId, bytes]);
      expect(result.ok, `bytes ${Array.from(bytes).join(',')}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-argument');
    }
    for (let seed = 1; seed <= 50; seed++) {
      const result = await dispatchApiCall(peer.session, 'syncDocument', [docId, new SeededRandom(seed).bytes(3 + (seed % 40))]);
      if (!result.ok) expect(['invalid-argument']).toContain(result.error.code);
    }
    const unknownDoc = await dispatchApiCall(peer.session, 'syncDocument', ['no-such-doc', validUpdate]);
    expect(unknownDoc).toMatchObject({ ok: false, error: { code: 'unknown-document' } });
    const titleInsteadOfId = await dispatchApiCall(peer.session, 'syncDocument', ['Target', validUpdate]);
    expect(titleInsteadOfId).toMatchObject({ ok: false, error: { code: 'unknown-document' } });

    expect(clauseLinesOnDisk(path, docId)).toEqual(before);

    // The session still works: a fresh mirror syncs and an edit goes through.
    const fresh = new MirrorClient(docId);
    await fresh.connect(peer);
    expect(clauseLines(fresh.doc)).toEqual(before);
    typeInClause(fresh.doc, 0, ' Then more.');
    await fresh.settled();
    expect(clauseLinesOnDisk(path, docId)[0]).toMatch(/Intact text\. Then more\.$/);
    const step1 = syncMessage((e) => writeSyncStep1(e, new Y.Doc()));
    expect(await dispatchApiCall(peer.session, 'syncDocument', [docId, step1])).toMatchObject({ ok: true });
  });

  it('turns an unexpected exception into an internal error result', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const broken = {
        getWorkspace: () => {
          throw new TypeError('boom');
        },
      } as unknown as DraftroomApi;
      const result = await dispatchApiCall(broken, 'getWorkspace', []);
      expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
      expect(quiet).toHaveBeenCalled();
    } finally {
      quiet.mockRestore();
    }
  });
});
