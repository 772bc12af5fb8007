import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseBenchArgs } from '../../../main/bench/bench-args';
import { machineInfo, MEASURE_IDS, reportProblems, result, type BenchReport } from '../../../main/bench/bench-results';
import { parseTrace, replayTrace } from '../../../main/bench/trace';

/** Replicas with client ids in agent order, as a replay needs. */
function replicas(n: number): Y.Doc[] {
  return Array.from({ length: n }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = 10 + i;
    return doc;
  });
}

const SEQUENTIAL = { startContent: 'ab', endContent: 'aXb!', txns: [{ patches: [[1, 0, 'X']] }, { patches: [[3, 0, '!']] }] };
const CONCURRENT = {
  kind: 'concurrent',
  numAgents: 2,
  endContent: 'hi yo',
  txns: [
    { agent: 0, parents: [], patches: [[0, 0, 'hi']] },
    { agent: 1, parents: [0], patches: [[2, 0, ' yo']] },
    { agent: 0, parents: [0], patches: [] },
  ],
};

describe('npm run bench: command line', () => {
  it('reads --only, --quick, --json, --trace and --profile, relative to the working folder', () => {
    const args = parseBenchArgs(['--only', 'b3,B1', '--quick', '--json', 'out/bench.json', '--trace=t.json.gz', '--profile', 'prof'], '/work/x');
    expect(args).toEqual({ only: ['B1', 'B3'], quick: true, json: '/work/x/out/bench.json', trace: '/work/x/t.json.gz', profile: '/work/x/prof' });
  });

  it('runs every measure by default and refuses unknown ids, flags and missing values', () => {
    expect(parseBenchArgs([])).toMatchObject({ only: [...MEASURE_IDS], quick: false, json: null, trace: null });
    expect(parseBenchArgs(['--help'])).toBe('help');
    expect(() => parseBenchArgs(['--only', 'B1,B9'])).toThrow(/B9/);
    expect(() => parseBenchArgs(['--only'])).toThrow(/needs a value/);
    expect(() => parseBenchArgs(['--json', '--quick'])).toThrow(/needs a value/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown flag --fast/);
  });
});

describe('npm run bench: results', () => {
  it('gives the median, min, max and the ratio to a baseline, and says whether the mark is met', () => {
    const r = result('B1', 'catch-up', 'ms', [30, 10, 20], { baseline: [10, 12, 8], ratioAtMost: 1.5 });
    expect(r).toMatchObject({ id: 'B1', unit: 'ms', median: 20, min: 10, max: 30, baseline: 10, ratio: 2, met: false });
    expect(result('B2', 'open', 'ms', [90, 80], { atMost: 100 })).toMatchObject({ median: 85, met: true });
  });

  it('writes the JSON shape of issue 10, and a broken report is told apart', () => {
    const report: BenchReport = {
      machine: machineInfo(),
      node: process.version,
      startedAt: new Date(0).toISOString(),
      quick: true,
      trace: 'synthetic',
      results: [result('B7', 'bytes per edit', 'B', [1.2], { baseline: [1] })],
    };
    const written = JSON.parse(JSON.stringify(report)) as unknown;
    expect(reportProblems(written)).toEqual([]);
    expect(written).toMatchObject({ machine: { cores: expect.any(Number) }, node: expect.any(String), results: [{ id: 'B7', metric: 'bytes per edit', unit: 'B', median: 1.2, min: 1.2, max: 1.2, baseline: 1, ratio: 1.2 }] });
    expect(reportProblems({ node: 1, results: [{ id: 'B8', unit: 'min', median: 'fast', min: 2, max: 1 }] })).toEqual([
      'machine is missing',
      'node is missing',
      'results[0].id is not B1–B7',
      'results[0].metric is missing',
      'results[0].unit is not ms, ops/s, B or x',
      'results[0].median is not a number',
    ]);
  });
});

describe('npm run bench: trace replay', () => {
  it('replays a sequential and a concurrent trace to their endContent', () => {
    expect(replayTrace(parseTrace(JSON.stringify(SEQUENTIAL), 'seq'), replicas(1))).toHaveLength(2);
    const docs = replicas(2);
    expect(replayTrace(parseTrace(JSON.stringify(CONCURRENT), 'conc'), docs)).toHaveLength(3);
    expect(docs.map((d) => d.getText('content').toString())).toEqual(['hi yo', 'hi yo']);
  });

  it('fails a replay whose final text differs from endContent', () => {
    expect(() => replayTrace(parseTrace(JSON.stringify({ ...SEQUENTIAL, endContent: 'aXb?' }), 'wrong'), replicas(1))).toThrow(/did not reproduce its endContent/);
    expect(() => replayTrace(parseTrace(JSON.stringify({ ...CONCURRENT, endContent: 'hi' }), 'wrong'), replicas(2))).toThrow(/did not reproduce its endContent/);
  });

  it('refuses malformed traces with the file named', () => {
    expect(() => parseTrace('{"txns": []}', 'empty.json')).toThrow(/empty.json is not an editing trace/);
    expect(() => parseTrace(JSON.stringify({ ...CONCURRENT, txns: [{ agent: 0, parents: [5], patches: [] }] }), 'c.json')).toThrow(/c.json: transaction 0 names parents/);
  });
});
