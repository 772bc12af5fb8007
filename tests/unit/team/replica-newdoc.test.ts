import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { joinWorkspace } from '../../../main/team/replica/operations';
import { openPeer, tempDir } from '../services/harness';
import { linesInHub, makeServerWorkspace, startServer, type RunningServer, type ServerWorkspace } from './replica-fixtures';

const QUICK = { probeDelayMs: 20, workspaceIntervalMs: 200, resetRetryMs: 100 };
let tmp: ReturnType<typeof tempDir>;
let server: RunningServer;
let team: ServerWorkspace;
let registry: WorkspaceRegistry;

beforeEach(async () => {
  tmp = tempDir();
  const serverPath = `${tmp.dir}/server.draftroom`;
  team = makeServerWorkspace(serverPath);
  server = await startServer(serverPath);
  registry = new WorkspaceRegistry({ replicaOptions: QUICK });
});
afterEach(async () => {
  registry.closeAll();
  await server.close();
  tmp.cleanup();
});

describe('a document created in a bound workspace', () => {
  for (const who of ['bohdan', 'alice'] as const) {
    it(`reaches the server with its first clause, made by a ${who === 'bohdan' ? 'lead' : 'drafter'}`, async () => {
      const local = `${tmp.dir}/${who}.draftroom`;
      await joinWorkspace(`${server.url}/${team.workspaceId}`, team.token(team[who]), local);
      const peer = openPeer(registry, local);
      const created = await peer.session.createDocument('Annex');
      const workspace = registry.acquire(local);
      await workspace.replica!.whenSynced(10_000);
      expect(server.store.getDocument(created.id).title).toBe('Annex');
      expect(linesInHub(server.hub, created.id)).toHaveLength(1);
      expect(workspace.store.listSetAsideEdits()).toEqual([]);
      registry.release(workspace);
      peer.session.close();
    });
  }
});
