import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamSyncStatus } from '../../../shared/api/contract';
import type { WorkspaceInfo } from '../../../shared/domain/types';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { createWorkspace } from '../../../main/store/workspace-store';
import { joinWorkspace } from '../../../main/team/replica/operations';
import { clauseLines, insertClause, MirrorClient, openPeer, tempDir, typeInClause } from '../services/harness';
import { linesInHub, makeServerWorkspace, startServer, waitFor, windowPeer, type RunningServer, type ServerWorkspace } from './replica-fixtures';

/** The last team status a session heard. */
function statusOf(events: { event: string; payload: unknown }[]): string | undefined {
  const last = events.filter((e) => e.event === 'teamStatus').at(-1);
  return (last?.payload as TeamSyncStatus | undefined)?.state;
}

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

describe('the app (web host or Electron) as a local replica', () => {
  it('a bound workspace syncs while open: a window\'s edit reaches the server, the server\'s reaches the window, status events follow', async () => {
    const local = `${tmp.dir}/alice.draftroom`;
    await joinWorkspace(`${server.url}/${team.workspaceId}`, team.token(team.alice), local);
    const peer = openPeer(registry, local);
    expect((await peer.session.getWorkspace()).fixedIdentity?.memberId).toBe(team.alice.id);
    const mirror = new MirrorClient(team.docId);
    await mirror.connect(peer);
    await waitFor(() => registry.acquire(local).replica?.status().state === 'online', 10_000, 'online');
    registry.release(registry.acquire(local));

    typeInClause(mirror.doc, 0, ' From the window.', { by: team.alice });
    await mirror.settled();
    await waitFor(() => linesInHub(server.hub, team.docId).join('\n').includes('From the window.'), 10_000, 'edit on the server');

    server.hub.change(windowPeer(server.store, team.bohdan.id), team.docId, (doc) => insertClause(doc, 2, 'c-server', 'From the server.'));
    await waitFor(() => clauseLines(mirror.doc).join('\n').includes('From the server.'), 10_000, 'server edit in the window');
    await waitFor(() => registry.isOpen(local) && statusOf(peer.events) === 'online', 10_000, 'online again');
    const statuses = peer.events.filter((e) => e.event === 'teamStatus').map((e) => (e.payload as TeamSyncStatus).state);
    expect(statuses).toContain('online');
    expect(await peer.session.getTeamStatus()).toMatchObject({ state: 'online', pending: 0, setAside: 0 });

    // Workspace-level data follows the server: a new member and a role change reach the window.
    server.store.addMember({ name: 'Nadia New', partyId: team.ua.id, role: 'suggester' });
    server.store.setMemberRole(team.carol.id, 'observer');
    await waitFor(() => {
      const changed = peer.events.filter((e) => e.event === 'workspaceChanged').at(-1)?.payload as WorkspaceInfo | undefined;
      return changed !== undefined && changed.members.some((m) => m.name === 'Nadia New') && changed.members.find((m) => m.id === team.carol.id)?.role === 'observer';
    }, 10_000, 'workspaceChanged with the new member and role');
    peer.session.close();
  });

  it('Share… binds an open local workspace and pushes it; Join… creates a replica beside it and switches the window', async () => {
    const local = `${tmp.dir}/mine.draftroom`;
    createWorkspace(local, { name: 'Mine' }).close();
    const peer = openPeer(registry, local);
    expect(await peer.session.getTeamStatus()).toBeNull();
    const before = await peer.session.listDocuments();
    expect(before).toEqual([]);
    const status = await peer.session.shareWorkspace({ url: `${server.url}/${team.workspaceId}`, token: team.token(team.carol) });
    expect(status.state).toBe('online');
    expect((await peer.session.getIdentity())?.member.id).toBe(team.carol.id);
    expect((await peer.session.listDocuments()).map((d) => d.title)).toEqual(['Peace framework']);

    const joined = await peer.session.joinTeamWorkspace({ url: `${server.url}/${team.workspaceId}`, token: team.token(team.alice) });
    expect(joined.path).toBe(`${tmp.dir}/Team talks.draftroom`);
    expect(joined.id).toBe(team.workspaceId);
    expect((await peer.session.getIdentity())?.member.id).toBe(team.alice.id);
    expect(await peer.session.listSetAsideEdits()).toEqual([]);
    peer.session.close();
  });
});
