/**
 * The command line of `npm run bench`: `[--only B1,B3] [--trace <file>]
 * [--json <out.json>] [--quick] [--profile <dir>]`.
 */
import { resolve } from 'node:path';
import { MEASURE_IDS, type MeasureId } from './bench-results';

/** What a bench run does. */
export interface BenchArgs {
  /** The measures to run, in B1…B7 order. */
  readonly only: readonly MeasureId[];
  /** The editing trace for B1/B2/B3/B7 (absolute path), or null for the default. */
  readonly trace: string | null;
  /** Where to write the JSON report, or null. */
  readonly json: string | null;
  /** Fewer and smaller runs (same measures). */
  readonly quick: boolean;
  /** Where B6 writes Chromium CPU profiles of the typing runs and B5 the `draftroom serve` child's Node CPU profiles, or null. */
  readonly profile: string | null;
}

/** The usage text. */
export const BENCH_USAGE = `Usage: npm run bench -- [--only B1,B3] [--trace <file.json[.gz]>] [--json <out.json>] [--quick] [--profile <dir>]

  --only <ids>       run only these measures (comma-separated, of ${MEASURE_IDS.join(', ')}); default all
  --trace <file>     editing trace (editing-traces format, sequential or concurrent; gzipped or not)
                     for B1, B2, B3 and B7 (default ../shared/data/editing-traces/automerge-paper.json.gz,
                     a seeded synthetic trace when that is absent); a replay whose final text differs
                     from the trace's endContent fails the run
  --json <file>      also write the results as JSON
  --quick            fewer runs and smaller inputs (a few minutes instead of ten)
  --profile <dir>    B6: save a Chromium CPU profile (.cpuprofile) of each typing run there;
                     B5: run the draftroom serve child with node --cpu-prof, its profiles saved there
  --help             this text`;

/** Parses the command line; throws with a one-line reason on a bad flag. */
export function parseBenchArgs(argv: readonly string[], cwd = process.cwd()): BenchArgs | 'help' {
  let only: MeasureId[] = [...MEASURE_IDS];
  let trace: string | null = null;
  let json: string | null = null;
  let profile: string | null = null;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--quick':
        quick = true;
        break;
      case '--only': {
        const wanted = value()
          .split(',')
          .map((s) => s.trim().toUpperCase())
          .filter((s) => s !== '');
        const unknown = wanted.filter((id) => !MEASURE_IDS.includes(id as MeasureId));
        if (unknown.length > 0 || wanted.length === 0) throw new Error(`--only takes ids of ${MEASURE_IDS.join(', ')}; not ${unknown.join(', ') || '(none)'}`);
        only = MEASURE_IDS.filter((id) => wanted.includes(id));
        break;
      }
      case '--trace':
        trace = resolve(cwd, value());
        break;
      case '--json':
        json = resolve(cwd, value());
        break;
      case '--profile':
        profile = resolve(cwd, value());
        break;
      default:
        throw new Error(`unknown flag ${arg}`);
    }
  }
  return { only, trace, json, quick, profile };
}
