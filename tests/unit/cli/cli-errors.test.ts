import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fingerprint, lines } from './cli-harness';

let dir: string;
let sample: string;
let notWorkspace: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-errors-'));
  sample = join(dir, 'sample.draftroom');
  notWorkspace = join(dir, 'notes.draftroom');
  writeFileSync(notWorkspace, 'These are meeting notes, not a workspace.\n'.repeat(20));
  expect((await cli('demo', sample)).code).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a failing command and checks: exit 2, one line on stderr, nothing on stdout, no file changed or created. */
async function expectFailure(argv: string[], message: RegExp): Promise<void> {
  const before = fingerprint(dir);
  const run = await cli(...argv);
  expect(run.code, `${argv.join(' ')} → ${run.stderr}`).toBe(2);
  expect(run.stdout).toBe('');
  expect(lines(run.stderr)).toHaveLength(1);
  expect(run.stderr).toMatch(/^draftroom: /);
  expect(run.stderr).toMatch(message);
  expect(fingerprint(dir)).toEqual(before);
}

describe('draftroom errors: files', () => {
  it('no such file, for every command that reads one', async () => {
    const missing = join(dir, 'missing.draftroom');
    for (const argv of [
      ['info', missing],
      ['docs', missing, '--json'],
      ['show', missing, '--doc', 'Peace framework'],
      ['versions', missing, '--doc', 'Peace framework'],
      ['changes', missing, '--doc', 'Peace framework'],
      ['accept', missing, '--doc', 'Peace framework', '--all', '--as', 'us-whitfield'],
      ['reject', missing, '--doc', 'Peace framework', '--party', 'RU'],
    ]) {
      await expectFailure(argv, /no such file/i);
    }
  });

  it('a file that is not a workspace', async () => {
    for (const argv of [
      ['info', notWorkspace],
      ['docs', notWorkspace],
      ['show', notWorkspace, '--doc', 'x'],
      ['changes', notWorkspace, '--doc', 'x', '--json'],
      ['accept', notWorkspace, '--doc', 'x', '--change', 'y', '--as', 'z'],
      ['reject', notWorkspace, '--doc', 'x', '--all'],
    ]) {
      await expectFailure(argv, /not a .*workspace|not a draftroom/i);
    }
  });

  it('an empty file and a SQLite database of another program', async () => {
    const empty = join(dir, 'empty.draftroom');
    writeFileSync(empty, '');
    await expectFailure(['info', empty], /workspace/i);
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (\'Ada\');');
    db.close();
    await expectFailure(['docs', other, '--json'], /not a draftroom workspace/i);
    await expectFailure(['show', other, '--doc', 'Peace framework'], /not a draftroom workspace/i);
  });

  it('a folder instead of a file', async () => {
    await expectFailure(['info', dir], /not a file|not a .*workspace/i);
  });

  it('init and demo refuse an existing file', async () => {
    await expectFailure(['init', sample], /already exists/);
    await expectFailure(['demo', sample], /already exists/);
    await expectFailure(['demo', notWorkspace], /already exists/);
  });

  it('init and demo refuse a missing folder', async () => {
    await expectFailure(['init', join(dir, 'nowhere', 'new.draftroom')], /no such folder/);
    await expectFailure(['demo', join(dir, 'nowhere', 'new.draftroom')], /no such folder/);
  });
});

describe('draftroom errors: documents, versions, parties', () => {
  it('unknown document', async () => {
    for (const command of ['show', 'versions', 'changes']) {
      await expectFailure([command, sample, '--doc', 'Armistice text'], /Armistice text/);
    }
  });

  it('unknown version', async () => {
    await expectFailure(['show', sample, '--doc', 'Peace framework', '--version', 'U.S. 27-point draft'], /U\.S\. 27-point draft/);
  });

  it('unknown party', async () => {
    await expectFailure(['changes', sample, '--doc', 'Peace framework', '--party', 'Atlantis'], /unknown party "Atlantis"/);
  });
});

describe('draftroom errors: command line', () => {
  it('unknown command, and no command at all', async () => {
    await expectFailure(['publish', sample], /unknown command "publish"/);
    await expectFailure(['--verbose'], /unknown option --verbose/);
    await expectFailure([], /missing command/);
    await expectFailure(['help', 'publish'], /unknown command "publish"/);
  });

  it('unknown flags', async () => {
    await expectFailure(['info', sample, '--bogus'], /unknown option --bogus/);
    await expectFailure(['show', sample, '--doc', 'Peace framework', '-x'], /unknown option -x/);
  });

  it('missing required flags and arguments', async () => {
    await expectFailure(['show', sample], /missing --doc <id\|title>/);
    await expectFailure(['versions', sample, '--json'], /missing --doc/);
    await expectFailure(['changes', sample], /missing --doc/);
    await expectFailure(['info'], /missing <file>/);
    await expectFailure(['init'], /missing <file>/);
  });

  it('flags without a value, or with a bad one', async () => {
    await expectFailure(['show', sample, '--doc'], /option --doc needs a value/);
    await expectFailure(['show', sample, '--doc', ''], /option --doc needs a value/);
    await expectFailure(['show', sample, '--doc', 'Peace framework', '--view', 'redline'], /--view must be one of current, original, marked/);
    await expectFailure(['changes', sample, '--doc', 'Peace framework', '--status', 'pending'], /--status must be one of/);
    await expectFailure(['changes', sample, '--doc', 'Peace framework', '--kind', 'edited'], /--kind must be one of/);
    await expectFailure(['info', sample, '--json=yes'], /option --json takes no value/);
  });

  it('too many arguments', async () => {
    await expectFailure(['info', sample, 'extra'], /unexpected argument "extra"/);
  });
});
