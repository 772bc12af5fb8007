import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run-cli';
import { unzipDocx } from '../export/fixtures';
import { cli, fingerprint, lines } from './cli-harness';

const DOC = 'Peace framework';
const V28 = 'U.S. 28-point draft';
const V20 = 'U.S.–Ukraine 20-point proposal';

let dir: string;
let sample: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-export-'));
  sample = join(dir, 'sample.draftroom');
  expect((await cli('demo', sample)).code).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty output folder inside the test folder. */
function outFolder(name: string): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  return folder;
}

/** Runs a failing command: exit 2, one line on stderr, nothing on stdout, nothing written anywhere. */
async function expectFailure(argv: string[], message: RegExp, folder: string): Promise<void> {
  const before = [fingerprint(dir), fingerprint(folder)];
  const run = await cli(...argv);
  expect(run.code, `${argv.join(' ')} → ${run.stderr}`).toBe(2);
  expect(run.stdout).toBe('');
  expect(lines(run.stderr)).toHaveLength(1);
  expect(run.stderr).toMatch(/^draftroom: /);
  expect(run.stderr).toMatch(message);
  expect([fingerprint(dir), fingerprint(folder)]).toEqual(before);
}

describe('draftroom export', () => {
  it('writes the pending-suggestions redline as a valid .docx and leaves the workspace as it was', async () => {
    const folder = outFolder('pending');
    const workspaceBefore = fingerprint(dir)['sample.draftroom'];
    const out = join(folder, 'redline.docx');
    const run = await cli('export', sample, '--doc', DOC, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`Wrote ${out}`);
    expect(run.stdout).toContain('Anna Volkova (Russia)');
    const { document, comments } = await unzipDocx(readFileSync(out));
    expect(document).toContain('w:author="Anna Volkova (Russia)"');
    expect(comments).toContain('RU — amended — Rationale:');
    // Only the .docx: no temporary file left, and no -wal/-shm beside the workspace.
    expect(readdirSync(folder)).toEqual(['redline.docx']);
    expect(fingerprint(dir)['sample.draftroom']).toBe(workspaceBefore);
    expect(Object.keys(fingerprint(dir)).filter((name) => name.startsWith('sample.draftroom'))).toEqual(['sample.draftroom']);
  });

  it('writes the comparison of two versions, --out relative to the working folder', async () => {
    const folder = outFolder('compare');
    let stderr = '';
    const argv = ['export', sample, '--doc', DOC, '--from', V28, '--to', V20, '--out', join('compare', '28-to-20.docx')];
    const code = await runCli(argv, { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir });
    expect(code, stderr).toBe(0);
    const { document } = await unzipDocx(readFileSync(join(folder, '28-to-20.docx')));
    expect(document).toMatch(/<w:delText xml:space="preserve">600,000<\/w:delText>/);
    expect(document).toMatch(/<w:t xml:space="preserve">800,000<\/w:t>/);
  });

  it('overwrites an existing --out only with --force', async () => {
    const folder = outFolder('force');
    const out = join(folder, 'redline.docx');
    writeFileSync(out, 'an older redline');
    await expectFailure(['export', sample, '--doc', DOC, '--out', out], /already exists; add --force/, folder);
    expect(readFileSync(out, 'utf8')).toBe('an older redline');
    const run = await cli('export', sample, '--doc', DOC, '--out', out, '--force', '--from', V20);
    expect(run.code, run.stderr).toBe(0);
    expect((await unzipDocx(readFileSync(out))).document).toContain('Working draft');
    expect(readdirSync(folder)).toEqual(['redline.docx']);
  });

  it('fails with one line, exit 2 and nothing written for every error', async () => {
    const folder = outFolder('errors');
    const out = join(folder, 'redline.docx');
    await expectFailure(['export', sample, '--doc', 'No such document', '--out', out], /no document|unknown document|No such document/i, folder);
    await expectFailure(['export', sample, '--doc', DOC, '--from', 'No such version', '--out', out], /no version "No such version"/, folder);
    await expectFailure(['export', sample, '--doc', DOC, '--from', V28, '--to', 'Nope', '--out', out], /no version "Nope"/, folder);
    await expectFailure(['export', sample, '--doc', DOC, '--to', V20, '--out', out], /needs the version it starts from/, folder);
    await expectFailure(['export', sample, '--doc', DOC, '--out', out, '--colour'], /unknown option --colour/, folder);
    await expectFailure(['export', sample, '--doc', DOC], /missing --out/, folder);
    await expectFailure(['export', sample, '--doc', DOC, '--out', join(folder, 'redline.txt')], /--out must end in \.docx, \.pdf, \.html, \.md/, folder);
    await expectFailure(['export', sample, '--doc', DOC, '--out', join(folder, 'redline.pdf'), '--format', 'md'], /--out ends in \.pdf but --format is md/, folder);
    await expectFailure(['export', sample, '--doc', DOC, '--out', out, '--audience', 'press'], /--audience must be one of internal, external/, folder);
    await expectFailure(['export', sample, '--doc', DOC, '--out', join(folder, 'missing', 'r.docx')], /no such folder/, folder);
    await expectFailure(['export', join(dir, 'missing.draftroom'), '--doc', DOC, '--out', out], /no such file/, folder);
    expect(existsSync(out)).toBe(false);
  });

  // /sys refuses new files even to root (CI runs as root, for whom a chmod-ed folder is writable).
  it.skipIf(!existsSync('/sys/kernel'))('says in one line when the folder cannot be written (no permission, read-only, disk full)', async () => {
    const run = await cli('export', sample, '--doc', DOC, '--out', '/sys/kernel/redline.docx');
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^draftroom: could not write \/sys\/kernel\/redline\.docx: (permission denied|the file system is read-only); nothing was written/);
  });

  it('writes each format by --out extension, internal or external, and leaves the workspace as it was', async () => {
    const folder = outFolder('formats');
    const workspaceBefore = fingerprint(dir)['sample.draftroom'];
    for (const ext of ['pdf', 'html', 'md']) {
      const out = join(folder, `28-20.${ext}`);
      const run = await cli('export', sample, '--doc', DOC, '--from', V28, '--to', V20, '--audience', 'external', '--out', out);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Tracked changes by Ukraine, United States; 0 comments');
    }
    expect(readFileSync(join(folder, '28-20.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const md = readFileSync(join(folder, '28-20.md'), 'utf8');
    expect(md).toContain('~~600,000~~**800,000**');
    expect(md).not.toContain('Taras Melnyk');
    expect(readFileSync(join(folder, '28-20.html'), 'utf8')).toMatch(/^<!doctype html>/);
    const chosen = join(folder, 'letter.pdf');
    expect((await cli('export', sample, '--doc', DOC, '--format', 'pdf', '--paper', 'letter', '--out', chosen)).code).toBe(0);
    expect(readFileSync(chosen).toString('latin1')).toMatch(/\/MediaBox \[0 0 612 792\]/);
    expect(readdirSync(folder).sort()).toEqual(['28-20.html', '28-20.md', '28-20.pdf', 'letter.pdf']);
    expect(fingerprint(dir)['sample.draftroom']).toBe(workspaceBefore);
  });

  it('prints the change summary with `changes --format md|csv`', async () => {
    const csv = await cli('changes', sample, '--doc', DOC, '--from', V28, '--to', V20, '--format', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.split('\r\n').filter((l) => l !== '');
    expect(rows[0]).toBe('Clause,Kind,Party,Member,Rationale,Decision');
    expect(rows.filter((r) => r.includes(',Removed,'))).toHaveLength(8);
    expect(csv.stdout).toContain('Point 5,Amended,Ukraine,Taras Melnyk,"A ceiling of 600,000');
    const md = await cli('changes', sample, '--doc', DOC, '--format', 'md', '--audience', 'external');
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('## Change summary');
    expect(md.stdout).toContain('| Clause | Kind | Party | Decision |');
    expect(md.stdout).not.toContain('Anna Volkova');
    const mixed = await cli('changes', sample, '--doc', DOC, '--format', 'csv', '--party', 'RU');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/does not combine with --party/);
  });

  it('is listed in the help', async () => {
    const run = await cli('--help');
    expect(run.stdout).toMatch(/^ {2}export +Write a redline \(\.docx, \.pdf, \.html, \.md\)/m);
    const help = await cli('export', '--help');
    expect(help.stdout).toContain('Usage: draftroom export <file> --doc <id|title> --out <path>');
    expect(help.stdout).toContain('--audience <audience>');
  });
});
