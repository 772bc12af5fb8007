/**
 * The team server killed with SIGKILL while replicas write: `draftroom
 * serve` runs as a child process and is killed at random times while three
 * replicas write and run sync rounds (what `draftroom sync` runs); nothing
 * a round reported as stored on the server is missing from the server's
 * file afterwards, and every replica converges with it. The long run is
 * `npm run soak -- --kills 50`.
 */
import { describe, expect, it } from 'vitest';
import { describeKillSoak, runKillSoak } from '../../../main/team/soak/kill-soak';

describe('team server killed with SIGKILL while replicas write', () => {
  it('loses nothing a sync round confirmed, over 3 kills', async () => {
    const result = await runKillSoak({ kills: 3, writers: 3, upMs: [400, 1_200] });
    console.log(describeKillSoak(result));
    expect(result.lost).toEqual([]);
    expect(result.converged).toBe(true);
    // The run exercised what it claims: rounds confirmed, and rounds that failed while the server was down.
    expect(result.confirmedRounds).toBeGreaterThan(3);
  }, 120_000);
});
