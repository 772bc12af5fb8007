/**
 * Two members edit next to each other without seeing each other's edit
 * (offline, or within one round trip), then the team server's hub judges
 * both: one types a word right after "agree o", the other replaces "e o"
 * (a tracked deletion plus insertion). Both are ordinary tracked
 * suggestions, each accepted by its own replica. Depending on the Yjs
 * client ids, the first one's new text lands inside the second one's
 * deletion range (Yjs orders concurrent inserts at one position by client
 * id, and a mark is a pair of formatting items) and the merged text carries
 * both an insertion and a deletion mark. The server takes both sides (each
 * comes back as a replica does: step 1, then its work) and the typed text
 * reads as the typist's insertion, not struck; see CAVEATS "Concurrent
 * tracked edits side by side".
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
import { EditorWindow } from '../../helpers/editor-window';
import { makeTeamFile, scratchDir } from '../../helpers/team-rig';
import { errorText } from '../../../shared/api/errors';
import { syncStep1Message, syncStep2Message } from '../../helpers/sync-messages';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { markChangeId } from '../../../shared/suggest/marks';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** What the server made of the two sides: its refusal (or null), and per change the text it inserts and strikes. */
interface Outcome {
  readonly refusal: string | null;
  readonly inserted: Record<string, string>;
  readonly struck: Record<string, string>;
}

/** Runs the scenario with these client ids for the typist and the replacer. */
function run(typistClient: number, replacerClient: number): Outcome {
  const tmp = scratchDir('draftroom-marks-');
  cleanups.push(() => tmp.cleanup());
  const serverPath = join(tmp.dir, 'server.draftroom');
  const team = makeTeamFile(serverPath, ['lead', 'drafter', 'suggester'], 2);
  const sides = [team.members[1]!, team.members[2]!].map((who, i) => {
    const file = join(tmp.dir, `replica-${i}.draftroom`);
    copyFileSync(serverPath, file);
    const store = openWorkspace(file);
    const hub = new DocumentHub(store, { loadYDoc });
    const client = i === 0 ? typistClient : replacerClient;
    const window = new EditorWindow(hub, team.docId, identityOf(store, who.member.id)!, () => `change-${i}`, () => client);
    cleanups.push(() => {
      window.close();
      hub.dispose();
      store.close();
    });
    return { who, store, window };
  });
  const [typist, replacer] = sides as [(typeof sides)[0], (typeof sides)[0]];
  // "Point 1: the parties agree on item 1."
  typist.window.act((view) => view.selectText('agree o').select(view.state.selection.to).type(' now'));
  replacer.window.act((view) => view.selectText('e o').type('wo'));
  expect([typist.window.stats.refused, replacer.window.stats.refused]).toEqual([0, 0]);

  const server = openWorkspace(serverPath);
  const hub = new DocumentHub(server, { loadYDoc });
  cleanups.push(() => {
    hub.dispose();
    server.close();
  });
  // Each comes back as a replica does: its sync step 1 (the state it had before editing), then its work as step 2.
  const baseDoc = loadYDoc(server, team.docId);
  const base = Y.encodeStateVector(baseDoc);
  baseDoc.destroy();
  for (const side of [typist, replacer]) {
    const peer: HubPeer = { attribution: () => ({ memberId: side.who.member.id }), identity: () => identityOf(server, side.who.member.id)!, editRefusal: () => null, deliver: () => undefined };
    const work = Y.mergeUpdates(side.store.readDocumentState(team.docId).updates.slice(1));
    try {
      hub.handleSyncMessage(peer, team.docId, syncStep1Message(base));
      hub.handleSyncMessage(peer, team.docId, syncStep2Message(work));
    } catch (error) {
      return { refusal: errorText(error), inserted: {}, struck: {} };
    }
  }
  const inserted: Record<string, string> = {};
  const struck: Record<string, string> = {};
  hub.withDocument(team.docId, (doc) =>
    readSuggestedDoc(doc).descendants((node) => {
      for (const mark of node.marks) {
        const into = mark.type.name === 'insertion' ? inserted : mark.type.name === 'deletion' ? struck : null;
        if (into) into[markChangeId(mark)] = (into[markChangeId(mark)] ?? '') + (node.text ?? '');
      }
      return true;
    }),
  );
  return { refusal: null, inserted, struck };
}

describe('concurrent tracked edits side by side, judged by the team server', () => {
  it('typing right after a range another member replaces concurrently passes, when Yjs orders the typing after the deletion mark', () => {
    expect(run(2, 1)).toEqual({ refusal: null, inserted: { 'change-0': ' now', 'change-1': 'wo' }, struck: { 'change-1': 'e o' } });
  });

  it('…and also when Yjs orders the typing inside the deletion mark (the typed text then reads as the typist’s insertion)', () => {
    expect(run(1, 2)).toEqual({ refusal: null, inserted: { 'change-0': ' now', 'change-1': 'wo' }, struck: { 'change-1': 'e o' } });
  });
});
