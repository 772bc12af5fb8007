import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fingerprint, numberedClauses } from './cli-harness';

const DOC = 'Peace framework';

let dir: string;
let pristine: string;
let copies = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-save-version-'));
  pristine = join(dir, 'pristine.draftroom');
  expect((await cli('demo', pristine)).code).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sampleCopy(): { folder: string; file: string } {
  const folder = mkdtempSync(join(dir, `case-${++copies}-`));
  const file = join(folder, 'sample.draftroom');
  copyFileSync(pristine, file);
  return { folder, file };
}

describe('draftroom save-version', () => {
  it('keeps the working draft under a name, attributed to the member, and lists and shows it', async () => {
    const { file } = sampleCopy();
    const run = await cli('save-version', file, '--doc', DOC, '--name', 'Working draft 28 Nov', '--note', 'before the Geneva round', '--as', 'Olena Kovalenko', '--json');
    expect(run.code, run.stderr).toBe(0);
    const saved = JSON.parse(run.stdout) as { id: string; name: string; note: string; authorId: string; clauses: number };
    expect(saved).toMatchObject({ name: 'Working draft 28 Nov', note: 'before the Geneva round', authorId: 'ua-kovalenko' });

    const listed = await cli('versions', file, '--doc', DOC, '--json');
    const versions = JSON.parse(listed.stdout) as { id: string; name: string; author: { name: string }; party: { code: string }; clauses: number }[];
    expect(versions.map((v) => v.name)).toEqual(['U.S. 28-point draft', 'U.S.–Ukraine 20-point proposal', 'Russian counter-draft', 'Working draft 28 Nov']);
    expect(versions[3]).toMatchObject({ id: saved.id, author: { name: 'Olena Kovalenko' }, party: { code: 'UA' }, clauses: saved.clauses });

    // The version holds the working draft as it was: the same clauses `show` prints for the draft now.
    const draft = await cli('show', file, '--doc', DOC);
    const version = await cli('show', file, '--doc', DOC, '--version', 'Working draft 28 Nov');
    expect(numberedClauses(version.stdout)).toEqual(numberedClauses(draft.stdout));
    expect(numberedClauses(version.stdout)).toHaveLength(saved.clauses);
  });

  it('refuses observers, a taken name, an unknown member or document, and a missing name — writing nothing', async () => {
    const { folder, file } = sampleCopy();
    const before = fingerprint(folder);
    const attempts: [string[], RegExp][] = [
      [['--doc', DOC, '--name', 'X', '--as', 'Sofia Rossi'], /observer and may only read/],
      [['--doc', DOC, '--name', 'u.s. 28-POINT draft', '--as', 'Dana Whitfield'], /already has a version named "U\.S\. 28-point draft"/],
      [['--doc', DOC, '--name', 'X', '--as', 'Nobody Known'], /unknown member "Nobody Known"/],
      [['--doc', 'No such doc', '--name', 'X', '--as', 'Dana Whitfield'], /No such doc/],
      [['--doc', DOC, '--as', 'Dana Whitfield'], /--name/],
    ];
    for (const [args, message] of attempts) {
      const run = await cli('save-version', file, ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fingerprint(folder)).toEqual(before);
  });
});
