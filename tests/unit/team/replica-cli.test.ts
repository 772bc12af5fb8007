import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seedContent, writeChange } from '../../../shared/ydoc/layout';
import { emptyProposal } from '../../../main/services/documents';
import { createWorkspace, openWorkspace } from '../../../main/store/workspace-store';
import { BINDING_PREFERENCE, TOKEN_PREFERENCE } from '../../../main/team/replica/binding';
import { cli, lines } from '../cli/cli-harness';
import { tempDir, typeInClause } from '../services/harness';
import { linesInFile, linesInHub, makeServerWorkspace, startServer, type RunningServer, type ServerWorkspace } from './replica-fixtures';

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

describe('draftroom join / sync / share / set-aside', () => {
  it('join then sync exit 0; sync --json reports the round', async () => {
    const local = `${tmp.dir}/alice.draftroom`;
    const joined = await cli('join', `${server.url}/${team.workspaceId}`, '--token', team.token(team.alice), local);
    expect(joined.stderr).toBe('');
    expect(joined.code).toBe(0);
    expect(joined.stdout).toMatch(/^Joined .* 1 documents, every local edit stored on the server/);
    const synced = await cli('sync', local, '--json');
    expect(synced.code).toBe(0);
    const report = JSON.parse(synced.stdout) as { workspaceId: string; memberId: string; documents: number; ms: number };
    expect(report).toMatchObject({ workspaceId: team.workspaceId, memberId: team.alice.id, documents: 1 });
    expect(linesInFile(local, team.docId)).toEqual(linesInHub(server.hub, team.docId));
    // Joining onto an existing file refuses before contacting anyone.
    const again = await cli('join', `${server.url}/${team.workspaceId}`, '--token', team.token(team.alice), local);
    expect(again.code).toBe(2);
    expect(lines(again.stderr)).toHaveLength(1);
  });

  it('a wrong token or an unreachable server: non-zero and one clear line, no file left behind', async () => {
    const local = `${tmp.dir}/nobody.draftroom`;
    const wrong = await cli('join', `${server.url}/${team.workspaceId}`, '--token', 'drt_wrong', local);
    expect(wrong.code).not.toBe(0);
    expect(lines(wrong.stderr)).toHaveLength(1);
    expect(wrong.stderr).toMatch(/refused|token/i);

    const joined = `${tmp.dir}/alice.draftroom`;
    expect((await cli('join', `${server.url}/${team.workspaceId}`, '--token', team.token(team.alice), joined)).code).toBe(0);
    await server.close();
    server = await startServer(serverPath);
    // The binding still names the old port, where nobody listens now.
    const started = Date.now();
    const unreachable = await cli('sync', joined);
    expect(unreachable.code).not.toBe(0);
    expect(lines(unreachable.stderr)).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^draftroom: cannot reach the team server at http:\/\/127\.0\.0\.1:\d+/);
    expect(Date.now() - started).toBeLessThan(10_000);

    const unbound = `${tmp.dir}/plain.draftroom`;
    createWorkspace(unbound, { name: 'Plain' }).close();
    const notBound = await cli('sync', unbound);
    expect(notBound.code).toBe(2);
    expect(notBound.stderr).toMatch(/not bound to a team server/);
  });

  it('share pushes a local workspace into the team workspace and binds it', async () => {
    const local = `${tmp.dir}/mine.draftroom`;
    const store = createWorkspace(local, { name: 'My draft' });
    const doc = store.createDocument({ title: 'Ceasefire annex' });
    const ydoc = new Y.Doc();
    seedContent(ydoc, emptyProposal());
    typeInClause(ydoc, 0, 'Monitoring by the OSCE.', { tracked: false });
    store.appendUpdate(doc.id, Y.encodeStateAsUpdate(ydoc));
    store.createVersion({ docId: doc.id, name: 'Annex v1', state: Y.encodeStateAsUpdate(ydoc) });
    store.close();

    // Records in another member's name would be refused by the server: share says so before binding or sending anything.
    const withRecords = `${tmp.dir}/records.draftroom`;
    const other = createWorkspace(withRecords, { name: 'With records' });
    const recorded = other.createDocument({ title: 'Recorded' });
    const rdoc = new Y.Doc();
    seedContent(rdoc, emptyProposal());
    writeChange(rdoc, { id: 'ch-1', kind: 'amended', partyId: 'p-x', authorId: 'someone-else', createdAt: '2025-12-01T00:00:00Z', rationale: '', status: 'proposed', clauseIds: [] });
    other.appendUpdate(recorded.id, Y.encodeStateAsUpdate(rdoc));
    other.close();
    const refused = await cli('share', withRecords, `${server.url}/${team.workspaceId}`, '--token', team.token(team.alice));
    expect(refused.code).toBe(2);
    expect(lines(refused.stderr)).toHaveLength(1);
    expect(refused.stderr).toMatch(/change records or comments by other members/);
    expect(() => server.store.getDocument(recorded.id)).toThrow();

    const shared = await cli('share', local, `${server.url}/${team.workspaceId}`, '--token', team.token(team.alice));
    expect(shared.stderr).toBe('');
    expect(shared.code).toBe(0);
    expect(server.store.getDocument(doc.id).title).toBe('Ceasefire annex');
    expect(server.store.listVersions(doc.id).map((v) => v.name)).toEqual(['Annex v1']);
    expect(linesInHub(server.hub, doc.id).join('\n')).toContain('Monitoring by the OSCE.');
    const after = openWorkspace(local);
    try {
      expect(JSON.parse(after.getPreference(BINDING_PREFERENCE)!)).toEqual({ serverUrl: server.url, workspaceId: team.workspaceId, memberId: team.alice.id });
      expect(after.getPreference(TOKEN_PREFERENCE)).toBe(team.token(team.alice));
      // The team's document came the other way.
      expect(after.getDocument(team.docId).title).toBe('Peace framework');
    } finally {
      after.close();
    }
    expect(linesInFile(local, team.docId)).toEqual(linesInHub(server.hub, team.docId));
  });

  it('set-aside lists, shows and discards', async () => {
    const local = `${tmp.dir}/olga.draftroom`;
    expect((await cli('join', `${server.url}/${team.workspaceId}`, '--token', team.token(team.olga), local)).code).toBe(0);
    const store = openWorkspace(local);
    const kept = store.addSetAsideEdit({ docId: team.docId, reason: 'observers may not edit', preview: 'Point 1. My text', update: Y.encodeStateAsUpdate(new Y.Doc()).length > 2 ? Y.encodeStateAsUpdate(new Y.Doc()) : new Uint8Array([0, 0]) });
    store.close();
    const listed = await cli('set-aside', local);
    expect(listed.stdout).toContain(kept.id);
    expect(listed.stdout).toContain('refused: observers may not edit');
    expect((await cli('set-aside', local, '--show', kept.id)).stdout).toBe('Point 1. My text\n');
    expect((await cli('set-aside', local, '--discard', kept.id)).code).toBe(0);
    expect((await cli('set-aside', local)).stdout).toBe('No set-aside edits.\n');
  });
});
