import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xml2js, type Element } from 'xml-js';
import { unzipDocx } from '../export/fixtures';
import { cli, fingerprint, lines } from './cli-harness';

const DOC = 'Peace framework';
const FOUR = 'U.S. 28-point draft,U.S.–Ukraine 20-point proposal,Russian counter-draft,working';

let dir: string;
let sample: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-columns-'));
  sample = join(dir, 'sample.draftroom');
  expect((await cli('demo', sample)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every element named `name` under `node`, depth first. */
function elements(node: Element, name: string): Element[] {
  const out: Element[] = [];
  for (const child of node.elements ?? []) {
    if (child.name === name) out.push(child);
    out.push(...elements(child, name));
  }
  return out;
}

/** The text of an element (its w:t descendants). */
function textOf(node: Element): string {
  return elements(node, 'w:t')
    .map((t) => (t.elements ?? []).map((e) => String(e.text ?? '')).join(''))
    .join('');
}

/** The runs of an element with a property (`w:u` underline, `w:strike`), as their texts. */
function runsWith(node: Element, property: string): string[] {
  return elements(node, 'w:r')
    .filter((r) => elements(r, 'w:rPr').some((p) => elements(p, property).length > 0))
    .map(textOf);
}

describe('draftroom columns', () => {
  it('writes a landscape Word table: header per column, one row per point, differences underlined and struck', async () => {
    const out = join(dir, 'four.docx');
    const before = fingerprint(dir);
    const run = await cli('columns', sample, '--doc', DOC, '--versions', FOUR, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('29 rows');
    const { document } = await unzipDocx(readFileSync(out));
    const root = xml2js(document, { compact: false }) as Element;
    const size = elements(root, 'w:pgSz')[0]!;
    expect(size.attributes?.['w:orient']).toBe('landscape');
    expect(Number(size.attributes?.['w:w'])).toBeGreaterThan(Number(size.attributes?.['w:h']));
    const rows = elements(elements(root, 'w:tbl')[0]!, 'w:tr');
    expect(rows).toHaveLength(30);
    const header = elements(rows[0]!, 'w:tc').map(textOf);
    expect(header[0]).toBe('Point');
    expect(header[1]).toMatch(/^U\.S\. 28-point draft.*United States · Dana Whitfield.*2025-11-20/);
    expect(header[3]).toMatch(/^Russian counter-draft.*Russia · Dmitri Orlov.*2025-12-26/);
    expect(header[4]).toMatch(/^Working draft/);
    const cap = rows.find((r) => textOf(elements(r, 'w:tc')[0]!) === 'Point 6 — Armed forces')!;
    const cells = elements(cap, 'w:tc');
    expect(runsWith(cells[2]!, 'w:strike')).toContain('600,000');
    expect(runsWith(cells[2]!, 'w:u')).toContain('800,000');
    const dialogue = rows.find((r) => textOf(elements(r, 'w:tc')[0]!) === 'Point 4 — NATO–Russia dialogue')!;
    expect(elements(dialogue, 'w:tc').slice(2).map(textOf)).toEqual(['— no counterpart', '— no counterpart', '— no counterpart']);
    expect(textOf(root)).toContain('struck through: words of the first column this column does not have');
    // Reading only: the workspace is as it was (the output is the one new file).
    const after = fingerprint(dir);
    delete after['four.docx'];
    expect(after).toEqual(before);
  });

  it('writes a landscape PDF, an HTML page and Markdown with the same rows', async () => {
    const pdf = join(dir, 'four.pdf');
    expect((await cli('columns', sample, '--doc', DOC, '--versions', FOUR, '--out', pdf)).code).toBe(0);
    const bytes = readFileSync(pdf).toString('latin1');
    expect(bytes.startsWith('%PDF-')).toBe(true);
    expect(bytes).toMatch(/\/MediaBox \[0 0 841\.89\d* 595\.28\d*\]/);
    expect((bytes.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThan(1);

    const html = join(dir, 'four.html');
    expect((await cli('columns', sample, '--doc', DOC, '--versions', FOUR, '--format', 'html', '--out', html)).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('size: A4 landscape');
    expect(page.match(/<tr data-row=/g)).toHaveLength(29);
    expect(page).toMatch(/data-clause="ru-no-nato-accession" data-match="title"/);
    expect(page).toMatch(/<del>600,000\.?<\/del><ins>800,000\.?<\/ins>/);

    const md = await cli('columns', sample, '--doc', DOC, '--versions', FOUR);
    expect(md.code, md.stderr).toBe(0);
    const rows = lines(md.stdout).filter((l) => /^\| Point \d/.test(l));
    expect(rows).toHaveLength(29);
    expect(rows.find((r) => r.includes('Armed forces'))).toMatch(/~~600,000\.?~~<ins>800,000\.?<\/ins>/);
    expect(md.stdout).toContain('| Point | U.S. 28-point draft<br>');
  });

  it('puts another document beside it with <document>::<version>, aligned by heading', async () => {
    const run = await cli('columns', sample, '--doc', DOC, '--versions', 'U.S.–Ukraine 20-point proposal,European 6-point framework::working');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/# Peace framework \/ European 6-point framework — two-column text/);
  });

  it('saves a manual re-alignment, applies it to every later table, lists it and clears it', async () => {
    const before = await cli('columns', sample, '--doc', DOC, '--versions', FOUR);
    const ownRow = (text: string): boolean => lines(text).some((l) => /^\| Point \d+ — Amnesty \(Russian counter-draft\)/.test(l));
    expect(ownRow(before.stdout)).toBe(false);

    // Two clauses have had the heading "Amnesty" (the 28 points' and Russia's): the id decides.
    const ambiguous = await cli('columns', 'align', sample, '--doc', DOC, '--clause', 'Amnesty', '--none', '--as', 'Dmitri Orlov');
    expect(ambiguous.stderr).toMatch(/2 clauses of "Peace framework" are headed "Amnesty"; give one of their ids: pf-amnesty, ru-amnesty/);
    const pin = await cli('columns', 'align', sample, '--doc', DOC, '--clause', 'ru-amnesty', '--none', '--as', 'Dmitri Orlov');
    expect(pin.code, pin.stderr).toBe(0);
    expect(pin.stdout).toBe('Saved: ru-amnesty of "Peace framework" has no counterpart in "Peace framework".\n');
    const pinned = await cli('columns', sample, '--doc', DOC, '--versions', FOUR);
    expect(ownRow(pinned.stdout)).toBe(true);

    const moved = await cli('columns', 'align', sample, '--doc', DOC, '--clause', 'ru-language-church', '--to', 'Education and tolerance', '--as', 'Dmitri Orlov');
    expect(moved.code, moved.stderr).toBe(0);
    const both = await cli('columns', sample, '--doc', DOC, '--versions', FOUR);
    expect(lines(both.stdout).some((l) => /Language and religion \(Russian counter-draft\)/.test(l))).toBe(false);
    expect(lines(both.stdout).find((l) => l.startsWith('| Point 20 — Education and tolerance'))).toContain('Language and religion');

    const listed = await cli('columns', 'align', sample, '--list');
    expect(listed.stdout).toMatch(/ru-amnesty +no counterpart in Peace framework +Dmitri Orlov/);
    expect(listed.stdout).toMatch(/ru-language-church +Peace framework: pf-education-tolerance +Dmitri Orlov/);

    expect((await cli('columns', 'align', sample, '--doc', DOC, '--clause', 'ru-amnesty', '--clear', '--as', 'Dmitri Orlov')).stdout).toMatch(/^Cleared: /);
    expect((await cli('columns', 'align', sample, '--doc', DOC, '--clause', 'ru-language-church', '--clear', '--as', 'Dmitri Orlov')).code).toBe(0);
    expect((await cli('columns', sample, '--doc', DOC, '--versions', FOUR)).stdout).toBe(before.stdout);
  });

  it('refuses bad input with one line and writes nothing', async () => {
    const before = fingerprint(dir);
    const cases: [string[], RegExp][] = [
      [['columns', sample, '--doc', DOC, '--versions', 'working'], /2 to 10 columns/],
      [['columns', sample, '--doc', DOC, '--versions', 'working,Draft 99'], /Draft 99/],
      [['columns', sample, '--doc', DOC, '--versions', 'working,,x'], /empty column/],
      [['columns', sample, '--doc', DOC, '--versions', FOUR, '--format', 'docx'], /needs --out/],
      [['columns', sample, '--doc', DOC, '--versions', FOUR, '--out', join(dir, 'x.txt')], /--out must end in/],
      [['columns', 'align', sample, '--doc', DOC, '--clause', 'ru-amnesty', '--none'], /--as/],
      [['columns', 'align', sample, '--doc', DOC, '--clause', 'ru-amnesty', '--none', '--as', 'Pavel Sokolov'], /may only read/],
      [['columns', 'align', sample, '--doc', DOC, '--clause', 'no-such-clause', '--none', '--as', 'Dmitri Orlov'], /no clause with the id or heading "no-such-clause"/],
      [['columns', 'align', sample, '--doc', DOC, '--clause', 'ru-amnesty', '--none', '--clear', '--as', 'Dmitri Orlov'], /exactly one of/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(lines(run.stderr), argv.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
    expect(fingerprint(dir)).toEqual(before);
    expect((await cli('columns', 'align', sample, '--list')).stdout).toBe('No saved re-alignments.\n');
  });
});
