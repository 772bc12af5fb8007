import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { DraftroomError } from '../../../shared/api/errors';
import { contentFragment } from '../../../shared/ydoc/layout';
import { DocumentHub, type HubPeer, type SyncOutcome } from '../../../main/services/document-hub';
import { encodeSyncStep1, encodeSyncUpdate } from '../../../main/services/sync-message';
import { loadYDoc } from '../../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { clauseLines, insertClause, makeWorkspace, tempDir, type TestPeople, typeInClause } from './harness';

/** A hub peer acting as `member`, recording what the hub delivers to it. */
function peerOf(member: Member, party: Party): HubPeer & { delivered: Uint8Array[] } {
  const identity: Identity = { member, party };
  const delivered: Uint8Array[] = [];
  return {
    delivered,
    attribution: () => ({ memberId: member.id, partyId: party.id }),
    editRefusal: () => null,
    identity: () => identity,
    deliver: (_docId, message) => delivered.push(message),
  };
}

/** Each keystroke of `text` typed at the end of clause `index` of `doc`, as one update message each. */
function keystrokes(doc: Y.Doc, index: number, text: string, tracked: boolean, by?: Member): Uint8Array[] {
  const messages: Uint8Array[] = [];
  const collect = (update: Uint8Array) => messages.push(encodeSyncUpdate(update));
  doc.on('update', collect);
  for (const ch of text) typeInClause(doc, index, ch, tracked ? { by: by ?? null } : { tracked: false });
  doc.off('update', collect);
  return messages;
}

/** An outcome as comparable data: accepted with its replies, or the error's code and message. */
function described(outcome: SyncOutcome): unknown {
  if ('replies' in outcome) return { replies: outcome.replies.length };
  const error = outcome.error;
  return error instanceof DraftroomError ? { code: error.code, message: error.message } : { error: String(error) };
}

describe('DocumentHub.handleSyncMessages (messages read together)', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let store: WorkspaceStoreApi;
  let hub: DocumentHub;
  let docId: string;
  let writer: Y.Doc;

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.dir, 'batches.draftroom');
    people = makeWorkspace(path);
    store = openWorkspace(path);
    docId = store.createDocument({ title: 'Peace framework' }).id;
    writer = new Y.Doc();
    insertClause(writer, 0, 'c-army', 'Ukraine keeps an army.');
    store.appendUpdate(docId, Y.encodeStateAsUpdate(writer));
    store.close();
    // The same file twice: one for the batch, one for the same messages one by one.
    copyFileSync(path, join(dir.dir, 'one-by-one.draftroom'));
    store = openWorkspace(path);
    hub = new DocumentHub(store, { loadYDoc, compactAfter: 10_000 });
  });

  afterEach(() => {
    hub.dispose();
    store.close();
    dir.cleanup();
  });

  it("stores a lead's run of keystrokes as one log row in one commit, and broadcasts it once", () => {
    const lead = peerOf(people.bohdan, people.ua);
    const watcher = peerOf(people.alice, people.us);
    hub.openDocument(watcher, docId);
    const rowsBefore = store.logLength(docId);
    const messages = keystrokes(writer, 0, ' In peacetime.', false);
    const outcomes = hub.handleSyncMessages(lead, docId, messages);
    expect(outcomes.map(described)).toEqual(messages.map(() => ({ replies: 0 })));
    expect(store.logLength(docId)).toBe(rowsBefore + 1);
    expect(watcher.delivered).toHaveLength(1);
    const disk = loadYDoc(store, docId);
    expect(clauseLines(disk)).toEqual(clauseLines(writer));
    expect(clauseLines(disk)[0]).toContain('In peacetime.');
  });

  it('gives each message the outcome it gets on its own when one in the run is refused or malformed, and stores the same', () => {
    // A lead's keystrokes, a write outside the document's layout and a malformed message among them, then more keystrokes.
    const outsider = new Y.Doc();
    Y.applyUpdate(outsider, Y.encodeStateAsUpdate(writer));
    const before = Y.encodeStateVector(outsider);
    outsider.getText('notes').insert(0, 'not part of a Draftroom document');
    const outside = encodeSyncUpdate(Y.encodeStateAsUpdate(outsider, before));
    const first = keystrokes(writer, 0, ' In', false);
    const rest = keystrokes(writer, 0, ' peacetime.', false);
    const malformed = new Uint8Array([2, 5, 1, 2]);
    // Well framed, but its payload is not a Yjs update (the run's framing check lets it in; the run then fails).
    const garbage = encodeSyncUpdate(new Uint8Array([5, 200, 1, 7, 7]));
    const messages = [...first, outside, malformed, ...rest, garbage, ...keystrokes(writer, 0, '?', false), encodeSyncStep1(writer), ...keystrokes(writer, 0, '!', false)];

    const lead = peerOf(people.bohdan, people.ua);
    const batched = hub.handleSyncMessages(lead, docId, messages).map(described);

    const otherStore = openWorkspace(join(dir.dir, 'one-by-one.draftroom'));
    const otherHub = new DocumentHub(otherStore, { loadYDoc, compactAfter: 10_000 });
    try {
      const oneByOne = messages.map((message) => {
        try {
          return described({ replies: otherHub.handleSyncMessage(lead, docId, message) });
        } catch (error) {
          return described({ error });
        }
      });
      expect(batched).toEqual(oneByOne);
      expect(batched[first.length]).toMatchObject({ code: 'forbidden', message: expect.stringContaining('"notes"') });
      expect(batched[first.length + 1]).toMatchObject({ code: 'invalid-argument' });
      expect(batched[first.length + 2 + rest.length]).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('malformed Yjs payload') });
      expect(batched.filter((o) => 'code' in (o as object))).toHaveLength(3);
      expect(clauseLines(loadYDoc(store, docId))).toEqual(clauseLines(loadYDoc(otherStore, docId)));
      expect(clauseLines(loadYDoc(store, docId))[0]).toContain('In peacetime.?!');
      expect(loadYDoc(store, docId).share.has('notes')).toBe(false);
    } finally {
      otherHub.dispose();
      otherStore.close();
    }
  });

  it("checks a suggester's run under the policy: tracked typing passes as one row, untracked typing is refused and nothing of it is stored", () => {
    const carol = peerOf(people.carol, people.us);
    const rows = store.logLength(docId);
    const tracked = hub.handleSyncMessages(carol, docId, keystrokes(writer, 0, ' Tracked.', true, people.carol));
    expect(tracked.every((o) => 'replies' in o)).toBe(true);
    expect(store.logLength(docId)).toBe(rows + 1);
    const onDisk = clauseLines(loadYDoc(store, docId));
    // Unmarked typing at the start of the clause (where no suggestion mark continues).
    const messages: Uint8Array[] = [];
    const collect = (update: Uint8Array) => messages.push(encodeSyncUpdate(update));
    writer.on('update', collect);
    const text = ((contentFragment(writer).get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    for (const ch of 'Untracked ') writer.transact(() => text.insert(0, ch, {}));
    writer.off('update', collect);
    const untracked = hub.handleSyncMessages(carol, docId, messages);
    expect(untracked.map(described)).toEqual(untracked.map(() => expect.objectContaining({ code: 'forbidden' })));
    expect(store.logLength(docId)).toBe(rows + 1);
    expect(clauseLines(loadYDoc(store, docId))).toEqual(onDisk);
    expect(hub.withDocument(docId, (doc) => clauseLines(doc))).toEqual(onDisk);
  });
});
