import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SeededRandom } from '../../../shared/random/seeded-random';
import type { Member } from '../../../shared/domain/types';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import {
  clauseLines,
  clauseLinesOnDisk,
  documentMessages,
  insertClause,
  makeWorkspace,
  MirrorClient,
  openPeer,
  tempDir,
  type TestPeople,
  type TestPeer,
  typeInClause,
} from './harness';

describe('document hub: two sessions on one document', () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let peers: TestPeer[];

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.dir, 'sync.draftroom');
    people = makeWorkspace(path);
    registry = new WorkspaceRegistry();
    peers = [];
  });

  afterEach(() => {
    for (const peer of peers) peer.session.close();
    registry.closeAll();
    dir.cleanup();
  });

  /** A session acting as `member` (a drafter by default: observers and sessions without an identity may not edit). */
  async function peer(member: Member = people.alice): Promise<TestPeer> {
    const p = openPeer(registry, path);
    peers.push(p);
    await p.session.setIdentity(member.id);
    return p;
  }

  it('converges through y-protocols and never echoes an update to its origin', async () => {
    const a = await peer();
    const b = await peer();
    await a.session.setIdentity(people.alice.id);
    await b.session.setIdentity(people.bohdan.id);
    const { id: docId } = await a.session.createDocument('Peace framework');

    const mirrorA = new MirrorClient(docId);
    const mirrorB = new MirrorClient(docId);
    await mirrorA.connect(a);
    await mirrorB.connect(b);
    expect(clauseLines(mirrorA.doc)).toHaveLength(1);
    expect(clauseLines(mirrorB.doc)).toEqual(clauseLines(mirrorA.doc));

    const seenByA = documentMessages(a, docId);
    typeInClause(mirrorA.doc, 0, 'Troop cap of 800,000.');
    await mirrorA.settled();
    expect(documentMessages(a, docId)).toBe(seenByA);
    expect(clauseLines(mirrorB.doc)[0]).toMatch(/Troop cap of 800,000\.$/);

    insertClause(mirrorB.doc, 1, 'clause-b', 'Security guarantees.');
    typeInClause(mirrorB.doc, 0, ' Agreed.');
    await mirrorB.settled();
    await mirrorA.settled();

    expect(clauseLines(mirrorA.doc)).toEqual(clauseLines(mirrorB.doc));
    expect(clauseLines(mirrorA.doc)).toHaveLength(2);
    expect(clauseLines(mirrorA.doc)[0]).toMatch(/Troop cap of 800,000\. Agreed\.$/);
    expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirrorA.doc));
  });

  it('merges offline edits of a dropped session when its renderer reconnects', async () => {
    // Leads: the edits are direct (untracked), which the policy allows leads only.
    const a = await peer(people.bohdan);
    const b = await peer(people.bohdan);
    const { id: docId } = await a.session.createDocument('Draft');
    const mirrorA = new MirrorClient(docId);
    const mirrorB = new MirrorClient(docId);
    await mirrorA.connect(a);
    await mirrorB.connect(b);
    typeInClause(mirrorA.doc, 0, 'Shared start.');
    await mirrorA.settled();

    // A's connection drops: main closes its session; A keeps editing offline.
    mirrorA.disconnect();
    a.session.close();
    insertClause(mirrorA.doc, 1, 'offline-a', 'Written while offline.');
    typeInClause(mirrorA.doc, 0, ' A offline.');
    // Meanwhile B edits the same clause.
    typeInClause(mirrorB.doc, 0, ' B online.');
    insertClause(mirrorB.doc, 0, 'online-b', 'Added by B.');
    await mirrorB.settled();
    expect(clauseLines(mirrorB.doc).join('\n')).not.toContain('offline');

    // A reconnects with a new session and the same mirror.
    const a2 = await peer(people.bohdan);
    await mirrorA.connect(a2);
    await mirrorB.settled();

    const lines = clauseLines(mirrorA.doc);
    expect(clauseLines(mirrorB.doc)).toEqual(lines);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['online-b', expect.any(String), 'offline-a']);
    expect(lines[1]).toContain('Shared start.');
    expect(lines[1]).toContain(' A offline.');
    expect(lines[1]).toContain(' B online.');
    expect(clauseLinesOnDisk(path, docId)).toEqual(lines);
  });

  it('converges with seeded random edits, dropped connections and reconnects', async () => {
    const rng = new SeededRandom(20251123);
    /** A whole number in [0, n). */
    const random = (n: number): number => rng.int(0, n - 1);
    // Leads: their edits (clauses deleted outright here) need not be tracked suggestions.
    const lead = people.bohdan;
    const first = await peer(lead);
    const { id: docId } = await first.session.createDocument('Random');
    const clients = [new MirrorClient(docId), new MirrorClient(docId), new MirrorClient(docId)];
    const links: (TestPeer | null)[] = [first, await peer(lead), await peer(lead)];
    for (const [i, client] of clients.entries()) await client.connect(links[i] as TestPeer);
    let drops = 0;

    for (let step = 0; step < 80; step++) {
      const i = random(clients.length);
      const client = clients[i] as MirrorClient;
      const content = client.doc.getXmlFragment('prosemirror');
      const action = random(10);
      if (action < 5) typeInClause(client.doc, random(content.length), `${i}.${step} `);
      else if (action < 7) insertClause(client.doc, random(content.length + 1), `c-${i}-${step}`, `new ${step}`);
      else if (action < 8 && content.length > 1) content.delete(random(content.length), 1);
      else if (links[i] !== null) {
        // The connection drops: main closes the session, the renderer keeps editing offline.
        client.disconnect();
        links[i]?.session.close();
        links[i] = null;
        drops++;
      } else {
        links[i] = await peer(lead);
        await client.connect(links[i] as TestPeer);
      }
      await Promise.all(clients.map((c) => c.settled()));
    }
    for (const [i, client] of clients.entries()) {
      if (links[i] === null) {
        links[i] = await peer(lead);
        await client.connect(links[i] as TestPeer);
      }
    }
    await Promise.all(clients.map((c) => c.settled()));

    expect(drops).toBeGreaterThan(0);
    const expected = clauseLines(clients[0]!.doc);
    expect(expected.length).toBeGreaterThan(1);
    for (const client of clients) expect(clauseLines(client.doc)).toEqual(expected);
    expect(clauseLinesOnDisk(path, docId)).toEqual(expected);
  });

  it('commits every update to the file before syncDocument resolves', async () => {
    const a = await peer();
    const { id: docId } = await a.session.createDocument('Durable');
    const mirror = new MirrorClient(docId);
    await mirror.connect(a);
    for (const word of ['one', 'two', 'three']) {
      typeInClause(mirror.doc, 0, ` ${word}`);
      await mirror.settled();
      // A separate connection to the file sees the update at once.
      expect(clauseLinesOnDisk(path, docId)[0]).toMatch(new RegExp(`${word}$`));
    }
  });

  it('attributes every log row to the member and party of the session that made it', async () => {
    const appended: { docId: string; memberId: string | null; partyId: string | null }[] = [];
    const spying = new WorkspaceRegistry({
      openStore: (file) => {
        const store = openWorkspace(file);
        const appendUpdate: WorkspaceStoreApi['appendUpdate'] = (docId, update, meta) => {
          appended.push({ docId, memberId: meta?.memberId ?? null, partyId: meta?.partyId ?? null });
          return store.appendUpdate(docId, update, meta);
        };
        return new Proxy(store, {
          get(target, property) {
            if (property === 'appendUpdate') return appendUpdate;
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        });
      },
    });
    const a = openPeer(spying, path);
    const b = openPeer(spying, path);
    try {
      await a.session.setIdentity(people.alice.id);
      await b.session.setIdentity(people.bohdan.id);
      const { id: docId } = await a.session.createDocument('Attributed');
      expect(appended).toEqual([{ docId, memberId: people.alice.id, partyId: people.us.id }]);

      const mirrorA = new MirrorClient(docId);
      const mirrorB = new MirrorClient(docId);
      await mirrorA.connect(a);
      await mirrorB.connect(b);
      appended.length = 0;
      typeInClause(mirrorB.doc, 0, 'Ukraine wants this.');
      await mirrorB.settled();
      typeInClause(mirrorA.doc, 0, ' The U.S. agrees.');
      await mirrorA.settled();
      expect(appended).toEqual([
        { docId, memberId: people.bohdan.id, partyId: people.ua.id },
        { docId, memberId: people.alice.id, partyId: people.us.id },
      ]);
    } finally {
      a.session.close();
      b.session.close();
      spying.closeAll();
    }
  });

  it('compacts a long log, and compacts and unloads a document its last session closes', async () => {
    const small = new WorkspaceRegistry({ compactAfter: 5 });
    const a = openPeer(small, path);
    const b = openPeer(small, path);
    try {
      await a.session.setIdentity(people.alice.id);
      const { id: docId } = await a.session.createDocument('Compacted');
      const mirror = new MirrorClient(docId);
      await mirror.connect(a);
      const other = new MirrorClient(docId);
      await other.connect(b);
      for (let i = 0; i < 12; i++) {
        typeInClause(mirror.doc, 0, `${i} `);
        await mirror.settled();
      }
      const probe = openWorkspace(path);
      try {
        expect(probe.logLength(docId)).toBeLessThan(5);
      } finally {
        probe.close();
      }
      expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));

      const held = small.acquire(path);
      try {
        await a.session.closeDocument(docId);
        expect(held.hub.isLoaded(docId)).toBe(true);
        await b.session.closeDocument(docId);
        expect(held.hub.isLoaded(docId)).toBe(false);
        expect(held.store.logLength(docId)).toBe(0);
      } finally {
        small.release(held);
      }
      expect(clauseLinesOnDisk(path, docId)).toEqual(clauseLines(mirror.doc));
    } finally {
      a.session.close();
      b.session.close();
      small.closeAll();
    }
  });
});
