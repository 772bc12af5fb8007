import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TeamServer } from '../../../main/team/server/team-server';
import { clauseLinesOnDisk, tempDir, typeInClause } from '../services/harness';
import { makeTeamWorkspace, RawClient, startTestServer, type TeamPeople } from './team-harness';

describe('team server: a backlog of updates sent back to back', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TeamPeople;
  let server: TeamServer;
  const raws: RawClient[] = [];

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir.dir, 'team.draftroom');
    people = makeTeamWorkspace(path);
    ({ server } = await startTestServer(path));
  });

  afterEach(async () => {
    for (const r of raws.splice(0)) r.close();
    await server.close();
    dir.cleanup();
  });

  const client = (member: { id: string }): RawClient => {
    const raw = new RawClient(RawClient.url(server, people.workspaceId, people.docId, people.tokens.get(member.id)!));
    raws.push(raw);
    return raw;
  };

  it('stores and relays every keystroke of the backlog, and refuses the one update that breaks a rule with its own reason', async () => {
    const lead = client(people.bohdan);
    const watcher = client(people.alice);
    await lead.sync();
    await watcher.sync();
    // A write outside the document's layout, made by another Yjs client, sent in the middle of the lead's typing.
    const outsider = new Y.Doc();
    Y.applyUpdate(outsider, Y.encodeStateAsUpdate(lead.doc));
    const before = Y.encodeStateVector(outsider);
    outsider.getText('notes').insert(0, 'not part of a Draftroom document');
    const outside = Y.encodeStateAsUpdate(outsider, before);
    const typed = ' Both parties confirm the ceasefire line within seven days.';
    const half = Math.floor(typed.length / 2);
    for (const ch of typed.slice(0, half)) lead.edit((doc) => typeInClause(doc, 0, ch, { tracked: false }));
    lead.sendUpdate(outside);
    for (const ch of typed.slice(half)) lead.edit((doc) => typeInClause(doc, 0, ch, { tracked: false }));
    await lead.sync();
    expect(lead.denials).toHaveLength(1);
    expect(lead.denials[0]).toContain('"notes"');
    const disk = clauseLinesOnDisk(path, people.docId);
    expect(disk[0]).toContain(`800,000.${typed}`);
    await watcher.waitFor(() => (watcher.doc.getXmlFragment('prosemirror').toString().includes('within seven days.')), 5000, 'the relayed typing');
    expect(watcher.doc.share.has('notes')).toBe(false);
    expect(lead.closed).toBeNull();
  });
});
