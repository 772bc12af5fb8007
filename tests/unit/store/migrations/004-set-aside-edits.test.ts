import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadYDoc } from '../../../../main/store/document-state';
import { migration004 } from '../../../../main/store/migrations/004-set-aside-edits';
import { MIGRATIONS } from '../../../../main/store/migrations/registry';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { createDatabaseAtVersion, makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

describe('migration 004: set-aside edits', () => {
  it('is registered in order and carries a version-2 workspace across with its content', () => {
    expect(MIGRATIONS[migration004.version - 1]).toBe(migration004);
    const path = dir.file('w.draftroom');
    const db = createDatabaseAtVersion(path, migration004.version - 1);
    db.exec(`
      INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Talks', '2025-11-01T00:00:00.000Z');
      INSERT INTO parties (id, name, code, colour) VALUES ('p-us', 'United States', 'US', '#1f4e9c');
      INSERT INTO members (id, name, party_id, role) VALUES ('m-alice', 'Alice', 'p-us', 'lead');
      INSERT INTO documents (id, title, created_at) VALUES ('d-1', 'Peace framework', '2025-11-01T00:00:00.000Z');
    `);
    const ydoc = new Y.Doc();
    ydoc.getText('t').insert(0, 'Point 1. Sovereignty.');
    db.prepare(
      `INSERT INTO update_log (doc_key, data, member_key, party_key, at)
       VALUES ((SELECT doc_key FROM documents WHERE id = 'd-1'), ?, 1, 1, 1732000000000)`,
    ).run(Y.encodeStateAsUpdate(ydoc));
    db.close();

    const store = openWorkspace(path);
    try {
      expect(store.meta().schemaVersion).toBeGreaterThanOrEqual(4);
      expect(loadYDoc(store, 'd-1').getText('t').toString()).toBe('Point 1. Sovereignty.');
      expect(store.listSetAsideEdits()).toEqual([]);
      const refused = new Y.Doc();
      Y.applyUpdate(refused, Y.encodeStateAsUpdate(ydoc));
      const before = Y.encodeStateVector(refused);
      refused.getText('t').insert(0, 'Refused: ');
      const kept = store.addSetAsideEdit({ docId: 'd-1', reason: 'observers may not edit', preview: 'Point 1. Refused: Sovereignty.', update: Y.encodeStateAsUpdate(refused, before) });
      expect(store.listSetAsideEdits()).toEqual([kept]);
      expect(store.getSetAsideEdit(kept.id).update.length).toBeGreaterThan(0);
      expect(() => store.addSetAsideEdit({ docId: 'nope', reason: 'r', preview: '', update: Y.encodeStateAsUpdate(refused) })).toThrow(/document/);
      store.deleteSetAsideEdit(kept.id);
      expect(() => store.deleteSetAsideEdit(kept.id)).toThrow(/no set-aside edits/);
    } finally {
      store.close();
    }
  });
});
