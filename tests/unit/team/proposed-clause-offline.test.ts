/**
 * Regression of the two-machines e2e: offline, a lead types at the end of a
 * clause another member proposed (its text unmarked; the `added` record
 * makes it a proposal) while its author types there too. The team server
 * judges both sides as replicas send them (step 1, then their work).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { HubPeer } from '../../../main/services/document-hub';
import { DocumentHub } from '../../../main/services/document-hub';
import { identityOf } from '../../../main/services/identities';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { writeSampleWorkspace } from '../../../main/sample/build-sample';
import { errorText } from '../../../shared/api/errors';
import type { HeadlessView } from '../../../shared/editing/headless-view';
import { EditorWindow } from '../../helpers/editor-window';
import { scratchDir } from '../../helpers/team-rig';
import { syncStep1Message, syncStep2Message } from '../../helpers/sync-messages';
import { clauseLines } from '../services/harness';
import { changesMap, contentFragment } from '../../../shared/ydoc/layout';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** Puts the cursor at the end of the clause at `index` (0-based). */
function endOfClause(view: HeadlessView, index: number): HeadlessView {
  let end = -1;
  view.doc.forEach((clause, offset, i) => {
    if (i !== index) return;
    clause.descendants((node, pos) => {
      if (node.isTextblock) end = offset + 1 + pos + node.nodeSize - 1;
      return true;
    });
  });
  return view.select(end);
}

/** The server's hub after both sides came back, what it refused, and clause 6 as it reads. */
interface Outcome {
  readonly refusals: string[];
  readonly clause6: string;
  readonly hub: DocumentHub;
  readonly server: ReturnType<typeof openWorkspace>;
  readonly docId: string;
}

function run(usClient: number, ruClient: number, ruFirst: boolean): Outcome {
  const tmp = scratchDir('draftroom-proposed-');
  cleanups.push(() => tmp.cleanup());
  const serverPath = join(tmp.dir, 'server.draftroom');
  writeSampleWorkspace(serverPath);
  const admin = openWorkspace(serverPath);
  const docId = admin.getDocument('Peace framework').id;
  const baseDoc = loadYDoc(admin, docId);
  const base = Y.encodeStateVector(baseDoc);
  baseDoc.destroy();
  admin.close();
  const sides = (['us-whitfield', 'ru-volkova'] as const).map((memberId, i) => {
    const file = join(tmp.dir, `replica-${i}.draftroom`);
    copyFileSync(serverPath, file);
    const store = openWorkspace(file);
    const hub = new DocumentHub(store, { loadYDoc });
    const window = new EditorWindow(hub, docId, identityOf(store, memberId)!, () => `change-${i}-${Math.random()}`, () => (i === 0 ? usClient : ruClient));
    cleanups.push(() => {
      window.close();
      hub.dispose();
      store.close();
    });
    return { memberId, store, window };
  });
  const [us, ru] = sides as [(typeof sides)[0], (typeof sides)[0]];
  expect(ru.window.view.doc.child(5).attrs['id']).toBe('pf-ru-no-nato-forces');
  us.window.act((view) => endOfClause(view, 4).type(' Whitfield offline.'));
  ru.window.act((view) => endOfClause(view, 5).type(' Volkova offline.'));
  us.window.act((view) => endOfClause(view, 5).type(' Whitfield again.'));
  expect([us.window.refusals, ru.window.refusals]).toEqual([[], []]);

  const server = openWorkspace(serverPath);
  const hub = new DocumentHub(server, { loadYDoc });
  cleanups.push(() => {
    hub.dispose();
    server.close();
  });
  const refusals: string[] = [];
  for (const side of ruFirst ? [ru, us] : [us, ru]) {
    const peer: HubPeer = { attribution: () => ({ memberId: side.memberId }), identity: () => identityOf(server, side.memberId)!, editRefusal: () => null, deliver: () => undefined };
    const doc = loadYDoc(side.store, docId);
    const work = Y.encodeStateAsUpdate(doc, base);
    doc.destroy();
    try {
      hub.handleSyncMessage(peer, docId, syncStep1Message(base));
      hub.handleSyncMessage(peer, docId, syncStep2Message(work));
    } catch (error) {
      refusals.push(`${side.memberId}: ${errorText(error)}`);
    }
  }
  const clause6 = hub.withDocument(docId, (doc) => clauseLines(doc)[5] ?? '');
  return { refusals, clause6, hub, server, docId };
}

describe('offline typing at the end of a clause its author proposed, by its author and by a lead', () => {
  for (const [us, ru] of [[1, 2], [2, 1]] as const) {
    for (const ruFirst of [true, false]) {
      it(`passes (clients us ${us}, ru ${ru}, ${ruFirst ? 'author' : 'lead'} reconnects first)`, () => {
        const outcome = run(us, ru, ruFirst);
        expect(outcome.refusals).toEqual([]);
        expect(outcome.clause6).toContain('Volkova offline.');
        expect(outcome.clause6).toContain('Whitfield again.');
      });
    }
  }

  it('still refuses the lead marking the author’s words as his insertion once he has seen them', () => {
    const { refusals, hub, server, docId } = run(1, 2, true);
    expect(refusals).toEqual([]);
    // Whitfield, in sync (his step 1 declares everything the server has), wraps Volkova's words in his own insertion.
    const mirror = new Y.Doc();
    hub.withDocument(docId, (doc) => Y.applyUpdate(mirror, Y.encodeStateAsUpdate(doc)));
    const own = [...changesMap(mirror).entries()].find(([, record]) => record.get('authorId') === 'us-whitfield')![0];
    const clause = contentFragment(mirror).toArray().find((el) => el instanceof Y.XmlElement && el.getAttribute('id') === 'pf-ru-no-nato-forces') as Y.XmlElement;
    const text = clause.toArray().flatMap((p) => (p instanceof Y.XmlElement ? p.toArray() : [])).find((t) => t instanceof Y.XmlText && t.toString().includes('Volkova offline.')) as Y.XmlText;
    const plain = text.toDelta().map((op: { insert: string }) => op.insert).join('');
    const state = Y.encodeStateVector(mirror);
    mirror.transact(() => text.format(plain.indexOf('Volkova'), 'Volkova'.length, { insertion: { id: own } }));
    const peer: HubPeer = { attribution: () => ({ memberId: 'us-whitfield' }), identity: () => identityOf(server, 'us-whitfield')!, editRefusal: () => null, deliver: () => undefined };
    hub.handleSyncMessage(peer, docId, syncStep1Message(state));
    expect(() => hub.handleSyncMessage(peer, docId, syncStep2Message(Y.encodeStateAsUpdate(mirror, state)))).toThrow(/another member’s proposed clause/);
    mirror.destroy();
  });
});
