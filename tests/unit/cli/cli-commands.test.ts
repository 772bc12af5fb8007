import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRegistry } from '../../../main/cli/registry';
import { builtinCommands } from '../../../main/cli/commands/builtin-commands';
import type { CliCommand } from '../../../main/cli/cli-types';
import { runCli } from '../../../main/cli/run-cli';
import { cli, fingerprint, lines, numberedClauses } from './cli-harness';

const DOC = 'Peace framework';
const V20 = 'U.S.–Ukraine 20-point proposal';
const V28 = 'U.S. 28-point draft';

let dir: string;
let sample: string;
let snapshot: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-'));
  sample = join(dir, 'sample.draftroom');
  const run = await cli('demo', sample);
  expect(run.code, run.stderr).toBe(0);
  snapshot = fingerprint(dir);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('draftroom help', () => {
  it('prints the command list for --help, -h and help', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const run = await cli(...argv);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      for (const name of ['init', 'demo', 'info', 'docs', 'show', 'versions', 'changes', 'accept', 'reject']) {
        expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
      }
    }
  });

  it('prints usage and options for every command', async () => {
    for (const command of builtinCommands()) {
      const viaFlag = await cli(command.name, '--help');
      expect(viaFlag.code, command.name).toBe(0);
      expect(viaFlag.stdout).toContain(`Usage: draftroom ${command.name} <`);
      expect(viaFlag.stdout).toContain('--help');
      for (const option of Object.keys(command.options)) expect(viaFlag.stdout).toContain(`--${option}`);
      expect((await cli('help', command.name)).stdout).toBe(viaFlag.stdout);
    }
  });
});

describe('draftroom init and demo', () => {
  it('init creates an empty workspace with the given name', async () => {
    const file = join(dir, 'empty.draftroom');
    const run = await cli('init', file, '--name', 'Ceasefire talks');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(file);
    const info = JSON.parse((await cli('info', file, '--json')).stdout) as { name: string; parties: unknown[] };
    expect(info.name).toBe('Ceasefire talks');
    expect(info.parties).toEqual([]);
    expect(JSON.parse((await cli('docs', file, '--json')).stdout)).toEqual([]);
  });

  it('init names the workspace after the file by default', async () => {
    const file = join(dir, 'geneva-round.draftroom');
    expect((await cli('init', file)).code).toBe(0);
    expect(JSON.parse((await cli('info', file, '--json')).stdout).name).toBe('geneva-round');
  });

  it('demo writes the sample and says it is illustrative', async () => {
    const file = join(dir, 'demo2.draftroom');
    const run = await cli('demo', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Illustrative sample/);
    expect(existsSync(file)).toBe(true);
  });
});

describe('draftroom info and docs', () => {
  it('info shows the workspace, its parties and members', async () => {
    const human = await cli('info', sample);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Workspace +.*illustrative/im);
    expect(human.stdout).toMatch(/Schema +\d+/);
    for (const name of ['United States', 'Ukraine', 'Europe', 'Russia']) expect(human.stdout).toContain(name);

    const json = JSON.parse((await cli('info', sample, '--json')).stdout);
    expect(json.id).toEqual(expect.any(String));
    expect(json.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(json.parties.map((p: { code: string }) => p.code).sort()).toEqual(['EU', 'RU', 'UA', 'US']);
    expect(json.members.length).toBeGreaterThanOrEqual(8);
    expect(json.members[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      role: expect.any(String),
      party: { id: expect.any(String), name: expect.any(String), code: expect.any(String) },
    });
  });

  it('docs lists documents with clause and version counts', async () => {
    const json = JSON.parse((await cli('docs', sample, '--json')).stdout) as Record<string, unknown>[];
    const peace = json.find((d) => d['title'] === DOC)!;
    expect(peace).toMatchObject({ id: expect.any(String), clauses: 23, versions: 3, pending: 5 });
    expect(json.find((d) => d['title'] === 'European 6-point framework')).toMatchObject({ clauses: 6, versions: 1 });

    const human = await cli('docs', sample);
    expect(lines(human.stdout)[0]).toMatch(/^TITLE +CLAUSES +VERSIONS/);
    expect(human.stdout).toMatch(/Peace framework +23 +3 /);
  });
});

describe('draftroom show', () => {
  it('prints the 20 numbered clauses of the 20-point proposal, by name or by id', async () => {
    const run = await cli('show', sample, '--doc', DOC, '--version', V20);
    expect(run.code, run.stderr).toBe(0);
    const clauses = numberedClauses(run.stdout);
    expect(clauses).toHaveLength(20);
    expect(clauses.map((l) => Number(l.split('.')[0]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(clauses[4]).toBe('5. Armed forces — In peacetime, Ukraine’s armed forces will not exceed 800,000 personnel.');

    const versions = JSON.parse((await cli('versions', sample, '--doc', DOC, '--json')).stdout) as { id: string; name: string }[];
    const byId = await cli('show', sample, '--doc', DOC, '--version', versions.find((v) => v.name === V20)!.id);
    expect(byId.stdout).toBe(run.stdout);
  });

  it('prints the 28-point draft with the clauses that were removed later', async () => {
    const clauses = numberedClauses((await cli('show', sample, '--doc', DOC, '--version', V28)).stdout);
    expect(clauses).toHaveLength(28);
    expect(clauses[3]).toMatch(/^4\. NATO–Russia dialogue — /);
  });

  it('shows pending suggestions in the marked view and hides them in the original view', async () => {
    const marked = (await cli('show', sample, '--doc', DOC, '--view', 'marked')).stdout;
    expect(marked).toMatch(/\[\+ Ukrainian forces will withdraw from the parts of Donetsk/);
    expect(marked).toMatch(/\[-under an operating arrangement agreed by the parties-\]\[\+under the management that runs it today\+\]/);
    expect(numberedClauses(marked)).toHaveLength(23);

    const current = (await cli('show', sample, '--doc', DOC)).stdout;
    expect(current).toContain('under the management that runs it today');
    expect(current).not.toContain('[+');

    // Brackets print in every view ("[Alt 1 — Ukraine: … / Alt 2 — Russia: …]"); without them the original is the 20-point text.
    expect(current).toContain('[Alt 1 — Ukraine: The line of contact on the day this framework takes effect / Alt 2 — Russia: The full administrative borders');
    const original = (await cli('show', sample, '--doc', DOC, '--view', 'original')).stdout;
    const unbracketed = original.replace(/\[Alt 1 — [^:\]]+: ([^\]]*?) \/ Alt 2 — [^:\]]+: [^\]]*\]/g, '$1');
    expect(unbracketed).toBe((await cli('show', sample, '--doc', DOC, '--version', V20)).stdout);
  });

  it('finds a document by id and by case-insensitive title', async () => {
    const json = JSON.parse((await cli('docs', sample, '--json')).stdout) as { id: string; title: string }[];
    const id = json.find((d) => d.title === 'European 6-point framework')!.id;
    const byId = await cli('show', sample, '--doc', id);
    expect(numberedClauses(byId.stdout)).toHaveLength(6);
    expect((await cli('show', sample, '--doc', 'european 6-point framework')).stdout).toBe(byId.stdout);
  });
});

describe('draftroom versions', () => {
  it('lists versions with author, party and clause counts', async () => {
    const json = JSON.parse((await cli('versions', sample, '--doc', DOC, '--json')).stdout);
    expect(json.map((v: { name: string; clauses: number }) => [v.name, v.clauses])).toEqual([
      [V28, 28],
      [V20, 20],
      ['Russian counter-draft', 25],
    ]);
    expect(json[0].author.name).toEqual(expect.any(String));
    expect(json[0].party.code).toBe('US');
    expect(json[0].note).toMatch(/Illustrative sample/);
    const human = await cli('versions', sample, '--doc', DOC);
    expect(human.stdout).toMatch(/U\.S\.–Ukraine 20-point proposal +2025-12-22/);
  });
});

describe('draftroom changes', () => {
  it('lists every change record with party, author, rationale, status, clauses and time', async () => {
    const run = await cli('changes', sample, '--doc', DOC, '--json');
    expect(run.code).toBe(0);
    const changes = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(changes).toHaveLength(17);
    for (const change of changes) {
      expect(change).toMatchObject({
        id: expect.any(String),
        kind: expect.stringMatching(/^(added|amended|removed|moved)$/),
        party: { id: expect.any(String), name: expect.any(String), code: expect.stringMatching(/^(US|UA|RU)$/) },
        author: { id: expect.any(String), name: expect.any(String) },
        rationale: expect.stringMatching(/\w{3,}/),
        status: expect.stringMatching(/^(accepted|proposed)$/),
        createdAt: expect.stringMatching(/^2025-1[12]-\d\dT/),
      });
      expect((change['clauses'] as unknown[]).length).toBeGreaterThan(0);
    }
    // Clause numbers are those of the working draft, where Russia's proposed clauses push Armed forces down.
    const draftLine = numberedClauses((await cli('show', sample, '--doc', DOC)).stdout).find((l) => /Armed forces/.test(l))!;
    const troop = changes.find((c) => c['before'] === '600,000')!;
    expect(troop['clauses']).toEqual([{ id: expect.any(String), number: parseInt(draftLine, 10), heading: 'Armed forces' }]);
    const removed = changes.find((c) => c['kind'] === 'removed')!;
    expect(removed['clauses']).toEqual([
      expect.objectContaining({ number: null, lastSeen: { version: V28, number: expect.any(Number) } }),
    ]);
  });

  it('filters by party code or name, status and kind', async () => {
    const json = async (...extra: string[]) =>
      JSON.parse((await cli('changes', sample, '--doc', DOC, '--json', ...extra)).stdout) as {
        party: { code: string };
        status: string;
        kind: string;
      }[];
    const ru = await json('--party', 'RU');
    expect(ru).toHaveLength(5);
    expect(ru.every((c) => c.party.code === 'RU' && c.status === 'proposed')).toBe(true);
    expect(await json('--party', 'russia')).toEqual(ru);
    expect((await json('--status', 'accepted')).length).toBe(12);
    expect((await json('--kind', 'removed')).length).toBe(8);
    expect((await json('--party', 'Ukraine', '--kind', 'removed')).every((c) => c.party.code === 'UA')).toBe(true);
    expect(await json('--party', 'EU')).toEqual([]);
  });

  it('prints a readable list with rationales', async () => {
    const run = await cli('changes', sample, '--doc', DOC, '--party', 'UA');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ changes in "Peace framework"/);
    expect(run.stdout).toMatch(/amended +Ukraine \(UA\) +accepted/);
    expect(run.stdout).toMatch(/Point \d+ \(Armed forces\) — by /);
    expect(run.stdout).toMatch(/no longer in the draft \(NATO membership\), was point 7 in "U\.S\. 28-point draft"/);
    expect(run.stdout).toMatch(/^ {2}Why: /m);
  });
});

describe('read-only commands', () => {
  it('leave the workspace file exactly as it was, with no -wal/-shm left behind', () => {
    const sampleFiles = (all: Record<string, string>) =>
      Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith('sample.draftroom')));
    expect(Object.keys(sampleFiles(snapshot))).toEqual(['sample.draftroom']);
    expect(sampleFiles(fingerprint(dir))).toEqual(sampleFiles(snapshot));
  });
});

describe('command registry', () => {
  it('runs a command registered later', async () => {
    const seen: string[] = [];
    const triage: CliCommand = {
      name: 'triage',
      summary: 'Triage a change',
      positionals: [{ name: 'file', description: 'Workspace file' }],
      options: { change: { type: 'string', valueName: '<id>', description: 'Change id' } },
      run: ({ args, io }) => {
        seen.push(args.requireString('change'));
        io.stdout.write('ok\n');
        return 0;
      },
    };
    const registry = new CommandRegistry(builtinCommands()).register(triage);
    let out = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } };
    expect(await runCli(['triage', sample, '--change', 'ru-amnesty'], io, registry)).toBe(0);
    expect(seen).toEqual(['ru-amnesty']);
    expect(await runCli(['--help'], io, registry)).toBe(0);
    expect(out).toMatch(/^ {2}triage +Triage a change$/m);
    expect(() => registry.register(triage)).toThrow(/registered twice/);
    expect(() => registry.register({ ...triage, name: 'accept' })).toThrow(/registered twice/);
  });
});
