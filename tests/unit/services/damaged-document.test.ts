import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
import { writeSyncStep1 } from 'y-protocols/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { offersIntactState } from '../../../shared/api/damage';
import { DraftroomError } from '../../../shared/api/errors';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { openWorkspace } from '../../../main/store/workspace-store';
import { clauseLines, insertClause, makeWorkspace, openPeer, tempDir } from './harness';

let dir: { dir: string; cleanup: () => void };
let path: string;
let docId: string;
let registry: WorkspaceRegistry;

/** A workspace whose document has three clauses, one stored edit each; the third edit's bytes are then damaged. */
beforeEach(() => {
  dir = tempDir();
  path = join(dir.dir, 'damaged.draftroom');
  makeWorkspace(path);
  const store = openWorkspace(path);
  docId = store.createDocument({ title: 'Peace framework' }).id;
  const ydoc = new Y.Doc();
  ydoc.on('update', (update: Uint8Array) => store.appendUpdate(docId, update));
  insertClause(ydoc, 0, 'c-1', 'Sovereignty is confirmed.');
  insertClause(ydoc, 1, 'c-2', 'Security guarantees follow.');
  insertClause(ydoc, 2, 'c-3', 'Reconstruction is funded.');
  store.close();
  const raw = new Database(path);
  const last = raw.prepare('SELECT seq, data FROM update_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; data: Buffer };
  const bytes = Buffer.from(last.data);
  bytes[bytes.length - 8]! ^= 0x20;
  raw.prepare('UPDATE update_log SET data = ? WHERE seq = ?').run(bytes, last.seq);
  raw.close();
  registry = new WorkspaceRegistry();
});

afterEach(() => {
  registry.closeAll();
  dir.cleanup();
});

function step1(): Uint8Array {
  const encoder = encoding.createEncoder();
  writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}

describe('a document with a damaged stored edit, through the API', () => {
  it('is refused as corrupt with the offer, the others stay listed, and its last intact state can be read', async () => {
    const peer = openPeer(registry, path);
    const error = await peer.session.syncDocument(docId, step1()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DraftroomError);
    expect((error as DraftroomError).code).toBe('corrupt');
    expect((error as DraftroomError).message).toMatch(/"Peace framework" \(id .*\) is damaged: stored edit \d+ does not match its checksum/);
    expect(offersIntactState(error)).toBe(true);

    expect((await peer.session.listDocuments()).map((d) => d.title)).toEqual(['Peace framework']);

    const intact = new Y.Doc();
    Y.applyUpdate(intact, await peer.session.getIntactDocumentState(docId));
    expect(clauseLines(intact)).toEqual(['c-1: Sovereignty is confirmed.', 'c-2: Security guarantees follow.']);
    peer.session.close();
  });
});
