/**
 * Seeded random convergence through a real team server: eight replicas
 * (each its own workspace file, joined with `joinWorkspace`, running the
 * real `ReplicaEngine`, hub and store) make random edits, tracked
 * suggestions, decisions and comments in headless editor windows, while the
 * test cuts links mid-flight, takes replicas offline, restarts apps and
 * restarts the server on the same port. At the end every replica's Yjs
 * state is byte-identical (canonical encoding) to the server's, to the
 * server's file read afresh, and to each replica's own file.
 *
 * A new seed each run, printed; SYNC_SEED=<n> replays one, SYNC_STEPS=<n>
 * (default 200) runs longer:
 * `SYNC_STEPS=5000 npx vitest run --project unit tests/unit/team/convergence.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import type { MemberRole } from '../../../shared/domain/types';
import { runConvergence } from '../../helpers/convergence-run';
import { sameBytes } from '../../helpers/team-rig';

const SEED = Number(process.env['SYNC_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const STEPS = Number(process.env['SYNC_STEPS'] ?? 200);
const ROLES: MemberRole[] = ['lead', 'suggester', 'drafter', 'suggester', 'lead', 'suggester', 'drafter', 'suggester'];

describe('seeded random convergence through a real team server', () => {
  it(`8 replicas with random edits, decisions, comments, link cuts, offline spells, app and server restarts converge byte for byte (seed ${SEED})`, async () => {
    console.log(`convergence: SYNC_SEED=${SEED} SYNC_STEPS=${STEPS}`);
    let result;
    try {
      result = await runConvergence({ seed: SEED, steps: STEPS, roles: ROLES });
    } catch (error) {
      console.error(`convergence FAILED: SYNC_SEED=${SEED} SYNC_STEPS=${STEPS}`);
      throw error;
    }
    const why = (what: string): string => `${what} (SYNC_SEED=${SEED} SYNC_STEPS=${STEPS})`;
    result.replicas.forEach((state, i) => expect(sameBytes(state, result.server), why(`replica ${i} differs from the server`)).toBe(true));
    expect(sameBytes(result.serverFile, result.server), why("the server's file differs from its memory")).toBe(true);
    result.replicaFiles.forEach((state, i) => expect(sameBytes(state, result.server), why(`replica ${i}'s file differs from the server`)).toBe(true));
    expect(result.windowsBehind, why('windows behind their hub')).toEqual([]);
    expect(result.serverErrors, why('server errors')).toEqual([]);
    const s = result.stats;
    console.log(
      `convergence: seed ${SEED}, ${STEPS} steps, 8 replicas, ${s.updates} updates, converged byte for byte in ${s.ms} ms; steps ${JSON.stringify(s.steps)}; ` +
        `${s.cuts} link cuts, ${s.offlineSpells} offline spells, ${s.appRestarts} app restarts, ${s.serverRestarts} server restarts; ` +
        `${s.records} change records (${s.decided} decided), ${s.comments} comments; ${s.refusedByHub} updates refused by a replica's hub, ` +
        `${s.setAside} set aside after a server refusal${s.setAside > 0 ? ` (${s.setAsideReasons.join(' | ')})` : ''}; state ${s.bytes} bytes`,
    );
    // The run did what it says.
    expect(s.steps['type'] ?? 0).toBeGreaterThan(0);
    expect(s.cuts + s.offlineSpells).toBeGreaterThan(0);
  }, 180_000);
});
