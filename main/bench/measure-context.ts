import type { BenchResult, MeasureId } from './bench-results';
import type { TraceWorkload } from './trace-workload';

/** What every measure gets from the bench runner. */
export interface MeasureContext {
  /** Fewer runs and smaller inputs. */
  readonly quick: boolean;
  /** A temporary folder for workspace files (deleted after the run). */
  readonly workDir: string;
  /** The trace's updates in the app's layout (replayed once, on first use, and checked against its endContent). */
  workload(): TraceWorkload;
  /** Where to save CPU profiles (B6: Chromium's; B5: the serve child's `--cpu-prof`), or null. */
  readonly profileDir: string | null;
  /** Progress for the console (not part of the results). */
  log(line: string): void;
}

/** One or more of B1–B7 (measures sharing their input run together). */
export interface Measure {
  /** The ids it reports; it runs when any of them is asked for, and only those are kept. */
  readonly ids: readonly MeasureId[];
  readonly title: string;
  run(context: MeasureContext): Promise<BenchResult[]>;
}
