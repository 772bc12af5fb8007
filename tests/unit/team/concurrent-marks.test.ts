/**
 * Two members edit next to each other without seeing each other's edit
 * (offline, or within one round trip), then the team server's hub judges
 * both: one types a word right after "agree o", the other replaces "e o"
 * (a tracked deletion plus insertion). Both are ordinary tracked
 * suggestions, each accepted by its own replica. Depending on the Yjs
 * client ids, the first one's new text lands inside the second one's
 * deletion range (Yjs orders concurrent inserts at one position by client
 * id, and a mark is a pair of formatting items), the merged text carries
 * both an insertion and a deletion mark, and the server refuses the second
 * update as "not in a shape Draftroom writes". Expected to fail until the
 * rules (or the suggestion encoding) accept what concurrent editing makes;
 * see CAVEATS "Concurrent tracked edits side by side".
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubPeer } from '../../../main/services/document-hub';
import { DocumentHub } from '../../../main/services/document-hub';
import { identityOf } from '../../../main/services/identities';
import { encodeSyncUpdate } from '../../../main/services/sync-message';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { EditorWindow } from '../../helpers/editor-window';
import { makeTeamFile, scratchDir } from '../../helpers/team-rig';
import { errorText } from '../../../shared/api/errors';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** Runs the scenario with these client ids for the typist and the replacer; returns the server's refusal, or null. */
function run(typistClient: number, replacerClient: number): string | null {
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
  for (const side of [typist, replacer]) {
    const peer: HubPeer = { attribution: () => ({ memberId: side.who.member.id }), identity: () => identityOf(server, side.who.member.id)!, editRefusal: () => null, deliver: () => undefined };
    for (const update of side.store.readDocumentState(team.docId).updates.slice(1)) {
      try {
        hub.handleSyncMessage(peer, team.docId, encodeSyncUpdate(update));
      } catch (error) {
        return errorText(error);
      }
    }
  }
  return null;
}

describe('concurrent tracked edits side by side, judged by the team server', () => {
  it('typing right after a range another member replaces concurrently passes, when Yjs orders the typing after the deletion mark', () => {
    expect(run(2, 1)).toBeNull();
  });

  it.fails('…and also when Yjs orders the typing inside the deletion mark (today: refused, "not in a shape Draftroom writes")', () => {
    expect(run(1, 2)).toBeNull();
  });
});
