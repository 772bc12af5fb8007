/**
 * `npm run bench -- [--only B1,B3] [--trace <file.json[.gz]>] [--json <out.json>] [--quick] [--profile <dir>]`:
 * the measures of issue 10, each against a baseline run in the same process
 * where one exists (ours / baseline is what compares on a shared machine):
 *
 * - B1 persisted replay of an editing trace through the hub (one commit per
 *   update; catch-up in batches) vs raw Yjs;
 * - B2 cold open in a fresh process (compacted; whole log) vs `Y.applyUpdate`
 *   of the encoded state;
 * - B3 compaction: time, bytes before and after, longest write lock;
 * - B4 redline model and each export format of two versions of a generated
 *   1,000-clause proposal vs jsdiff `diffWords` on the flattened text;
 * - B5 sync through `draftroom serve` (20 replicas; the concurrent
 *   friendsforever trace as two replicas);
 * - B6 typing latency in Chromium on a 300-clause document (web host);
 * - B7 workspace bytes per edit before and after compaction vs the Yjs
 *   encoded state.
 *
 * Prints a table; `--json` writes `{ machine, node, results }`. Benchmarks
 * are not tests: nothing here runs in CI. Nothing outside a temporary folder
 * is written (besides `--json` and `--profile`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BENCH_USAGE, parseBenchArgs, type BenchArgs } from './bench-args';
import { formatResults, machineInfo, type BenchReport, type BenchResult } from './bench-results';
import { persistedReplay } from './b1-persisted-replay';
import { storeMeasures } from './b2-b3-b7-store';
import { redlineMeasure } from './b4-redline';
import { syncMeasure } from './b5-sync';
import { typingMeasure } from './b6-typing';
import type { Measure, MeasureContext } from './measure-context';
import { pickTrace, traceWorkload, type TraceWorkload } from './trace-workload';

/** Every measure, in order. */
const MEASURES: readonly Measure[] = [persistedReplay, storeMeasures, redlineMeasure, syncMeasure, typingMeasure];

async function run(args: BenchArgs): Promise<BenchReport> {
  const workDir = mkdtempSync(join(tmpdir(), 'draftroom-bench-'));
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  let traceName = args.trace ?? 'default';
  let workload: TraceWorkload | null = null;
  const context: MeasureContext = {
    quick: args.quick,
    workDir,
    profileDir: args.profile,
    workload() {
      if (workload === null) {
        const { trace, notice } = pickTrace(args.trace);
        if (notice !== null) console.log(notice);
        traceName = trace.source;
        workload = traceWorkload(trace);
        console.log(`trace: ${trace.source} (${trace.kind}, ${workload.updates.length.toLocaleString('en-US')} transactions), replayed in ${Math.round(workload.replayMs)} ms; final text checked against endContent`);
      }
      return workload;
    },
    log: (line) => console.log(`  ${line}`),
  };
  const results: BenchResult[] = [];
  try {
    for (const measure of MEASURES.filter((m) => m.ids.some((id) => args.only.includes(id)))) {
      const label = measure.ids.join('/');
      console.log(`${label} ${measure.title}…`);
      const started = performance.now();
      results.push(...(await measure.run(context)).filter((r) => args.only.includes(r.id)));
      console.log(`  ${label} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return { machine, node: process.version, startedAt, quick: args.quick, trace: traceName, results };
}

async function main(): Promise<void> {
  let args: BenchArgs | 'help';
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${BENCH_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args === 'help') {
    console.log(BENCH_USAGE);
    return;
  }
  try {
    const report = await run(args);
    const m = report.machine;
    console.log(`\nDraftroom bench — ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${report.node}, load ${m.loadAverage}${report.quick ? ', --quick' : ''}\n`);
    console.log(formatResults(report.results));
    if (args.json !== null) {
      mkdirSync(dirname(args.json), { recursive: true });
      writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`\nwrote ${args.json}`);
    }
  } catch (error) {
    console.error(`bench: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}

await main();
