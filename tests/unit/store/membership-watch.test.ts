import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { makeWorkspace, tempDir, type TestPeople } from '../services/harness';

describe('membership version: tells a reader of members when to read again', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let store: WorkspaceStoreApi;
  const others: { close(): void }[] = [];

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.dir, 'members.draftroom');
    people = makeWorkspace(path);
    store = openWorkspace(path);
  });

  afterEach(() => {
    for (const other of others.splice(0)) other.close();
    store.close();
    dir.cleanup();
  });

  function another(): WorkspaceStoreApi {
    const other = openWorkspace(path);
    others.push(other);
    return other;
  }

  it('stays the same while nothing changes parties or members, edits and reads included', () => {
    const first = store.membershipVersion();
    store.getMember(people.alice.id);
    store.listParties();
    const doc = store.createDocument({ title: 'Framework' });
    store.appendUpdate(doc.id, new Uint8Array([0, 0]), { memberId: people.alice.id, partyId: people.us.id });
    expect(store.membershipVersion()).toBe(first);
  });

  it('changes when this connection changes a role, adds a member or a party, or rewrites either', () => {
    const seen = new Set([store.membershipVersion()]);
    const changes: (() => unknown)[] = [
      () => store.setMemberRole(people.alice.id, 'observer'),
      () => store.addMember({ name: 'Dana New', partyId: people.ua.id, role: 'suggester' }),
      () => store.addParty({ name: 'European Union', code: 'EU', colour: '#003399' }),
      () => store.upsertMember({ ...people.carol, name: 'Carol Renamed' }),
      () => store.upsertParty({ ...people.us, name: 'USA' }),
    ];
    for (const change of changes) {
      change();
      const now = store.membershipVersion();
      expect(seen.has(now)).toBe(false);
      seen.add(now);
    }
  });

  it('changes when another connection to the file changes a role or adds a member (another process: draftroom member set-role)', () => {
    const before = store.membershipVersion();
    another().setMemberRole(people.alice.id, 'observer');
    const afterRole = store.membershipVersion();
    expect(afterRole).not.toBe(before);
    expect(store.getMember(people.alice.id)?.role).toBe('observer');
    another().addMember({ name: 'Dana New', partyId: people.ua.id, role: 'suggester' });
    expect(store.membershipVersion()).not.toBe(afterRole);
  });

  it('changes when another connection deletes a member with plain SQL (no store method does; the triggers are not needed for it)', () => {
    const before = store.membershipVersion();
    const raw = new Database(path);
    others.push(raw);
    raw.prepare('DELETE FROM members WHERE id = ?').run(people.carol.id);
    expect(store.membershipVersion()).not.toBe(before);
    expect(store.getMember(people.carol.id)).toBeUndefined();
  });

  it('leaves nothing in the file: another connection sees no trigger of this one', () => {
    store.membershipVersion();
    const raw = new Database(path, { readonly: true });
    others.push(raw);
    const triggers = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'draftroom_watch%'").all();
    expect(triggers).toEqual([]);
  });
});
