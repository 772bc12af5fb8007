/**
 * The CLI against PostgreSQL: `migrate-store` round trip of the sample
 * workspace (file → database → file, every document identical, tokens
 * still opening), and the admin commands with `--database --workspace`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeSampleWorkspace } from '../../../main/sample/build-sample';
import { openWorkspace } from '../../../main/store/workspace-store';
import { sameYjsState } from '../../../main/store/pg/workspace-transfer';
import { createTestSchema, PG_SKIP, type TestSchema } from '../../helpers/pg-services';
import { cli } from './cli-harness';

let dir: string;
let schema: TestSchema;
let sample: string;
beforeAll(async () => {
  if (PG_SKIP !== null) return;
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-db-'));
  sample = join(dir, 'sample.draftroom');
  writeSampleWorkspace(sample);
  schema = await createTestSchema('clidb');
}, 60_000);
afterAll(async () => {
  if (PG_SKIP !== null) return;
  await schema.drop();
  rmSync(dir, { recursive: true, force: true });
});

function mergedStates(path: string): Map<string, Uint8Array> {
  const store = openWorkspace(path);
  try {
    const states = new Map<string, Uint8Array>();
    for (const doc of store.listDocuments()) {
      const state = store.readDocumentState(doc.id);
      const ydoc = new Y.Doc();
      if (state.snapshot) Y.applyUpdate(ydoc, state.snapshot);
      for (const u of state.updates) Y.applyUpdate(ydoc, u);
      states.set(doc.title, Y.encodeStateAsUpdate(ydoc));
    }
    return states;
  } finally {
    store.close();
  }
}

describe.skipIf(PG_SKIP !== null)('CLI with --database', () => {
  let workspaceId: string;

  it('migrate-store copies the sample workspace into PostgreSQL and refuses to copy it twice', async () => {
    const token = await cli('token', 'create', sample, '--member', (JSON.parse((await cli('members', sample, '--json')).stdout) as { id: string }[])[0]!.id, '--json');
    expect(token.code).toBe(0);
    const run = await cli('migrate-store', sample, '--database', schema.url, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { workspaceId: string; documents: unknown[]; tokens: number; members: number };
    workspaceId = report.workspaceId;
    expect(report.documents.length).toBeGreaterThan(0);
    expect(report.tokens).toBe(1);
    const again = await cli('migrate-store', sample, '--database', schema.url);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already holds workspace/);
  });

  it('members, member add, member set-role and token create/list/revoke work on the database', async () => {
    const members = await cli('members', '--database', schema.url, '--workspace', workspaceId, '--json');
    expect(members.code).toBe(0);
    const before = JSON.parse(members.stdout) as { name: string; party: { code: string } }[];
    const fileMembers = JSON.parse((await cli('members', sample, '--json')).stdout) as unknown[];
    expect(before).toEqual(fileMembers);
    const add = await cli('member', 'add', '--database', schema.url, '--workspace', workspaceId, '--name', 'Nadia New', '--party', before[0]!.party.code, '--role', 'drafter', '--json');
    expect(add.stderr).toBe('');
    const added = JSON.parse(add.stdout) as { id: string; role: string };
    expect(added.role).toBe('drafter');
    const role = await cli('member', 'set-role', '--database', schema.url, '--workspace', workspaceId, '--member', 'Nadia New', '--role', 'observer');
    expect(role.stdout).toMatch(/Nadia New is now an observer \(was drafter\)/);
    const created = JSON.parse((await cli('token', 'create', '--database', schema.url, '--workspace', workspaceId, '--member', 'Nadia New', '--json')).stdout) as { id: string; token: string };
    expect(created.token).toMatch(/^drt_/);
    const revoked = await cli('token', 'revoke', '--database', schema.url, '--workspace', workspaceId, created.id);
    expect(revoked.stdout).toMatch(/Revoked token/);
    const list = JSON.parse((await cli('token', 'list', '--database', schema.url, '--workspace', workspaceId, '--json')).stdout) as { id: string; revokedAt: string | null }[];
    expect(list.find((t) => t.id === created.id)?.revokedAt).not.toBeNull();
    expect(list).toHaveLength(2);
    // The file was not touched.
    expect((JSON.parse((await cli('members', sample, '--json')).stdout) as unknown[]).length).toBe(before.length);
    // Half the flags is a clear error.
    const half = await cli('members', '--database', schema.url);
    expect(half.code).not.toBe(0);
    expect(half.stderr).toMatch(/--workspace/);
  });

  it('migrate-store --to-file copies it back: every document identical to the original file, tokens kept', async () => {
    const back = join(dir, 'back.draftroom');
    const run = await cli('migrate-store', back, '--database', schema.url, '--to-file', '--workspace', workspaceId);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/every document's state is identical/);
    const original = mergedStates(sample);
    const copied = mergedStates(back);
    expect([...copied.keys()]).toEqual([...original.keys()]);
    for (const [title, state] of original) expect(sameYjsState(state, copied.get(title)!), title).toBe(true);
    const tokens = JSON.parse((await cli('token', 'list', back, '--json')).stdout) as unknown[];
    expect(tokens).toHaveLength(2);
    const exists = await cli('migrate-store', back, '--database', schema.url, '--to-file', '--workspace', workspaceId);
    expect(exists.stderr).toMatch(/already exists/);
  });
});

describe('CLI: --database flags checked before anything is opened', () => {
  it('serve refuses --redis without --database, and admin commands --workspace without --database', async () => {
    const serve = await cli('serve', 'talks.draftroom', '--redis', 'redis://127.0.0.1:6379');
    expect(serve.code).not.toBe(0);
    expect(serve.stderr).toMatch(/go with --database/);
    const members = await cli('members', 'talks.draftroom', '--workspace', 'w');
    expect(members.code).not.toBe(0);
    expect(members.stderr).toMatch(/--workspace goes with --database/);
    const notPostgres = await cli('members', '--database', 'mysql://x', '--workspace', 'w');
    expect(notPostgres.stderr).toMatch(/postgres:\/\//);
    const noWorkspace = await cli('migrate-store', 'back.draftroom', '--database', 'postgres://127.0.0.1:1/x', '--to-file');
    expect(noWorkspace.stderr).toMatch(/--to-file needs --workspace/);
  });
});
