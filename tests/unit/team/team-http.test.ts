import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkspace } from '../../../main/store/workspace-store';
import type { WorkspaceManifest } from '../../../main/team/server/http-types';
import type { TeamServer } from '../../../main/team/server/team-server';
import { tempDir } from '../services/harness';
import { makeTeamWorkspace, startTestServer, type TeamPeople } from './team-harness';

describe('team server: /v1/ workspace endpoints', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TeamPeople;
  let server: TeamServer;
  let versionState: Uint8Array;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'team.draftroom');
    people = makeTeamWorkspace(path);
    const store = openWorkspace(path);
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'version text');
    versionState = Y.encodeStateAsUpdate(doc);
    store.createVersion({ id: 'v-1', docId: people.docId, name: 'First draft', authorId: people.bohdan.id, partyId: people.ua.id, state: versionState });
    store.close();
    ({ server } = await startTestServer(path, { limits: { maxRequestBytes: 4096 } }));
  });

  afterEach(async () => {
    await server.close();
    dir.cleanup();
  });

  const token = (member: { id: string }): string => people.tokens.get(member.id)!;
  const endpoint = (name: string, workspaceId = people.workspaceId): string => `${server.httpUrl}/v1/workspaces/${workspaceId}/${name}`;
  async function call(method: string, url: string, bearer: string | null, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const headers: Record<string, string> = {};
    if (bearer !== null) headers['Authorization'] = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('gives a member the manifest: workspace, who they are, parties, members, documents, versions with their states', async () => {
    const { status, json } = await call('GET', endpoint('manifest'), token(people.olga));
    expect(status).toBe(200);
    const manifest = json as unknown as WorkspaceManifest;
    expect(manifest.workspace).toEqual({ id: people.workspaceId, name: 'Team negotiation' });
    expect(manifest.you).toEqual({ memberId: people.olga.id });
    expect(manifest.parties.map((p) => p.code)).toEqual(['US', 'UA']);
    expect(manifest.members.map((m) => m.name)).toEqual(['Alice Drafter', 'Bohdan Lead', 'Carol Suggester', 'Olga Observer']);
    expect(manifest.documents).toEqual([{ id: people.docId, title: 'Peace framework', createdAt: expect.any(String) }]);
    expect(manifest.versions).toEqual([
      {
        id: 'v-1',
        docId: people.docId,
        name: 'First draft',
        note: '',
        authorId: people.bohdan.id,
        partyId: people.ua.id,
        createdAt: expect.any(String),
        state: Buffer.from(versionState).toString('base64'),
      },
    ]);
  });

  it('refuses missing, wrong and other-workspace tokens (401) and says 404 for a workspace it does not serve', async () => {
    const other = join(dir.dir, 'other.draftroom');
    const otherPeople = makeTeamWorkspace(other, 'Other talks');
    expect(await call('GET', endpoint('manifest'), null)).toMatchObject({ status: 401, json: { error: { code: 'unauthorized', message: expect.stringMatching(/token is required/) } } });
    const wrong = token(people.alice).replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    expect((await call('GET', endpoint('manifest'), wrong)).status).toBe(401);
    expect((await call('GET', endpoint('manifest'), otherPeople.tokens.get(otherPeople.alice.id)!)).status).toBe(401);
    expect((await call('GET', endpoint('manifest', otherPeople.workspaceId), otherPeople.tokens.get(otherPeople.alice.id)!)).status).toBe(404);
    const store = openWorkspace(path);
    store.revokeToken(people.tokenIds.get(people.alice.id)!);
    store.close();
    expect(await call('GET', endpoint('manifest'), token(people.alice))).toMatchObject({ status: 401, json: { error: { message: expect.stringMatching(/revoked/) } } });
    expect((await call('GET', `${server.httpUrl}/v1/nothing`, token(people.bohdan))).status).toBe(404);
    expect((await call('POST', endpoint('manifest'), token(people.bohdan), {})).status).toBe(405);
  });

  it('creates a document by id, idempotently; refuses observers, a taken title and a bad body', async () => {
    const body = { id: 'doc-new', title: 'Security annex' };
    const created = await call('POST', endpoint('documents'), token(people.carol), body);
    expect(created).toMatchObject({ status: 201, json: { id: 'doc-new', title: 'Security annex' } });
    expect(await call('POST', endpoint('documents'), token(people.alice), body)).toMatchObject({ status: 200, json: { id: 'doc-new' } });
    expect(await call('POST', endpoint('documents'), token(people.olga), { id: 'doc-2', title: 'Observer doc' })).toMatchObject({
      status: 403,
      json: { error: { code: 'forbidden', message: expect.stringMatching(/observer/) } },
    });
    expect((await call('POST', endpoint('documents'), token(people.bohdan), { id: 'doc-3', title: 'security ANNEX' })).status).toBe(409);
    expect((await call('POST', endpoint('documents'), token(people.bohdan), { id: 'doc-4' })).status).toBe(400);
    expect((await call('POST', endpoint('documents'), token(people.bohdan), '{not json')).status).toBe(400);
    expect((await call('POST', endpoint('documents'), token(people.bohdan), { id: 'x', title: 'y'.repeat(5000) })).status).toBe(413);
    const store = openWorkspace(path);
    expect(store.listDocuments().map((d) => d.id)).toEqual([people.docId, 'doc-new']);
    expect(store.readDocumentState('doc-new').updates).toEqual([]); // empty: the replica sends the content
    store.close();
  });

  it("keeps a version in the token member's name whatever the body says, idempotently by id; 409 for a taken name", async () => {
    const state = Buffer.from(versionState).toString('base64');
    const body = { id: 'v-2', docId: people.docId, name: 'Sent 2 Dec', note: 'to the EU', createdAt: '2025-12-02T10:00:00Z', state, authorId: 'forged' };
    expect((await call('POST', endpoint('versions'), token(people.alice), body)).status).toBe(400); // unknown field
    const { authorId: _forged, ...clean } = body;
    const created = await call('POST', endpoint('versions'), token(people.alice), clean);
    expect(created).toMatchObject({ status: 201, json: { id: 'v-2', authorId: people.alice.id, partyId: people.us.id, note: 'to the EU', createdAt: '2025-12-02T10:00:00.000Z' } });
    expect((await call('POST', endpoint('versions'), token(people.alice), clean)).status).toBe(200);
    expect((await call('POST', endpoint('versions'), token(people.bohdan), { ...clean, id: 'v-3', name: 'sent 2 dec' })).status).toBe(409);
    expect((await call('POST', endpoint('versions'), token(people.bohdan), { ...clean, id: 'v-4', docId: 'nope' })).status).toBe(404);
    expect((await call('POST', endpoint('versions'), token(people.olga), { ...clean, id: 'v-5', name: 'obs' })).status).toBe(403);
    expect((await call('POST', endpoint('versions'), token(people.bohdan), { ...clean, id: 'v-6', name: 'bad', state: Buffer.from([200, 1, 255, 255, 255, 255, 15, 7]).toString('base64') })).status).toBe(400);
    const store = openWorkspace(path);
    expect(store.listVersions(people.docId).map((v) => v.name).sort()).toEqual(['First draft', 'Sent 2 Dec']);
    expect(new Uint8Array(store.getVersion(people.docId, 'v-2').state)).toEqual(versionState);
    store.close();
  });
});
