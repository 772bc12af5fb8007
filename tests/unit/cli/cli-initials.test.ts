/**
 * Initialled versions, tamper-evident (issue 11, item 4): `draftroom verify`
 * on the untouched sample, and on copies of it changed behind Draftroom's
 * back with better-sqlite3 (an edited version row, a reordered chain, a
 * forged signature, a rewritten chain); `draftroom initial` refusing a key
 * of another member, a malformed key file and an unknown version; `draftroom
 * key create` making a 0600 key file whose public half the workspace records.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleKeyPair } from '../../../main/sample/sample-keys';
import { versionChecksum } from '../../../main/store/row-checksums';
import { hashFieldsOfRow, versionHash } from '../../../main/store/version-hash';
import type { VerifyReport } from '../../../shared/initials/seal-types';
import * as Y from 'yjs';
import { buildWorkspace, TEST_PARTIES } from '../../helpers/store-fixtures';
import { cli } from './cli-harness';

const DOC = 'Peace framework';
const V20 = 'U.S.–Ukraine 20-point proposal';
const V28 = 'U.S. 28-point draft';
let dir: string;
let sample: string;
let keys: string;
let copies = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-initials-'));
  sample = join(dir, 'sample.draftroom');
  keys = join(dir, 'keys');
  const run = await cli('demo', sample, '--keys', keys);
  expect(run.code, run.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the sample to change. */
function copy(): string {
  const target = join(dir, `copy-${++copies}.draftroom`);
  copyFileSync(sample, target);
  return target;
}

/** Runs SQL on a workspace file directly, bypassing the store (as someone with sqlite3 would). */
function tamper(file: string, change: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    change(db);
  } finally {
    db.close();
  }
}

async function verifyJson(file: string): Promise<{ code: number; report: VerifyReport; stderr: string }> {
  const run = await cli('verify', file, '--json');
  return { code: run.code, report: JSON.parse(run.stdout) as VerifyReport, stderr: run.stderr };
}

function failing(report: VerifyReport): Record<string, string[]> {
  return Object.fromEntries(report.versions.filter((v) => v.problems.length > 0).map((v) => [v.name, v.problems.map((p) => p.kind)]));
}

describe('draftroom verify', () => {
  it('passes on the untouched sample: the 20-point version is initialled by the U.S. and Ukrainian leads', async () => {
    const { code, report } = await verifyJson(sample);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    const v20 = report.versions.find((v) => v.name === V20)!;
    expect(v20.initials.map((i) => [i.memberName, i.partyCode, i.valid])).toEqual([
      ['Dana Whitfield', 'US', true],
      ['Olena Kovalenko', 'UA', true],
    ]);
    const v28 = report.versions.find((v) => v.name === V28)!;
    expect(v20.previousHash).toBe(v28.hash);
    const human = await cli('verify', sample);
    expect(human.stdout).toContain(`"${V20}" ${v20.hash!.slice(0, 12)}: initialled by Dana Whitfield (US), Olena Kovalenko (UA)`);
    expect(human.stdout).toContain('All 4 versions verify.');
  });

  it('names a version whose row was edited with SQL (a note, then the state with its row checksum recomputed)', async () => {
    const noted = copy();
    tamper(noted, (db) => db.prepare("UPDATE versions SET note = 'Nothing was agreed.' WHERE name = ?").run(V20));
    const first = await verifyJson(noted);
    expect(first.code).toBe(3);
    expect(failing(first.report)).toEqual({ [V20]: ['content'] });
    expect(first.stderr).toContain(`version "${V20}" (content)`);

    const swapped = copy();
    tamper(swapped, (db) => {
      const old = db.prepare('SELECT state FROM versions WHERE name = ?').get(V28) as { state: Buffer };
      const row = db.prepare('SELECT doc_id FROM versions WHERE name = ?').get(V20) as { doc_id: string };
      db.prepare('UPDATE versions SET state = ?, checksum = ? WHERE name = ?').run(old.state, versionChecksum(row.doc_id, old.state), V20);
    });
    const second = await verifyJson(swapped);
    expect(second.code).toBe(3);
    expect(failing(second.report)).toEqual({ [V20]: ['content'] });
  });

  it('names a version whose row checksum also fails (the store itself would refuse to read it)', async () => {
    const damaged = copy();
    tamper(damaged, (db) => {
      const row = db.prepare('SELECT state FROM versions WHERE name = ?').get(V28) as { state: Buffer };
      const bytes = Buffer.from(row.state);
      bytes[bytes.length >> 1]! ^= 0x20;
      db.prepare('UPDATE versions SET state = ? WHERE name = ?').run(bytes, V28);
    });
    const { code, report } = await verifyJson(damaged);
    expect(code).toBe(3);
    expect(Object.keys(failing(report))).toContain(V28);
    expect(failing(report)[V28]).toContain('content');
  });

  it('names the versions of a reordered chain', async () => {
    const reordered = copy();
    tamper(reordered, (db) => {
      db.prepare('UPDATE versions SET chain_seq = 100 WHERE name = ?').run(V28);
      db.prepare('UPDATE versions SET chain_seq = 1 WHERE name = ?').run(V20);
      db.prepare('UPDATE versions SET chain_seq = 2 WHERE name = ?').run(V28);
    });
    const { code, report } = await verifyJson(reordered);
    expect(code).toBe(3);
    // The Russian counter-draft after them links to a hash that is no longer its predecessor's.
    expect(failing(report)).toEqual({ [V20]: ['order'], [V28]: ['order'], 'Russian counter-draft': ['order'] });
    expect(report.versions.filter((v) => v.docId === report.versions.find((x) => x.name === V20)!.docId).map((v) => v.name)).toEqual([V20, V28, 'Russian counter-draft']);
  });

  it('names a version with a forged signature, and initials signed with another member’s key', async () => {
    const forged = copy();
    tamper(forged, (db) => {
      const sig = Buffer.from((db.prepare("SELECT signature FROM version_initials WHERE member_id = 'us-whitfield'").pluck().get() as string), 'base64');
      sig[10]! ^= 0x01;
      db.prepare("UPDATE version_initials SET signature = ? WHERE member_id = 'us-whitfield'").run(sig.toString('base64'));
    });
    const first = await verifyJson(forged);
    expect(first.code).toBe(3);
    expect(failing(first.report)).toEqual({ [V20]: ['signature'] });
    const v20 = first.report.versions.find((v) => v.name === V20)!;
    expect(v20.initials.map((i) => [i.memberName, i.valid])).toEqual([
      ['Dana Whitfield', false],
      ['Olena Kovalenko', true],
    ]);
    expect(v20.problems[0]!.message).toContain('Dana Whitfield (US)');

    // The Ukrainian lead's valid signature presented as the U.S. lead's.
    const borrowed = copy();
    tamper(borrowed, (db) => {
      const ua = db.prepare("SELECT signature FROM version_initials WHERE member_id = 'ua-kovalenko'").pluck().get() as string;
      db.prepare("UPDATE version_initials SET signature = ? WHERE member_id = 'us-whitfield'").run(ua);
    });
    expect(failing((await verifyJson(borrowed)).report)).toEqual({ [V20]: ['signature'] });
  });

  it('catches a rewritten chain (content edited, every hash recomputed): the initials no longer verify', async () => {
    const rewritten = copy();
    tamper(rewritten, (db) => {
      db.prepare("UPDATE versions SET note = 'Rewritten.' WHERE name = ?").run(V28);
      type Row = { id: string; doc_id: string; name: string; note: string; author_id: string | null; party_id: string | null; created_at: string; state: Buffer };
      const rows = db.prepare("SELECT * FROM versions WHERE doc_id = (SELECT doc_id FROM versions WHERE name = ?) ORDER BY chain_seq").all(V28) as Row[];
      let previous: string | null = null;
      for (const row of rows) {
        const hash = versionHash(hashFieldsOfRow(row, previous), row.state);
        db.prepare('UPDATE versions SET prev_hash = ?, hash = ? WHERE id = ?').run(previous, hash, row.id);
        previous = hash;
      }
    });
    const { code, report } = await verifyJson(rewritten);
    expect(code).toBe(3);
    expect(failing(report)).toEqual({ [V20]: ['signature', 'signature'] });
  });
});

describe('draftroom initial and key create', () => {
  it('refuses a key of another member, a malformed key file, a public key and an unknown version; writes nothing', async () => {
    const file = copy();
    const before = readFileSync(file);
    const other = await cli('initial', file, '--doc', DOC, '--version', V28, '--as', 'Dana Whitfield', '--key', join(keys, 'ru-orlov.pem'));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('not Dana Whitfield’s (it is the key of Dmitri Orlov)');
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    const malformed = await cli('initial', file, '--doc', DOC, '--version', V28, '--as', 'Dana Whitfield', '--key', junk);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('is not a readable private key');
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, '');
    expect((await cli('initial', file, '--doc', DOC, '--version', V28, '--as', 'Dana Whitfield', '--key', empty)).stderr).toContain('is not a PEM key file');
    const publicOnly = join(dir, 'public.pem');
    writeFileSync(publicOnly, sampleKeyPair('usLead').publicKeyPem);
    expect((await cli('initial', file, '--doc', DOC, '--version', V28, '--as', 'Dana Whitfield', '--key', publicOnly)).stderr).toContain('holds a public key');
    const missing = await cli('initial', file, '--doc', DOC, '--version', 'No such round', '--as', 'Dana Whitfield', '--key', join(keys, 'us-whitfield.pem'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no version "No such round"');
    const again = await cli('initial', file, '--doc', DOC, '--version', V20, '--as', 'Dana Whitfield', '--key', join(keys, 'us-whitfield.pem'));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already initialled');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('initials with the member’s own key; refuses to initial a version that does not verify', async () => {
    const file = copy();
    const run = await cli('initial', file, '--doc', DOC, '--version', V28, '--as', 'Dmitri Orlov', '--key', join(keys, 'ru-orlov.pem'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`"${V28}"`);
    expect(run.stdout).toContain('initialled by Dmitri Orlov (RU)');
    const { report } = await verifyJson(file);
    expect(report.ok).toBe(true);

    tamper(file, (db) => db.prepare("UPDATE versions SET note = 'x' WHERE name = ?").run(V20));
    const refused = await cli('initial', file, '--doc', DOC, '--version', V20, '--as', 'Dmitri Orlov', '--key', join(keys, 'ru-orlov.pem'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('does not verify');
  });

  it('key create: a 0600 PEM file outside the workspace, its public half recorded, never replaced; then initial with it', async () => {
    const file = join(dir, 'fresh.draftroom');
    const built = buildWorkspace(file, { parties: TEST_PARTIES, members: [{ name: 'Olena Koval', party: 'UA', role: 'lead' }], documents: ['Framework'] });
    built.store.createVersion({ docId: built.documents['Framework']!.id, name: 'Round 1', state: Y.encodeStateAsUpdate(new Y.Doc()) });
    built.store.close();
    const keyFile = join(dir, 'olena.pem');
    const made = await cli('key', 'create', file, '--as', 'Olena Koval', '--out', keyFile, '--json');
    expect(made.code, made.stderr).toBe(0);
    const out = JSON.parse(made.stdout) as { fingerprint: string; keyFile: string };
    expect(out.keyFile).toBe(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const pem = readFileSync(keyFile, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(file).includes(Buffer.from(pem.split('\n')[1]!))).toBe(false);
    expect((await cli('key', 'list', file)).stdout).toContain(out.fingerprint);

    const initialled = await cli('initial', file, '--doc', 'Framework', '--version', 'Round 1', '--as', 'Olena Koval', '--key', keyFile);
    expect(initialled.code, initialled.stderr).toBe(0);
    const { code, report } = await verifyJson(file);
    expect(code).toBe(0);
    expect(report.versions[0]!.initials.map((i) => [i.memberName, i.valid])).toEqual([['Olena Koval', true]]);

    const replaced = await cli('key', 'create', file, '--as', 'Olena Koval', '--out', join(dir, 'olena-2.pem'));
    expect(replaced.code).toBe(2);
    expect(replaced.stderr).toContain('already has a recorded key');
    const clobber = await cli('key', 'create', file, '--as', 'Olena Koval', '--out', keyFile);
    expect(clobber.code).toBe(2);
    expect(clobber.stderr).toContain('already exists');
    expect(readFileSync(keyFile, 'utf8')).toBe(pem);
  });
});
