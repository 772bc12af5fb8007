/**
 * `npm run soak -- --kills N [--writers W]`: kills the team server with
 * SIGKILL N times while replicas write and sync, then checks that nothing a
 * sync round confirmed was lost (see `kill-soak.ts`). Prints progress and
 * one result line; exits 1 if anything confirmed was lost or the replicas
 * did not converge.
 */
import { parseArgs } from 'node:util';
import { describeKillSoak, runKillSoak } from './kill-soak';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '20' }, writers: { type: 'string', default: '3' } } });
const kills = Number(values.kills);
const writers = Number(values.writers);
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(writers) || writers < 1) {
  console.error('usage: npm run soak -- --kills <n ≥ 1> [--writers <n ≥ 1>]');
  process.exit(2);
}
const result = await runKillSoak({ kills, writers, progress: (line) => console.log(line) });
for (const line of result.lost) console.log(`LOST: ${line}`);
console.log(describeKillSoak(result));
process.exit(result.lost.length === 0 && result.converged ? 0 : 1);
