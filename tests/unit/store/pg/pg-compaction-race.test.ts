import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PgDatabase } from '../../../../main/store/pg/pg-database';
import { createTestSchema, PG_SKIP, type TestSchema } from '../../../helpers/pg-services';

const PER_WRITER = 300;

let schema: TestSchema;
beforeAll(async () => {
  if (PG_SKIP === null) schema = await createTestSchema('compactrace');
});
afterAll(async () => {
  if (PG_SKIP === null) await schema.drop();
});

describe.skipIf(PG_SKIP !== null)('PostgreSQL: compaction racing appends from two instances', () => {
  it('loses nothing: every append is in the document, sequence numbers are contiguous, attribution adds up', async () => {
    // Three pools stand for three instances: two appending, and both of them plus a third compacting.
    const dbs = await Promise.all([PgDatabase.open(schema.url), PgDatabase.open(schema.url), PgDatabase.open(schema.url)]);
    try {
      const setup = await dbs[0]!.createWorkspace({ id: 'race', name: 'Race' });
      await setup.createDocument({ id: 'doc', title: 'Framework' });
      const stores = await Promise.all(dbs.map((db) => db.workspace('race')));
      const seqs: number[] = [];
      let appending = 2;
      const writer = async (label: string, index: number): Promise<void> => {
        const store = stores[index]!;
        for (let i = 0; i < PER_WRITER; i++) {
          const doc = new Y.Doc();
          doc.getArray<string>('entries').push([`${label}:${i}`]);
          seqs.push(await store.appendUpdate('doc', Y.encodeStateAsUpdate(doc), { memberId: null, partyId: null }));
          if (i % 50 === 0) await store.compact('doc');
        }
        appending--;
      };
      let compactions = 0;
      let merged = 0;
      const compactor = async (): Promise<void> => {
        while (appending > 0) {
          merged += (await stores[2]!.compact('doc')).merged;
          compactions++;
          await new Promise((r) => setTimeout(r, 3));
        }
      };
      await Promise.all([writer('a', 0), writer('b', 1), compactor()]);
      expect(compactions).toBeGreaterThan(1);
      expect(merged).toBeGreaterThan(0);
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 2 * PER_WRITER }, (_, i) => i + 1));

      const state = await stores[0]!.readDocumentState('doc');
      const doc = new Y.Doc();
      if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
      for (const u of state.updates) Y.applyUpdate(doc, u);
      const entries = doc.getArray<string>('entries').toArray();
      expect(entries).toHaveLength(2 * PER_WRITER);
      for (const label of ['a', 'b']) {
        expect(entries.filter((e) => e.startsWith(`${label}:`)).sort()).toEqual(Array.from({ length: PER_WRITER }, (_, i) => `${label}:${i}`).sort());
      }
      expect(state.lastSeq).toBe(2 * PER_WRITER);
      const contributors = await stores[0]!.listContributors('doc');
      expect(contributors.reduce((sum, c) => sum + c.updates, 0)).toBe(2 * PER_WRITER);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });
});
