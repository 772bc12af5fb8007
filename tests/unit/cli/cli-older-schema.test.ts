import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror';
import { proposalSchema } from '../../../shared/schema/schema';
import { contentFragment } from '../../../shared/ydoc/layout';
import { createDatabaseAtVersion } from '../../helpers/store-fixtures';
import { cli, fingerprint, numberedClauses } from './cli-harness';

/** A workspace as version 1 of the schema left it: one document with two clauses, one member who is a lead. */
function version1Workspace(path: string): void {
  const db = createDatabaseAtVersion(path, 1);
  try {
    db.exec(`
      INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Old talks', '2025-11-01T00:00:00.000Z');
      INSERT INTO parties (id, name, code, colour) VALUES ('p-us', 'United States', 'US', '#1f4e9c');
      INSERT INTO members (id, name, party_id, role) VALUES ('m-alice', 'Alice Lead', 'p-us', 'lead');
      INSERT INTO documents (id, title, created_at) VALUES ('d-1', 'Old framework', '2025-11-01T00:00:00.000Z');
    `);
    const ydoc = new Y.Doc();
    const clause = (id: string, text: string) => ({ type: 'clause', attrs: { id }, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
    prosemirrorJSONToYXmlFragment(proposalSchema, { type: 'doc', content: [clause('c-1', 'First point.'), clause('c-2', 'Second point.')] }, contentFragment(ydoc));
    db.prepare(`INSERT INTO update_log (doc_key, data, member_key, party_key, at) VALUES ((SELECT doc_key FROM documents WHERE id = 'd-1'), ?, NULL, NULL, ?)`).run(
      Buffer.from(Y.encodeStateAsUpdate(ydoc)),
      Date.parse('2025-11-20T09:00:00Z'),
    );
  } finally {
    db.close();
  }
}

function schemaVersion(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('a workspace written by an older Draftroom', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-old-'));
    file = join(dir, 'old.draftroom');
    version1Workspace(file);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is read by the read-only commands without being changed', async () => {
    const before = fingerprint(dir);
    expect((await cli('info', file)).stdout).toContain('Old talks');
    expect((await cli('docs', file, '--json')).stdout).toContain('Old framework');
    expect(numberedClauses((await cli('show', file, '--doc', 'Old framework')).stdout)).toEqual(['1. First point.', '2. Second point.']);
    expect((await cli('versions', file, '--doc', 'Old framework')).code).toBe(0);
    expect((await cli('changes', file, '--doc', 'Old framework', '--json')).stdout.trim()).toBe('[]');
    expect(fingerprint(dir)).toEqual(before);
    expect(schemaVersion(file)).toBe(1);
  });

  it('is upgraded in place by a command that writes', async () => {
    const run = await cli('save-version', file, '--doc', 'Old framework', '--name', 'As found', '--as', 'Alice Lead');
    expect(run.code, run.stderr).toBe(0);
    expect(schemaVersion(file)).toBeGreaterThan(1);
    expect((await cli('versions', file, '--doc', 'Old framework', '--json')).stdout).toContain('As found');
  });
});
