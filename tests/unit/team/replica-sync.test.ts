import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentHub } from '../../../main/services/document-hub';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { readBinding } from '../../../main/team/replica/binding';
import { joinWorkspace, syncRound } from '../../../main/team/replica/operations';
import { ReplicaEngine, type ReplicaStatus } from '../../../main/team/replica/replica-engine';
import { insertClause, tempDir, typeInClause } from '../services/harness';
import { editThroughHub, linesInFile, linesInHub, makeServerWorkspace, waitFor, windowPeer, startServer, type RunningServer, type ServerWorkspace } from './replica-fixtures';

const QUICK = { probeDelayMs: 20, workspaceIntervalMs: 200, resetRetryMs: 100 };

let tmp: ReturnType<typeof tempDir>;
let serverPath: string;
let server: RunningServer | null;
let team: ServerWorkspace;

beforeEach(async () => {
  tmp = tempDir();
  serverPath = `${tmp.dir}/server.draftroom`;
  team = makeServerWorkspace(serverPath);
  server = await startServer(serverPath);
});

afterEach(async () => {
  await server?.close();
  tmp.cleanup();
});

function workspaceUrl(): string {
  return `${server!.url}/${team.workspaceId}`;
}

describe('join and sync against a team server', () => {
  it('join replicates the workspace (same id, parties, members, documents, versions, contents) bound as the token member', async () => {
    const local = `${tmp.dir}/alice.draftroom`;
    const result = await joinWorkspace(workspaceUrl(), team.token(team.alice), local, { engine: QUICK });
    expect(result.documents).toBe(1);
    const store = openWorkspace(local);
    try {
      expect(store.meta().id).toBe(team.workspaceId);
      expect(store.meta().name).toBe('Team talks');
      expect(store.listParties().map((p) => p.code)).toEqual(['US', 'UA']);
      expect(store.listMembers().map((m) => m.name)).toContain('Olga Observer');
      expect(readBinding(store)?.binding).toEqual({ serverUrl: server!.url, workspaceId: team.workspaceId, memberId: team.alice.id });
      const version = store.getVersion(team.docId, team.versionId);
      expect(version.name).toBe('First draft');
      expect(version.authorId).toBe(team.bohdan.id);
    } finally {
      store.close();
    }
    const lines = linesInFile(local, team.docId);
    expect(lines).toEqual(linesInHub(server!.hub, team.docId));
    expect(lines.join('\n')).toContain('Ukraine keeps an army of 800,000.');
  });

  it('sync pushes offline edits and pulls the server\'s, then both files hold the same document', async () => {
    const local = `${tmp.dir}/alice.draftroom`;
    await joinWorkspace(workspaceUrl(), team.token(team.alice), local, { engine: QUICK });
    // Offline: a local edit straight into the file (as the app would store it) and one on the server.
    const store = openWorkspace(local);
    const hub = new DocumentHub(store, { loadYDoc });
    editThroughHub(hub, windowPeer(store, team.alice.id), team.docId, (doc) => typeInClause(doc, 0, ' Local edit.', { by: team.alice }));
    hub.dispose();
    store.close();
    server!.hub.change(windowPeer(server!.store, team.bohdan.id), team.docId, (doc) => insertClause(doc, 2, 'c3', 'Server clause.'));

    const round = await syncRound(local, { engine: QUICK });
    expect(round.ms).toBeGreaterThan(0);
    const expected = linesInHub(server!.hub, team.docId);
    expect(expected.join('\n')).toContain('Local edit.');
    expect(expected.join('\n')).toContain('Server clause.');
    expect(linesInFile(local, team.docId)).toEqual(expected);
  });

  it('the engine keeps edits while the server is down (n waiting), then confirms them once it is back', async () => {
    const local = `${tmp.dir}/alice.draftroom`;
    await joinWorkspace(workspaceUrl(), team.token(team.alice), local, { engine: QUICK });
    const port = server!.port;
    const token = team.token(team.alice);
    await server!.close();
    server = null;

    const store = openWorkspace(local);
    const hub = new DocumentHub(store, { loadYDoc });
    const bound = readBinding(store)!;
    const engine = new ReplicaEngine(store, hub, { ...bound, token }, QUICK);
    const statuses: ReplicaStatus[] = [];
    engine.onStatus((status) => statuses.push(status));
    try {
      engine.start();
      const window = windowPeer(store, team.alice.id);
      for (let i = 0; i < 3; i++) editThroughHub(hub, window, team.docId, (doc) => typeInClause(doc, 1, ` offline ${i}.`, { by: team.alice }));
      expect(engine.pendingLocalEdits()).toBe(3);
      await waitFor(() => engine.status().state === 'offline', 5_000, 'offline status');
      expect(engine.status().pending).toBe(3);

      const restarted = await startServer(serverPath, port);
      server = restarted;
      await engine.whenSynced(10_000);
      expect(engine.pendingLocalEdits()).toBe(0);
      expect(engine.status().state).toBe('online');
      expect(statuses.map((s) => s.state)).toContain('offline');
      const onServer = linesInHub(restarted.hub, team.docId).join('\n');
      for (let i = 0; i < 3; i++) expect(onServer).toContain(`offline ${i}.`);
    } finally {
      engine.stop();
      hub.dispose();
      store.close();
    }
  });
});
