// Reads a B6 performance trace (`npm run bench -- --only B6 --profile <dir>`) per keystroke: the renderer
// main thread's CPU (thread time) from each keydown's task to the end of the first compositor commit after
// it ("path CPU"), and the same split by phase (outermost event of each name). Usage:
//   node scripts/b6-trace-path.mjs <dir>/b6-clause-3.trace.json
import { readFileSync } from 'node:fs';
const raw = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;
const kdAll = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
const main = `${kdAll[0].pid}:${kdAll[0].tid}`;
const ev = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X').sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const kd = ev.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown').map((e) => e.ts);
const commits = ev.filter((e) => e.name === 'Commit').map((e) => e.ts + e.dur);
const tasks = ev.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
const phases = ['EventDispatch', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'IntersectionObserverController::computeIntersections', 'Paint', 'Layerize', 'Commit', 'HitTest', 'MinorGC', 'MajorGC', 'FunctionCall'];
const sums = []; const wall = []; const per = Object.fromEntries(phases.map((p) => [p, []]));
let ci = 0;
for (let i = 0; i < kd.length; i++) {
  while (ci < commits.length && commits[ci] < kd[i]) ci++;
  const end = commits[ci]; if (end === undefined) break;
  const a = kd[i] - 1500;
  let cpu = 0; for (const t of tasks) if (t.ts >= a && t.ts < end) cpu += t.tdur ?? t.dur;
  sums.push(cpu / 1000); wall.push((end - kd[i]) / 1000);
  // outermost per phase
  const ph = Object.fromEntries(phases.map((p) => [p, 0]));
  const ends = {};
  for (const e of ev) { if (e.ts < a || e.ts >= end || !(e.name in ph)) continue; if ((ends[e.name] ?? 0) > e.ts) continue; ends[e.name] = e.ts + e.dur; ph[e.name] += (e.tdur ?? e.dur) / 1000; }
  for (const p of phases) per[p].push(ph[p]);
}
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`keys ${sums.length}; path CPU mean ${mean(sums).toFixed(2)} p50 ${q(sums, 50).toFixed(2)} p95 ${q(sums, 95).toFixed(2)}; keydown→commit wall p50 ${q(wall, 50).toFixed(2)} p95 ${q(wall, 95).toFixed(2)}`);
for (const p of phases) console.log(`  ${p.padEnd(55)} mean ${mean(per[p]).toFixed(2)}  p95 ${q(per[p], 95).toFixed(2)}`);
