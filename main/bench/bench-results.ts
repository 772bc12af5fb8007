/**
 * What `npm run bench` reports: results in the JSON shape issue 10 asks for
 * (`{ machine, node, results: [{ id, metric, unit, median, min, max,
 * baseline?, ratio? }] }`), built from repeated samples, and printed as a
 * table. A ratio is ours / the baseline measured in the same run, which is
 * what compares on a shared, noisy machine.
 */
import { cpus, freemem, totalmem, type as osType, release, loadavg } from 'node:os';

/** Ids of the measures. */
export const MEASURE_IDS = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'] as const;

/** One measure's id. */
export type MeasureId = (typeof MEASURE_IDS)[number];

/** Units a result is given in. */
export type ResultUnit = 'ms' | 'ops/s' | 'B' | 'x';

/** One result row. */
export interface BenchResult {
  readonly id: MeasureId;
  readonly metric: string;
  readonly unit: ResultUnit;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** The baseline's median, measured in the same run. */
  readonly baseline?: number;
  /** median / baseline. */
  readonly ratio?: number;
  /** The mark the issue sets, in words ("≤ 1.5× raw Yjs"), and whether it is met. */
  readonly mark?: string;
  readonly met?: boolean;
  /** Context for the table (sizes, runs). */
  readonly note?: string;
}

/** The machine a report was measured on. */
export interface MachineInfo {
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly freeMemoryGB: number;
  /** One-minute load average when the run started (other work on a shared machine). */
  readonly loadAverage: number;
}

/** The whole report, as `--json` writes it. */
export interface BenchReport {
  readonly machine: MachineInfo;
  readonly node: string;
  readonly startedAt: string;
  readonly quick: boolean;
  readonly trace: string;
  readonly results: readonly BenchResult[];
}

/** This machine. */
export function machineInfo(): MachineInfo {
  const all = cpus();
  return {
    os: `${osType()} ${release()}`,
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** Median, minimum and maximum of samples (throws on none). */
export function spread(samples: readonly number[]): { median: number; min: number; max: number } {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The p-th percentile (0–100, nearest rank) of samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** What a result is compared with: the baseline's samples, and a mark on the ratio or the value. */
export interface ResultOptions {
  readonly baseline?: readonly number[];
  /** Met when the value (median) is at most this. */
  readonly atMost?: number;
  /** Met when the ratio is at most this. */
  readonly ratioAtMost?: number;
  readonly note?: string;
}

/** A result from samples (and, with a baseline, its ratio of medians). */
export function result(id: MeasureId, metric: string, unit: ResultUnit, samples: readonly number[], options: ResultOptions = {}): BenchResult {
  const own = spread(samples);
  const base = options.baseline !== undefined ? spread(options.baseline).median : undefined;
  const ratio = base !== undefined && base > 0 ? round(own.median / base, 3) : undefined;
  const marks: string[] = [];
  let met: boolean | undefined;
  if (options.atMost !== undefined) {
    marks.push(`≤ ${options.atMost} ${unit}`);
    met = own.median <= options.atMost;
  }
  if (options.ratioAtMost !== undefined && ratio !== undefined) {
    marks.push(`≤ ${options.ratioAtMost}×`);
    met = (met ?? true) && ratio <= options.ratioAtMost;
  }
  return {
    id,
    metric,
    unit,
    median: round(own.median, 3),
    min: round(own.min, 3),
    max: round(own.max, 3),
    ...(base !== undefined ? { baseline: round(base, 3) } : {}),
    ...(ratio !== undefined ? { ratio } : {}),
    ...(marks.length > 0 ? { mark: marks.join(', '), met } : {}),
    ...(options.note !== undefined ? { note: options.note } : {}),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Checks that a value has the report's shape (the unit test and anyone
 * reading a JSON file from disk); returns the reasons it does not, empty
 * when it does.
 */
export function reportProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) return ['not an object'];
  const report = value as Record<string, unknown>;
  if (typeof report['machine'] !== 'object' || report['machine'] === null) problems.push('machine is missing');
  if (typeof report['node'] !== 'string') problems.push('node is missing');
  if (!Array.isArray(report['results'])) return [...problems, 'results is not a list'];
  (report['results'] as unknown[]).forEach((row, i) => {
    const r = row as Record<string, unknown>;
    if (!MEASURE_IDS.includes(r['id'] as MeasureId)) problems.push(`results[${i}].id is not B1–B7`);
    if (typeof r['metric'] !== 'string' || r['metric'] === '') problems.push(`results[${i}].metric is missing`);
    if (!['ms', 'ops/s', 'B', 'x'].includes(r['unit'] as string)) problems.push(`results[${i}].unit is not ms, ops/s, B or x`);
    for (const key of ['median', 'min', 'max']) if (typeof r[key] !== 'number' || !Number.isFinite(r[key])) problems.push(`results[${i}].${key} is not a number`);
    for (const key of ['baseline', 'ratio']) if (r[key] !== undefined && typeof r[key] !== 'number') problems.push(`results[${i}].${key} is not a number`);
    if (typeof r['min'] === 'number' && typeof r['median'] === 'number' && typeof r['max'] === 'number' && !(r['min'] <= r['median'] && r['median'] <= r['max'])) {
      problems.push(`results[${i}]: min ≤ median ≤ max does not hold`);
    }
  });
  return problems;
}

function formatValue(value: number, unit: ResultUnit): string {
  if (unit === 'B') return value >= 1024 * 1024 ? `${(value / 2 ** 20).toFixed(2)} MB` : value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : value >= 100 ? `${Math.round(value)} B` : `${value.toFixed(2)} B`;
  if (unit === 'ops/s') return `${Math.round(value).toLocaleString('en-US')}/s`;
  if (unit === 'x') return `${value.toFixed(2)}×`;
  return value >= 100 ? `${Math.round(value)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`;
}

/** The results as an aligned plain-text table (also the README's, in Markdown with `markdown`). */
export function formatResults(results: readonly BenchResult[], markdown = false): string {
  const header = ['id', 'metric', 'median', 'min–max', 'baseline', 'ratio', 'mark', 'note'];
  const rows = results.map((r) => [
    r.id,
    r.metric,
    formatValue(r.median, r.unit),
    `${formatValue(r.min, r.unit)}–${formatValue(r.max, r.unit)}`,
    r.baseline !== undefined ? formatValue(r.baseline, r.unit) : '',
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '',
    r.mark !== undefined ? `${r.mark} ${r.met ? '✓' : '✗'}` : '',
    r.note ?? '',
  ]);
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === header.length - 1 ? 0 : r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
