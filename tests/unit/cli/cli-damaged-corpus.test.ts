/**
 * The damaged-file corpus: seeded truncations, flipped bytes in SQLite pages
 * and inside stored update/snapshot/version blobs, and bad companion files,
 * each run through every read-only CLI command in-process. Every run must
 * exit 0 or 2 (never 1: damage is the user's problem to see, not a crash),
 * leave the file and its companions byte-for-byte as they were, and never
 * print altered document text with exit 0.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../main/store/workspace-store';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { cli, type CliRun } from './cli-harness';
import { folderState, readCommands } from './read-commands';

const SEED = 20251202;
const random = new SeededRandom(SEED);
const pick = (n: number): number => random.int(0, n - 1);

let root: string;
let outDir: string;
/** A closed workspace (the demo; one document compacted, so it has a snapshot): nothing beside it. */
let base: string;
/** The same with a commit left in a WAL by a crashed writer (-wal and -shm beside it). */
let live: string;
let pageSize: number;
let healthy: CliRun[];
let commandCount: number;

/** Which commands print only document text (clauses), whatever other rows a flip may alter. */
const TEXT_ONLY = new Set([2, 3]);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'draftroom-corpus-'));
  outDir = join(root, 'out');
  mkdirSync(outDir);
  base = join(root, 'base.draftroom');
  expect((await cli('demo', base)).code).toBe(0);
  const store = openWorkspace(base);
  const annex = store.listDocuments().find((d) => d.title !== 'Peace framework')!;
  expect(store.compact(annex.id).merged).toBeGreaterThan(0);
  store.close();
  pageSize = readFileSync(base).readUInt16BE(16);

  live = join(root, 'live.draftroom');
  const liveSource = join(root, 'live-source.draftroom');
  copyFileSync(base, liveSource);
  const writer = new Database(liveSource);
  writer.pragma('wal_autocheckpoint = 0');
  writer.prepare('UPDATE workspace SET name = ?').run('Renamed in the WAL');
  writer.prepare('INSERT INTO preferences (key, value) VALUES (?, ?)').run('ui.zoom', '1.5');
  for (const suffix of ['', '-wal', '-shm']) copyFileSync(`${liveSource}${suffix}`, `${live}${suffix}`);
  writer.close();

  healthy = [];
  for (const argv of readCommands(base, outDir)) healthy.push(await cli(...argv));
  commandCount = healthy.length;
  for (const run of healthy) expect(run.code, run.stderr).toBe(0);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** One damaged file to try. */
interface Variant {
  readonly name: string;
  /** 'blob': the damage is inside stored content, so every exit-0 output must be the healthy one. */
  readonly kind: 'truncation' | 'page' | 'blob' | 'companion';
  /** Makes the damaged file (and companions) at `file` in an empty folder. */
  make(file: string): void;
}

function copyWithCompanions(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      copyFileSync(`${from}${suffix}`, `${to}${suffix}`);
    } catch {
      // Absent companion.
    }
  }
}

function flipBytes(path: string, offsets: readonly number[]): void {
  const bytes = readFileSync(path);
  for (const offset of offsets) bytes[offset]! ^= 1 << pick(8) || 1;
  writeFileSync(path, bytes);
}

/** Where, in the base file, each stored blob lies: [offset of a 12-byte chunk that occurs once]. */
function blobChunkOffsets(): number[] {
  const file = readFileSync(base);
  const db = new Database(base, { readonly: true });
  const blobs = [
    ...(db.prepare('SELECT data FROM update_log').pluck().all() as Buffer[]),
    ...(db.prepare('SELECT state FROM snapshots').pluck().all() as Buffer[]),
    ...(db.prepare('SELECT state FROM versions').pluck().all() as Buffer[]),
  ];
  db.close();
  const offsets: number[] = [];
  for (const blob of blobs) {
    for (let tries = 0; tries < 8; tries++) {
      const start = pick(Math.max(1, blob.length - 12));
      const chunk = blob.subarray(start, start + 12);
      if (chunk.length < 12) break;
      const at = file.indexOf(chunk);
      if (at >= 0 && file.lastIndexOf(chunk) === at) {
        offsets.push(at + pick(12));
        break;
      }
    }
  }
  return offsets;
}

function buildVariants(): Variant[] {
  const variants: Variant[] = [];
  const size = readFileSync(base).length;
  const pages = size / pageSize;
  const walSize = readFileSync(`${live}-wal`).length;

  for (let i = 0; i < 24; i++) {
    const cut = i % 3 === 0 ? pick(pages) * pageSize : pick(size);
    variants.push({ name: `truncated at ${cut}`, kind: 'truncation', make: (f) => (copyFileSync(base, f), truncateSync(f, cut)) });
  }
  for (let i = 0; i < 8; i++) {
    const cut = pick(walSize);
    variants.push({ name: `WAL truncated at ${cut}`, kind: 'truncation', make: (f) => (copyWithCompanions(live, f), truncateSync(`${f}-wal`, cut)) });
  }
  for (let i = 0; i < 56; i++) {
    const page = pick(pages);
    const count = 1 + pick(4);
    const offsets = Array.from({ length: count }, () => page * pageSize + (i < 8 ? pick(100) : pick(pageSize)));
    variants.push({ name: `page ${page + 1}: ${count} byte(s) flipped`, kind: 'page', make: (f) => (copyFileSync(base, f), flipBytes(f, offsets)) });
  }
  const chunks = blobChunkOffsets();
  for (let i = 0; i < 50; i++) {
    const offsets = [chunks[pick(chunks.length)]!];
    if (i % 5 === 0) offsets.push(chunks[pick(chunks.length)]!);
    variants.push({ name: `blob bytes flipped at ${offsets.join(', ')}`, kind: 'blob', make: (f) => (copyFileSync(base, f), flipBytes(f, offsets)) });
  }
  for (let i = 0; i < 10; i++) {
    const offset = 32 + pick(walSize - 32);
    variants.push({ name: `WAL byte flipped at ${offset}`, kind: 'companion', make: (f) => (copyWithCompanions(live, f), flipBytes(`${f}-wal`, [offset])) });
  }
  const garbage: [string, string[]][] = [
    ['garbage -wal', ['-wal']],
    ['garbage -shm', ['-shm']],
    ['garbage -journal', ['-journal']],
    ['garbage -wal and -shm', ['-wal', '-shm']],
    ['garbage everywhere', ['-wal', '-shm', '-journal']],
  ];
  for (const [name, suffixes] of garbage) {
    for (let i = 0; i < 3; i++) {
      const seed = SEED + variants.length;
      const length = [24, 4096 + 24, 32768][i]!;
      variants.push({
        name: `${name} (${length} bytes)`,
        kind: 'companion',
        make: (f) => {
          copyFileSync(base, f);
          suffixes.forEach((suffix, k) => writeFileSync(`${f}${suffix}`, new SeededRandom(seed + k).bytes(length)));
        },
      });
    }
  }
  variants.push({ name: 'garbage -shm beside a real WAL', kind: 'companion', make: (f) => (copyWithCompanions(live, f), writeFileSync(`${f}-shm`, new SeededRandom(SEED).bytes(32768))) });
  variants.push({ name: 'a real WAL beside a journal-mode file', kind: 'companion', make: (f) => {
    copyFileSync(base, f);
    const db = new Database(f);
    db.pragma('journal_mode = DELETE');
    db.close();
    copyFileSync(`${live}-wal`, `${f}-wal`);
  } });
  variants.push({ name: 'a -wal that is a folder', kind: 'companion', make: (f) => (copyFileSync(base, f), mkdirSync(`${f}-wal`)) });
  variants.push({ name: 'a -wal that is a named pipe', kind: 'companion', make: (f) => (copyFileSync(base, f), execFileSync('mkfifo', [`${f}-wal`])) });
  variants.push({ name: 'the file is a named pipe', kind: 'companion', make: (f) => execFileSync('mkfifo', [f]) });
  return variants;
}

describe('the damaged-file corpus through every read-only command', () => {
  it('exits 0 or 2, changes nothing, never shows altered text', async () => {
    const variants = buildVariants();
    expect(variants.length).toBeGreaterThanOrEqual(150);
    const tally = { variants: variants.length, runs: 0, exit0: 0, exit2: 0, verifyNamed: 0, refusedAtOpen: 0 };
    const failures: string[] = [];
    const timeByCommand: Record<string, number> = {};
    for (const [index, variant] of variants.entries()) {
      const dir = join(root, `v${index}`);
      mkdirSync(dir);
      const file = join(dir, 'damaged.draftroom');
      variant.make(file);
      const before = folderState(dir);
      const commands = readCommands(file, outDir);
      for (const [c, argv] of commands.entries()) {
        const started = performance.now();
        const run = await cli(...argv);
        timeByCommand[argv[0]!] = (timeByCommand[argv[0]!] ?? 0) + performance.now() - started;
        tally.runs++;
        const label = `${variant.name} · ${argv[0]}`;
        if (run.code === 0) tally.exit0++;
        else if (run.code === 2) tally.exit2++;
        else if (run.code === 3 && argv[0] === 'verify') tally.verifyNamed++; // verify found the damage: its purpose
        else failures.push(`${label}: exit ${run.code}: ${run.stderr.trim()}`);
        if (run.code >= 2 && run.stderr.split('\n').length !== 2) failures.push(`${label}: not one line: ${run.stderr}`);
        const mustMatch = variant.kind === 'blob' || TEXT_ONLY.has(c);
        if (run.code === 0 && mustMatch && c !== commands.length - 1 && run.stdout.replaceAll(file, 'FILE') !== healthy[c]!.stdout.replaceAll(base, 'FILE')) {
          failures.push(`${label}: exit 0 with altered output`);
        }
        if (c === 0 && run.code === 2) {
          // Refused on opening: every other command would be refused the same way.
          tally.refusedAtOpen++;
          break;
        }
      }
      const after = folderState(dir);
      if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${variant.name}: the file or its companions changed`);
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`damaged-file corpus (seed ${SEED}): ${JSON.stringify(tally)}; ${commandCount} read commands; ms ${JSON.stringify(timeByCommand)}`);
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('a damaged stored edit in the CLI', () => {
  it('is one exit-2 line naming the document and the row, with the way to its last intact state', async () => {
    const dir = join(root, 'one-edit');
    mkdirSync(dir);
    const file = join(dir, 'damaged.draftroom');
    copyFileSync(base, file);
    const raw = new Database(file);
    const row = raw.prepare('SELECT seq, data FROM update_log WHERE doc_key = 1 ORDER BY seq DESC LIMIT 1 OFFSET 3').get() as { seq: number; data: Buffer };
    const bytes = Buffer.from(row.data);
    bytes[bytes.length >> 1]! ^= 0x10;
    raw.prepare('UPDATE update_log SET data = ? WHERE seq = ?').run(bytes, row.seq);
    raw.close();

    const before = folderState(dir);
    const shown = await cli('show', file, '--doc', 'Peace framework');
    expect(shown.code).toBe(2);
    expect(shown.stderr).toMatch(
      new RegExp(`^draftroom: The document "Peace framework" \\(id [^)]+\\) is damaged: stored edit ${row.seq} does not match its checksum.* --intact\\n$`),
    );
    const intact = await cli('show', file, '--doc', 'Peace framework', '--intact');
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stderr).toBe(`draftroom: showing the last intact state: stored edit ${row.seq} is damaged; it and every later edit are left out.\n`);
    expect(intact.stdout).toMatch(/^1\. /);
    expect(folderState(dir)).toEqual(before);

    const healthyShow = await cli('show', base, '--doc', 'Peace framework', '--intact');
    expect(healthyShow.stderr).toBe('draftroom: the working draft is intact.\n');
    expect(healthyShow.stdout).toBe((await cli('show', base, '--doc', 'Peace framework')).stdout);
  });
});
