import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import { listClauses } from '../../../shared/schema/clauses';
import { readProseMirrorDoc } from '../../../shared/ydoc/layout';
import { IDENTITY_PREFERENCE, TEAM_BINDING_PREFERENCE } from '../../../main/services/identities';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { createWorkspace, openWorkspace } from '../../../main/store/workspace-store';
import {
  clauseLines,
  makeWorkspace,
  MirrorClient,
  openPeer,
  tempDir,
  type TestPeople,
  type TestPeer,
  typeInClause,
} from './harness';

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DraftroomError) return error.code;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function fingerprint(path: string): string {
  const stat = statSync(path);
  return `${createHash('sha256').update(readFileSync(path)).digest('hex')}:${stat.size}:${stat.mtimeMs}`;
}

describe('API session', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let peers: TestPeer[];

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.dir, 'session.draftroom');
    people = makeWorkspace(path);
    registry = new WorkspaceRegistry();
    peers = [];
  });

  afterEach(() => {
    for (const peer of peers) peer.session.close();
    registry.closeAll();
    dir.cleanup();
  });

  function peer(file = path): TestPeer {
    const p = openPeer(registry, file);
    peers.push(p);
    return p;
  }

  it('describes the workspace with its parties and members', async () => {
    const info = await peer().session.getWorkspace();
    expect(info.name).toBe('Test negotiation');
    expect(info.path).toBe(path);
    expect(info.parties.map((p) => p.code).sort()).toEqual(['UA', 'US']);
    expect(info.members.map((m) => m.name).sort()).toEqual(['Alice Drafter', 'Bohdan Lead', 'Carol Suggester']);
  });

  it('starts every session as nobody: the file does not remember a member for everyone', async () => {
    const a = peer();
    expect(await a.session.getIdentity()).toBeNull();
    const identity = await a.session.setIdentity(people.bohdan.id);
    expect(identity.member.id).toBe(people.bohdan.id);
    expect(identity.party.code).toBe('UA');

    // Someone else chose the lead: a new session (another tab, another person) still starts as nobody.
    const b = peer();
    expect(await b.session.getIdentity()).toBeNull();
    await b.session.setIdentity(people.alice.id);
    expect((await a.session.getIdentity())?.member.id).toBe(people.bohdan.id);

    expect(await errorCode(a.session.setIdentity('no-such-member'))).toBe('unknown-member');
    expect((await a.session.getIdentity())?.member.id).toBe(people.bohdan.id);

    // The preference older versions remembered for everyone is neither written nor read.
    a.session.close();
    b.session.close();
    registry.closeAll();
    const store = openWorkspace(path);
    try {
      expect(store.getPreference(IDENTITY_PREFERENCE)).toBeUndefined();
      store.setPreference(IDENTITY_PREFERENCE, people.bohdan.id);
    } finally {
      store.close();
    }
    expect(await peer().session.getIdentity()).toBeNull();
  });

  it('records a session switching member, not a session saying who it is', async () => {
    const a = peer();
    await a.session.setIdentity(people.carol.id);
    await a.session.setIdentity(people.carol.id);
    const before = Date.now();
    await a.session.setIdentity(people.bohdan.id);
    await a.session.setIdentity(people.alice.id);
    expect(await errorCode(a.session.setIdentity('no-such-member'))).toBe('unknown-member');
    // A new session (a reconnection) saying who it is is not a switch.
    await peer().session.setIdentity(people.alice.id);
    const held = registry.acquire(path);
    try {
      const switches = held.store.listIdentitySwitches();
      expect(switches.map((s) => [s.fromMemberId, s.toMemberId])).toEqual([
        [people.carol.id, people.bohdan.id],
        [people.bohdan.id, people.alice.id],
      ]);
      expect(Date.parse(switches[0]!.at)).toBeGreaterThanOrEqual(before - 1000);
    } finally {
      registry.release(held);
    }
  });

  it('on a workspace bound to a team server, acts only as the binding\'s member', async () => {
    const boundPath = join(dir.dir, 'bound.draftroom');
    const bound = makeWorkspace(boundPath, 'Bound talks');
    const seed = openWorkspace(boundPath);
    seed.setPreference(
      TEAM_BINDING_PREFERENCE,
      JSON.stringify({ serverUrl: 'wss://team.example', workspaceId: 'w-1', memberId: bound.carol.id }),
    );
    seed.close();

    const a = peer(boundPath);
    expect((await a.session.getIdentity())?.member.id).toBe(bound.carol.id);
    expect((await a.session.getWorkspace()).fixedIdentity).toEqual({ serverUrl: 'wss://team.example', memberId: bound.carol.id });
    const refused = await a.session.setIdentity(bound.bohdan.id).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'forbidden' });
    expect(String((refused as Error).message)).toContain('wss://team.example');
    expect((await a.session.getIdentity())?.member.id).toBe(bound.carol.id);
    expect((await a.session.setIdentity(bound.carol.id)).member.id).toBe(bound.carol.id);
    expect(await errorCode(a.session.setIdentity('no-such-member'))).toBe('unknown-member');

    // A session that moves onto the bound file takes the binding's member, whoever it was before.
    const b = peer();
    await b.session.setIdentity(people.bohdan.id);
    await b.session.openWorkspace(boundPath);
    expect((await b.session.getIdentity())?.member.id).toBe(bound.carol.id);

    // A session that chose someone before the file was bound acts as the binding's member from then on.
    const before = peer(boundPath);
    a.session.close();
    b.session.close();
    const held = registry.acquire(boundPath);
    held.store.deletePreference(TEAM_BINDING_PREFERENCE);
    await before.session.setIdentity(bound.bohdan.id);
    held.store.setPreference(
      TEAM_BINDING_PREFERENCE,
      JSON.stringify({ serverUrl: 'wss://team.example', workspaceId: 'w-1', memberId: bound.carol.id }),
    );
    expect((await before.session.getIdentity())?.member.id).toBe(bound.carol.id);
    registry.release(held);
    before.session.close();

    // An unreadable binding fixes the identity to nobody: nobody may be chosen.
    registry.closeAll();
    const broken = openWorkspace(boundPath);
    broken.setPreference(TEAM_BINDING_PREFERENCE, '{not json');
    broken.close();
    const c = peer(boundPath);
    expect(await c.session.getIdentity()).toBeNull();
    expect(await errorCode(c.session.setIdentity(bound.carol.id))).toBe('forbidden');
  });

  it('creates a document with one empty clause and tells every session', async () => {
    const a = peer();
    const b = peer();
    expect(await errorCode(a.session.createDocument('Anonymous'))).toBe('forbidden');
    await a.session.setIdentity(people.alice.id);
    const created = await a.session.createDocument('  Peace framework  ');
    expect(created).toMatchObject({ title: 'Peace framework', clauses: 1, versions: 0 });
    const second = await a.session.createDocument('Annex');
    expect((await b.session.listDocuments()).map((d) => [d.title, d.clauses])).toEqual([
      ['Peace framework', 1],
      ['Annex', 1],
    ]);
    expect(b.events.filter((e) => e.event === 'workspaceChanged')).toHaveLength(2);

    const first = new MirrorClient(created.id);
    const other = new MirrorClient(second.id);
    await first.connect(a);
    await other.connect(a);
    const [clauseA] = listClauses(readProseMirrorDoc(first.doc));
    const [clauseB] = listClauses(readProseMirrorDoc(other.doc));
    expect(clauseA?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(clauseB?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(clauseA?.id).not.toBe(clauseB?.id);
    expect(clauseA?.text).toBe('');
  });

  it('adds members to known parties only, and only a lead may', async () => {
    const a = peer();
    const b = peer();
    expect(await errorCode(a.session.addMember({ name: 'Nobody', partyId: people.ua.id, role: 'lead' }))).toBe('forbidden');
    await a.session.setIdentity(people.alice.id);
    expect(await errorCode(a.session.addMember({ name: 'Drafter', partyId: people.ua.id, role: 'lead' }))).toBe('forbidden');
    await a.session.setIdentity(people.bohdan.id);
    const member = await a.session.addMember({ name: 'Dana Observer', partyId: people.ua.id, role: 'observer' });
    expect(member).toMatchObject({ name: 'Dana Observer', partyId: people.ua.id, role: 'observer' });
    const changed = b.events.filter((e) => e.event === 'workspaceChanged');
    expect(changed).toHaveLength(1);
    expect(JSON.stringify(changed[0]?.payload)).toContain('Dana Observer');
    expect(await errorCode(a.session.addMember({ name: 'X', partyId: 'nope', role: 'lead' }))).toBe('unknown-party');
  });

  it('founds an empty workspace: its first member is a lead in a new party; then only a lead adds parties', async () => {
    const emptyPath = join(dir.dir, 'empty.draftroom');
    createWorkspace(emptyPath, { name: 'Ceasefire talks' }).close();
    const a = peer(emptyPath);
    const party = await a.session.addParty({ name: 'Mediators', code: 'med' });
    expect(party).toMatchObject({ name: 'Mediators', code: 'MED' });
    expect(party.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(await errorCode(a.session.addParty({ name: 'mediators', code: 'MD' }))).toBe('conflict');
    expect(await errorCode(a.session.addMember({ name: 'Mira Castell', partyId: party.id, role: 'suggester' }))).toBe('invalid-argument');
    const lead = await a.session.addMember({ name: 'Mira Castell', partyId: party.id, role: 'lead' });
    expect(lead.role).toBe('lead');
    // From now on the workspace has a member: nobody else founds anything.
    const b = peer(emptyPath);
    expect(await errorCode(b.session.addParty({ name: 'Observers', code: 'OBS' }))).toBe('forbidden');
    await a.session.setIdentity(lead.id);
    const second = await a.session.addParty({ name: 'Guarantors', code: 'GU' });
    expect(second.colour).not.toBe(party.colour);
    const store = openWorkspace(emptyPath);
    try {
      expect(store.listParties().map((p) => p.code)).toEqual(['MED', 'GU']);
      expect(store.listMembers()).toMatchObject([{ name: 'Mira Castell', role: 'lead' }]);
    } finally {
      store.close();
    }
  });

  it('keeps versions as the live state with who took them, and gives the state back', async () => {
    const a = peer();
    await a.session.setIdentity(people.carol.id);
    const { id: docId } = await a.session.createDocument('Versioned');
    const mirror = new MirrorClient(docId);
    await mirror.connect(a);
    typeInClause(mirror.doc, 0, 'First draft text.');
    await mirror.settled();

    const version = await a.session.createVersion(docId, 'U.S. draft', 'as sent');
    expect(version).toMatchObject({ docId, name: 'U.S. draft', note: 'as sent', authorId: people.carol.id, partyId: people.us.id });
    typeInClause(mirror.doc, 0, ' Later edit.');
    await mirror.settled();

    const listed = await a.session.listVersions(docId);
    expect(listed.map((v) => v.id)).toEqual([version.id]);
    expect((await a.session.listDocuments())[0]?.versions).toBe(1);

    const state = await a.session.getVersionState(docId, version.id);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, state);
    expect(clauseLines(restored)[0]).toMatch(/First draft text\.$/);
    expect(clauseLines(mirror.doc)[0]).toMatch(/Later edit\.$/);

    expect(await errorCode(a.session.getVersionState(docId, 'no-such-version'))).toBe('unknown-version');
    expect(await errorCode(a.session.listVersions('no-such-doc'))).toBe('unknown-document');
  });

  it('switches to another workspace file, as nobody until told who it is there', async () => {
    const otherPath = join(dir.dir, 'other.draftroom');
    const otherPeople = makeWorkspace(otherPath, 'Other talks');
    const seed = openWorkspace(otherPath);
    seed.setPreference(IDENTITY_PREFERENCE, otherPeople.bohdan.id);
    seed.close();

    const a = peer();
    await a.session.setIdentity(people.alice.id);
    const info = await a.session.openWorkspace(otherPath);
    expect(info).toMatchObject({ name: 'Other talks', path: otherPath, fixedIdentity: null });
    expect(a.session.workspacePath).toBe(otherPath);
    expect(await a.session.getIdentity()).toBeNull();
    expect(registry.isOpen(path)).toBe(false);
  });

  it('refuses a file it cannot open, touching neither file and staying on its workspace', async () => {
    const a = peer();
    await a.session.setIdentity(people.alice.id);
    const { id: docId } = await a.session.createDocument('Stays');

    const notWorkspace = join(dir.dir, 'notes.draftroom');
    writeFileSync(notWorkspace, 'These are my notes, not a workspace.\n');
    const corrupt = join(dir.dir, 'corrupt.draftroom');
    makeWorkspace(corrupt, 'Damaged');
    const damage = new Database(corrupt);
    damage.pragma('journal_mode = DELETE');
    damage.close();
    const bytes = readFileSync(corrupt);
    bytes.fill(0xa5, 100); // keep the 100-byte header, wreck every page after it
    writeFileSync(corrupt, bytes);
    const newer = join(dir.dir, 'newer.draftroom');
    makeWorkspace(newer, 'From the future');
    const raw = new Database(newer);
    raw.pragma('journal_mode = DELETE');
    raw.pragma('user_version = 9999');
    raw.close();
    const missing = join(dir.dir, 'missing.draftroom');
    const text = join(dir.dir, 'notes.txt');
    writeFileSync(text, 'notes');
    const folder = join(dir.dir, 'folder.draftroom');
    mkdirSync(folder);
    const pipe = join(dir.dir, 'pipe.draftroom');
    execFileSync('mkfifo', [pipe]);

    const before = fingerprint(path);
    const cases: [string, string][] = [
      [missing, 'not-found'],
      [notWorkspace, 'not-a-workspace'],
      [corrupt, 'corrupt'],
      [newer, 'newer-schema'],
      // Only an absolute path to a regular .draftroom file is opened.
      [text, 'invalid-argument'],
      [folder, 'invalid-argument'],
      [pipe, 'invalid-argument'],
      ['session.draftroom', 'invalid-argument'],
    ];
    for (const [file, code] of cases) {
      const target = existsSync(file) && statSync(file).isFile() ? fingerprint(file) : null;
      expect(await errorCode(a.session.openWorkspace(file))).toBe(code);
      expect(existsSync(file) && statSync(file).isFile() ? fingerprint(file) : null).toBe(target);
      expect(existsSync(`${file}-wal`)).toBe(false);
      expect(a.session.workspacePath).toBe(path);
    }
    expect(fingerprint(path)).toBe(before);

    // The session still works on its old workspace.
    expect((await a.session.getIdentity())?.member.id).toBe(people.alice.id);
    const mirror = new MirrorClient(docId);
    await mirror.connect(a);
    typeInClause(mirror.doc, 0, 'Still here.');
    await mirror.settled();
    expect((await a.session.listDocuments()).map((d) => d.title)).toEqual(['Stays']);
  });

  it('fails every call once closed', async () => {
    const a = peer();
    a.session.close();
    expect(a.session.closed).toBe(true);
    expect(await errorCode(a.session.getWorkspace())).toBe('internal');
    a.session.close();
  });
});
