import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildColumns } from '../../../main/export/export-columns';
import type { ColumnsTable } from '../../../shared/columns/column-model';
import { parseColumnRefs } from '../../../shared/columns/column-ref';
import { openSample, sourceOf, type SampleWorkspace } from '../export/fixtures';

let sample: SampleWorkspace;
let table: ColumnsTable;

const FOUR = 'U.S. 28-point draft,U.S.–Ukraine 20-point proposal,Russian counter-draft,working';

beforeAll(() => {
  sample = openSample();
  table = buildColumns(sourceOf(sample.store), { docId: 'Peace framework', columns: parseColumnRefs(FOUR) });
});
afterAll(() => sample.dispose());

/** A row as [label, then per column: its clause id or the cell's state]. */
function row(label: RegExp): string[] {
  const found = table.rows.find((r) => label.test(r.label));
  if (!found) throw new Error(`no row ${label}`);
  return found.cells.map((c) => (c.clause ? `${c.clause.id}:${c.state}` : c.state));
}

describe('the four-column text of the sample', () => {
  it('has the four columns with their parties, authors and dates', () => {
    expect(table.title).toBe('Peace framework — four-column text');
    expect(table.columns.map((c) => [c.title, c.party, c.author, c.date.slice(0, 10)])).toEqual([
      ['U.S. 28-point draft', 'United States', 'Dana Whitfield', '2025-11-20'],
      ['U.S.–Ukraine 20-point proposal', 'Ukraine', 'Olena Kovalenko', '2025-12-22'],
      ['Russian counter-draft', 'Russia', 'Dmitri Orlov', '2025-12-26'],
      ['Working draft', '', '', '2025-12-30'],
    ]);
  });

  it('has one row per point of the 28-point draft in its order, plus Russia’s new point after the one it follows', () => {
    expect(table.rows).toHaveLength(29);
    expect(table.rows.slice(0, 4).map((r) => r.label)).toEqual([
      'Point 1 — Sovereignty',
      'Point 2 — Non-aggression agreement',
      'Point 3 — Neighbouring states',
      'Point 4 — NATO–Russia dialogue',
    ]);
    const labels = table.rows.map((r) => r.label);
    const language = labels.findIndex((l) => /^Point \d+ — Language and religion \(Russian counter-draft\)$/.test(l));
    expect(language).toBe(labels.indexOf('Point 20 — Education and tolerance') + 1);
  });

  it('aligns the rows: kept, removed by the 20 points, brought back by Russia (by heading), reworded', () => {
    expect(row(/— Sovereignty$/)).toEqual(['pf-sovereignty:base', 'pf-sovereignty:same', 'pf-sovereignty:same', 'pf-sovereignty:same']);
    expect(row(/NATO–Russia dialogue/)).toEqual(['pf-nato-russia-dialogue:base', 'missing', 'missing', 'missing']);
    expect(row(/NATO membership/)).toEqual(['pf-no-nato-accession:base', 'missing', 'ru-no-nato-accession:same', 'missing']);
    expect(row(/Foreign troops/)).toEqual(['pf-no-nato-troops:base', 'missing', 'ru-no-foreign-troops:changed', 'missing']);
    expect(row(/Russia and the world economy/)).toEqual(['pf-russia-reintegration:base', 'missing', 'ru-sanctions-relief:changed', 'missing']);
    expect(row(/— Amnesty$/)).toEqual(['pf-amnesty:base', 'missing', 'ru-amnesty:same', 'missing']);
    expect(row(/— Armed forces$/)).toEqual(['pf-armed-forces-cap:base', 'pf-armed-forces-cap:changed', 'pf-armed-forces-cap:changed', 'pf-armed-forces-cap:changed']);
    expect(row(/— Territory$/)).toEqual(['pf-territory:base', 'pf-territory:same', 'pf-territory:changed', 'pf-territory:changed']);
    expect(row(/— Elections$/)).toEqual(['pf-elections:base', 'pf-elections:changed', 'pf-elections:same', 'pf-elections:changed']);
    expect(row(/Language and religion/)).toEqual(['empty', 'empty', 'ru-language-church:added', 'empty']);
    const matches = table.rows.find((r) => /NATO membership/.test(r.label))!.cells.map((c) => c.match ?? null);
    expect(matches).toEqual(['first', null, 'title', null]);
  });

  it('marks the words each column changed against the 28-point draft', () => {
    const cap = table.rows.find((r) => /— Armed forces$/.test(r.label))!;
    const changes = (k: number): string[] => cap.cells[k]!.body.filter((p) => p.change).map((p) => `${p.change}:${p.text.trim()}`);
    expect(changes(1)).toEqual(['deleted:600,000', 'inserted:800,000']);
    expect(changes(2).join(' ')).toMatch(/inserted:.*long-range weapons/);
    const territory = table.rows.find((r) => /— Territory$/.test(r.label))!;
    // The working draft prints its open brackets, with each alternative's party.
    expect(territory.cells[3]!.body.map((p) => p.text).join('')).toMatch(/\[Alt 1 — Ukraine: .* \/ Alt 2 — Russia: /);
    expect(territory.cells[2]!.body.filter((p) => p.change === 'inserted').map((p) => p.text).join('')).toMatch(/Donbas/);
  });

  it('leaves out pending suggestions: Russia’s proposed clauses are not in the working draft’s column', () => {
    const working = table.rows.flatMap((r) => (r.cells[3]!.clause ? [r.cells[3]!.clause.id] : []));
    expect(working).toHaveLength(20);
    expect(working).not.toContain('pf-ru-neutrality-pledges');
  });

  it('refuses a column named twice, one column, and an unknown version or document', () => {
    const build = (columns: string) => () => buildColumns(sourceOf(sample.store), { docId: 'Peace framework', columns: parseColumnRefs(columns) });
    expect(build('working,@draft')).toThrow(/named twice/);
    expect(build('working')).toThrow(/2 to 10 columns/);
    expect(build('working,No such version')).toThrow(/No such version/);
    expect(build('working,Nowhere::working')).toThrow(/Nowhere/);
  });
});
