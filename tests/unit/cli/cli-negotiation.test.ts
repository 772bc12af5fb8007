/**
 * Issue 11's questions answered by a script on the sample: how many brackets
 * remain and whose, where each party stands on each point, which points a
 * package holds, who initialled the 20-point text and whether it has been
 * altered since, and the four columns side by side — with `draftroom
 * brackets`, `positions`, `packages`, `verify` and `columns`, which read the
 * workspace and write nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fingerprint, lines } from './cli-harness';

const DOC = 'Peace framework';
let dir: string;
let sample: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-cli-negotiation-'));
  sample = join(dir, 'sample.draftroom');
  expect((await cli('demo', sample)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('draftroom brackets, positions and packages on the sample', () => {
  it('brackets: two open, four alternatives, whose, per clause and over the named versions', async () => {
    const before = fingerprint(dir);
    const run = await cli('brackets', sample, '--doc', DOC, '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      brackets: number;
      alternatives: number;
      byParty: { party: { code: string }; brackets: number; alternatives: number }[];
      byClause: { clauseId: string; brackets: number }[];
      open: { clauseId: string; alternatives: { number: number; party: { code: string }; text: string; rationale: string }[] }[];
      history: { name: string; brackets: number }[];
    };
    expect([report.brackets, report.alternatives]).toEqual([2, 4]);
    expect(Object.fromEntries(report.byParty.map((p) => [p.party.code, [p.brackets, p.alternatives]]))).toEqual({ US: [1, 1], UA: [2, 2], RU: [1, 1] });
    expect(report.byClause.map((c) => c.clauseId)).toEqual(['pf-zaporizhzhia-npp', 'pf-territory']);
    const territory = report.open.find((b) => b.clauseId === 'pf-territory')!;
    expect(territory.alternatives.map((a) => `Alt ${a.number} — ${a.party.code}`)).toEqual(['Alt 1 — UA', 'Alt 2 — RU']);
    expect(territory.alternatives.every((a) => a.rationale.length > 10)).toBe(true);
    expect(report.history.map((h) => [h.name, h.brackets])).toEqual([
      ['U.S. 28-point draft', 0],
      ['U.S.–Ukraine 20-point proposal', 0],
      ['Russian counter-draft', 0],
      ['Working draft', 2],
    ]);
    const human = await cli('brackets', sample, '--doc', DOC);
    expect(lines(human.stdout)[0]).toBe('"Peace framework": 2 open brackets, 4 alternatives');
    expect(human.stdout).toContain('  Alt 2 — Russia: The full administrative borders of the regions Russia claims in the east');
    expect(fingerprint(dir)).toEqual(before);
  });

  it('positions: each party on each point, where Russia rejects, agreed by all, stale, as JSON, Markdown and CSV', async () => {
    const before = fingerprint(dir);
    const rows = JSON.parse((await cli('positions', sample, '--doc', DOC, '--json')).stdout) as {
      clauseId: string;
      agreedByAll: boolean;
      cells: { party: { code: string }; stance: string | null; stale: boolean; recordedBy: string | null }[];
    }[];
    expect(rows).toHaveLength(23);
    expect(rows.every((r) => r.cells.length === 4 && r.cells.every((c) => c.stance !== null && c.recordedBy !== null))).toBe(true);
    expect(rows.filter((r) => r.cells.some((c) => c.stale)).map((r) => r.clauseId)).toEqual(['pf-zaporizhzhia-npp', 'pf-territory']);
    const rejects = JSON.parse((await cli('positions', sample, '--doc', DOC, '--json', '--party', 'RU', '--stance', 'rejects')).stdout) as { clauseId: string }[];
    expect(rejects.map((r) => r.clauseId)).toEqual(['pf-security-guarantees', 'pf-armed-forces-cap', 'pf-zaporizhzhia-npp', 'pf-territory']);
    const agreed = JSON.parse((await cli('positions', sample, '--doc', DOC, '--json', '--agreed-by-all')).stdout) as { clauseId: string }[];
    expect(agreed.map((r) => r.clauseId)).toEqual(['pf-non-aggression-pact', 'pf-non-nuclear-status', 'pf-humanitarian-committee']);
    const md = (await cli('positions', sample, '--doc', DOC, '--format', 'md')).stdout;
    expect(lines(md)[0]).toBe('| Point | Clause | United States | Ukraine | Europe | Russia |');
    expect(md).toContain('| 16 | Territory | Agreed (stale) | Reserves (stale) | Can accept (stale) | Rejects (stale) |');
    const csv = (await cli('positions', sample, '--doc', DOC, '--format', 'csv')).stdout.split('\r\n');
    expect(csv).toHaveLength(1 + 23 * 4 + 1);
    const bad = await cli('positions', sample, '--doc', DOC, '--party', 'RU');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--party and --stance go together')]);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('packages: "Territory and guarantees" is not agreed and holds the non-nuclear point', async () => {
    const report = JSON.parse((await cli('packages', sample, '--doc', DOC, '--json')).stdout) as {
      packages: { name: string; agreed: boolean; clauses: { clauseId: string; agreedByAll: boolean }[] }[];
      held: { clauseId: string; heldBy: string[] }[];
    };
    expect(report.packages.map((p) => [p.name, p.agreed, p.clauses.length])).toEqual([['Territory and guarantees', false, 5]]);
    expect(report.held).toEqual([expect.objectContaining({ clauseId: 'pf-non-nuclear-status', heldBy: ['Territory and guarantees'] })]);
    const human = (await cli('packages', sample, '--doc', DOC)).stdout;
    expect(human).toContain('Point 13 Non-nuclear status — held by Territory and guarantees');
  });
  it('verify: the 20-point text is initialled by the U.S. and Ukrainian leads and unaltered', async () => {
    const before = fingerprint(dir);
    const run = await cli('verify', sample, '--doc', DOC, '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      versions: { name: string; problems: unknown[]; initials: { memberName: string; partyCode: string; valid: boolean }[] }[];
    };
    expect(report.ok).toBe(true);
    const twenty = report.versions.find((v) => v.name === 'U.S.–Ukraine 20-point proposal')!;
    expect(twenty.problems).toEqual([]);
    expect(twenty.initials.map((i) => [i.partyCode, i.valid])).toEqual([['US', true], ['UA', true]]);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('columns: the 28-point draft, the 20-point proposal, the Russian counter-draft and the working draft side by side', async () => {
    const before = fingerprint(dir);
    const versions = 'U.S. 28-point draft,U.S.–Ukraine 20-point proposal,Russian counter-draft,working';
    const run = await cli('columns', sample, '--doc', DOC, '--versions', versions);
    expect(run.code, run.stderr).toBe(0);
    const header = lines(run.stdout).find((l) => l.startsWith('| Point |'))!;
    expect(header.split(' | ').slice(1).map((c) => c.split('<br>')[0])).toEqual([
      'U.S. 28-point draft',
      'U.S.–Ukraine 20-point proposal',
      'Russian counter-draft',
      'Working draft',
    ]);
    expect(run.stdout).toMatch(/\| Point 1 — Sovereignty \|/);
    expect(fingerprint(dir)).toEqual(before);
  });
});
