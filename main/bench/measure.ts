import { existsSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Runs `body` and returns its result with the elapsed wall time in milliseconds. */
export function timed<T>(body: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = body();
  return { value, ms: performance.now() - start };
}

let collect: (() => void) | undefined;

/** Forces a full garbage collection (enabling `gc` on first use), so heap readings compare. */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** V8 heap in use after a full collection, in bytes. */
export function heapUsedAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Size of a database file plus its `-wal`, in bytes. */
export function databaseBytes(path: string): number {
  let total = 0;
  for (const file of [path, `${path}-wal`]) if (existsSync(file)) total += statSync(file).size;
  return total;
}

/** "1.23 MB"-style size. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** Milliseconds with sensible precision. */
export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** Milliseconds for per-operation figures: two decimals below 10 ms. */
export function formatMsFine(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : formatMs(ms);
}

/** Mean, 95th percentile (nearest rank), median and maximum of timing samples. */
export interface SampleSummary {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

/** Summarises timing samples (milliseconds); throws on an empty list. */
export function summarize(samples: readonly number[]): SampleSummary {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return {
    count: sorted.length,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    median: rank(0.5),
    p95: rank(0.95),
    max: sorted[sorted.length - 1]!,
  };
}

/** Operations per second, rounded. */
export function formatRate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')} /s`;
}

/** One row of the result table. */
export interface BenchRow {
  readonly measure: string;
  readonly value: string;
  readonly note?: string;
}

/** The rows as an aligned plain-text table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header: BenchRow = { measure: 'measure', value: 'value', note: 'note' };
  const all = [header, ...rows];
  const w1 = Math.max(...all.map((r) => r.measure.length));
  const w2 = Math.max(...all.map((r) => r.value.length));
  const line = (r: BenchRow): string => `${r.measure.padEnd(w1)}  ${r.value.padStart(w2)}  ${r.note ?? ''}`.trimEnd();
  return [line(header), `${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ----`, ...rows.map(line)].join('\n');
}
