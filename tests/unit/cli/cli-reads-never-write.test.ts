import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspaceForReading } from '../../../main/store/open-for-reading';
import { openWorkspace } from '../../../main/store/workspace-store';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { cli } from './cli-harness';
import { SAMPLE_DOC, folderState, readCommands } from './read-commands';

let root: string;
let outDir: string;
/** The demo workspace, closed cleanly (WAL mode, nothing beside it). */
let sample: string;
let counter = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'draftroom-reads-'));
  outDir = join(root, 'out');
  mkdirSync(outDir);
  sample = join(root, 'sample.draftroom');
  const run = await cli('demo', sample);
  expect(run.code, run.stderr).toBe(0);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder holding a copy of the sample (plus whatever `prepare` puts beside it). */
function caseFolder(prepare?: (file: string) => void): { dir: string; file: string } {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir);
  const file = join(dir, 'talks.draftroom');
  copyFileSync(sample, file);
  prepare?.(file);
  return { dir, file };
}

/** Runs every read command on `file`; checks that nothing in its folder changed; returns the runs. */
async function readAll(dir: string, file: string): Promise<{ code: number; stdout: string; stderr: string }[]> {
  const before = folderState(dir);
  const runs = [];
  for (const argv of readCommands(file, outDir)) {
    const run = await cli(...argv);
    expect([0, 2], `${argv.join(' ')}: ${run.stderr}`).toContain(run.code);
    expect(folderState(dir), `${argv.join(' ')} changed the folder`).toEqual(before);
    runs.push(run);
  }
  return runs;
}

/** The workspace's name as `info --json` prints it. */
async function nameOf(file: string): Promise<string> {
  const run = await cli('info', file, '--json');
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { name: string }).name;
}

/** Leaves `file` as a crashed writer would: a rename committed to the WAL only, with its -shm. */
function leaveCommitInWal(file: string, newName: string, statement?: string): void {
  const live = `${file}.live`;
  copyFileSync(file, live);
  const writer = new Database(live);
  writer.pragma('wal_autocheckpoint = 0');
  writer.prepare('UPDATE workspace SET name = ?').run(newName);
  if (statement !== undefined) writer.exec(statement);
  for (const suffix of ['', '-wal', '-shm']) copyFileSync(`${live}${suffix}`, `${file}${suffix}`);
  writer.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true });
}

describe('read-only commands never write', () => {
  it('a healthy file: every command works, nothing is created beside it', async () => {
    const { dir, file } = caseFolder();
    const runs = await readAll(dir, file);
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
    expect(Object.keys(folderState(dir))).toEqual(['talks.draftroom']);
  });

  it('a file in rollback-journal mode is read in place, read-only, and stays in that mode', async () => {
    const { dir, file } = caseFolder((path) => {
      const db = new Database(path);
      db.pragma('journal_mode = DELETE');
      db.close();
    });
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
    const store = openWorkspaceForReading(file);
    expect(store.readingMode).toBe('read-only');
    store.close();
    const runs = await readAll(dir, file);
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
  });

  it('a WAL left by a crashed writer is read (its commits shown) but neither folded in nor deleted', async () => {
    const { dir, file } = caseFolder((path) => leaveCommitInWal(path, 'Renamed in the WAL'));
    expect(Object.keys(folderState(dir))).toEqual(['talks.draftroom', 'talks.draftroom-shm', 'talks.draftroom-wal']);
    const runs = await readAll(dir, file);
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
    expect(await nameOf(file)).toBe('Renamed in the WAL');
    expect(openWorkspaceForReading(file).readingMode).toBe('private-copy');
  });

  it('a file refused because of its WAL (a table dropped) is left exactly as it was', async () => {
    const { dir, file } = caseFolder((path) => leaveCommitInWal(path, 'Half gone', 'DROP TABLE version_initials; DROP TABLE version_projections; DROP TABLE versions'));
    const runs = await readAll(dir, file);
    expect(runs.some((r) => r.code === 2)).toBe(true);
  });

  it('garbage -wal, -shm and -journal files are neither used to change the file nor deleted', async () => {
    const cases: Record<string, string[]> = {
      wal: ['-wal'],
      shm: ['-shm'],
      journal: ['-journal'],
      all: ['-wal', '-shm', '-journal'],
    };
    let seed = 7;
    for (const suffixes of Object.values(cases)) {
      const { dir, file } = caseFolder((path) => {
        for (const suffix of suffixes) writeFileSync(`${path}${suffix}`, new SeededRandom(seed++).bytes(4096 + 24));
      });
      await readAll(dir, file);
    }
  });

  it('an empty -wal and -shm (a clean close by another SQLite) are left in place', async () => {
    const { dir, file } = caseFolder((path) => {
      writeFileSync(`${path}-wal`, '');
      writeFileSync(`${path}-shm`, Buffer.alloc(32768));
    });
    const runs = await readAll(dir, file);
    expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
  });

  it('a read-only file in a read-only folder is read without creating -wal or -shm', async () => {
    const { dir, file } = caseFolder((path) => leaveCommitInWal(path, 'Read-only copy'));
    rmSync(`${file}-shm`);
    chmodSync(file, 0o444);
    chmodSync(`${file}-wal`, 0o444);
    chmodSync(dir, 0o555);
    try {
      const runs = await readAll(dir, file);
      expect(runs.map((r) => r.code)).toEqual(runs.map(() => 0));
      expect(await nameOf(file)).toBe('Read-only copy');
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('reading beside a live writer sees its commits and leaves its WAL to it', async () => {
    const { dir, file } = caseFolder();
    const writer = openWorkspace(file);
    try {
      writer.setName('Live rename');
      const walBefore = folderState(dir)['talks.draftroom-wal'];
      expect(await nameOf(file)).toBe('Live rename');
      const show = await cli('show', file, '--doc', SAMPLE_DOC);
      expect(show.code, show.stderr).toBe(0);
      expect(folderState(dir)['talks.draftroom-wal']).toBe(walBefore);
    } finally {
      writer.close();
    }
  });
});
