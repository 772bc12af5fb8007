import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentHub } from '../../../main/services/document-hub';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { readBinding } from '../../../main/team/replica/binding';
import { joinWorkspace, syncRound } from '../../../main/team/replica/operations';
import { ReplicaEngine } from '../../../main/team/replica/replica-engine';
import { tempDir, typeInClause } from '../services/harness';
import { editThroughHub, linesInFile, linesInHub, makeServerWorkspace, waitFor, windowPeer, startServer, type RunningServer, type ServerWorkspace } from './replica-fixtures';

const QUICK = { probeDelayMs: 20, workspaceIntervalMs: 200, resetRetryMs: 100 };

let tmp: ReturnType<typeof tempDir>;
let serverPath: string;
let server: RunningServer;
let team: ServerWorkspace;

beforeEach(async () => {
  tmp = tempDir();
  serverPath = `${tmp.dir}/server.draftroom`;
  team = makeServerWorkspace(serverPath);
  server = await startServer(serverPath);
});

afterEach(async () => {
  await server.close();
  tmp.cleanup();
});

describe('an edit the team server refuses', () => {
  it('resets the replica to the server state and sets the refused edits aside with the reason and their text', async () => {
    const local = `${tmp.dir}/olga.draftroom`;
    // Olga is an observer on the server; locally a window acts as Alice (a drafter), whom the local hub lets edit.
    await joinWorkspace(`${server.url}/${team.workspaceId}`, team.token(team.olga), local, { engine: QUICK });
    const serverLines = linesInHub(server.hub, team.docId);
    const store = openWorkspace(local);
    const hub = new DocumentHub(store, { loadYDoc });
    const engine = new ReplicaEngine(store, hub, readBinding(store)!, QUICK);
    const replaced: string[] = [];
    const window = { ...windowPeer(store, team.alice.id), documentReplaced: (docId: string) => replaced.push(docId) };
    try {
      engine.start();
      await engine.whenSynced(10_000);
      editThroughHub(hub, window, team.docId, (doc) => typeInClause(doc, 0, ' Refused text.', { by: team.alice }));
      expect(linesInHub(hub, team.docId).join('\n')).toContain('Refused text.');

      await waitFor(() => store.listSetAsideEdits().length === 1 && engine.status().state !== 'refused', 10_000, 'set-aside and reset');
      const [aside] = store.listSetAsideEdits();
      expect(aside!.docId).toBe(team.docId);
      expect(aside!.reason).toMatch(/observer/);
      expect(aside!.preview).toContain('Refused text.');
      // The set-aside update holds the refused edit: applied to the server's state it brings the text back.
      const restored = new Y.Doc();
      Y.applyUpdate(restored, server.hub.withDocument(team.docId, (doc) => Y.encodeStateAsUpdate(doc)));
      Y.applyUpdate(restored, store.getSetAsideEdit(aside!.id).update);
      expect(restored.getXmlFragment('prosemirror').toString()).toContain('Refused text.');

      expect(linesInHub(hub, team.docId)).toEqual(serverLines);
      expect(replaced).toEqual([team.docId]);
      expect(server.log.some((line) => line.startsWith('refuse'))).toBe(true);
      await engine.whenSynced(10_000);
      expect(engine.status()).toMatchObject({ state: 'online', pending: 0, setAside: 1 });
    } finally {
      engine.stop();
      hub.dispose();
      store.close();
    }
    expect(linesInFile(local, team.docId)).toEqual(serverLines);
    expect(linesInFile(serverPath, team.docId).join('\n')).not.toContain('Refused text.');
    // Set aside, not lost: discarding is the user's choice.
    const again = openWorkspace(local);
    try {
      const [aside] = again.listSetAsideEdits();
      again.deleteSetAsideEdit(aside!.id);
      expect(again.listSetAsideEdits()).toEqual([]);
    } finally {
      again.close();
    }
  });

  it('sync exits with the refusal after setting the edits aside, and the next sync succeeds', async () => {
    const local = `${tmp.dir}/olga.draftroom`;
    const token = team.token(team.olga);
    await joinWorkspace(`${server.url}/${team.workspaceId}`, token, local, { engine: QUICK });
    const store = openWorkspace(local);
    const hub = new DocumentHub(store, { loadYDoc });
    editThroughHub(hub, windowPeer(store, team.alice.id), team.docId, (doc) => typeInClause(doc, 1, ' Offline, refused later.', { by: team.alice }));
    hub.dispose();
    store.close();

    await expect(syncRound(local, { engine: QUICK, timeoutMs: 10_000 })).rejects.toThrow(/refused an edit: .*observer/);
    const after = openWorkspace(local);
    try {
      expect(after.listSetAsideEdits()).toHaveLength(1);
    } finally {
      after.close();
    }
    expect(linesInFile(local, team.docId)).toEqual(linesInHub(server.hub, team.docId));
    const round = await syncRound(local, { engine: QUICK, timeoutMs: 10_000 });
    expect(round.setAside).toBe(1);
  });
});
