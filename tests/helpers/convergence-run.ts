/**
 * One seeded random convergence run through a real team server (see
 * `tests/unit/team/convergence.test.ts`): replicas edit at random while
 * links are cut, replicas go offline, apps and the server restart; then
 * everyone reconnects and the run waits until every replica holds what the
 * server holds. Returns the states to compare and what happened.
 */
import { SeededRandom } from '../../shared/random/seeded-random';
import * as Y from 'yjs';
import { DraftroomError } from '../../shared/api/errors';
import type { MemberRole } from '../../shared/domain/types';
import { readChanges } from '../../shared/ydoc/layout';
import { randomStep, type StepKind } from './random-edits';
import { canonicalState, makeTeamFile, ReplicaNode, scratchDir, ServerHandle, stateInFile, vectorText } from './team-rig';

/** What a run is asked to do. */
export interface ConvergenceOptions {
  readonly seed: number;
  /** Editing steps in all (each by a random member). */
  readonly steps: number;
  /** One replica per role. */
  readonly roles: readonly MemberRole[];
  /** Chance per step of a link cut, an offline spell, a server restart, an app restart. */
  readonly chaos?: { readonly cut: number; readonly offline: number; readonly serverRestart: number; readonly appRestart: number };
  /** How long the final settling may take (ms). */
  readonly settleTimeoutMs?: number;
}

/** What a run ended with. */
export interface ConvergenceResult {
  /** Canonical state of the server's live document after settling. */
  readonly server: Uint8Array;
  /** The server's file read afresh after it stopped. */
  readonly serverFile: Uint8Array;
  /** Each replica's live document (canonical) after settling. */
  readonly replicas: readonly Uint8Array[];
  /** Each replica's file read afresh after it closed. */
  readonly replicaFiles: readonly Uint8Array[];
  /** Windows whose mirror was not at their hub's state vector (should be none). */
  readonly windowsBehind: readonly string[];
  readonly serverErrors: readonly string[];
  readonly stats: {
    readonly ms: number;
    readonly steps: Record<string, number>;
    /** Updates the windows sent (one per dispatch: a keystroke, a word, a decision, a comment). */
    readonly updates: number;
    readonly cuts: number;
    readonly offlineSpells: number;
    readonly appRestarts: number;
    readonly serverRestarts: number;
    readonly records: number;
    readonly decided: number;
    readonly comments: number;
    readonly refusedByHub: number;
    readonly setAside: number;
    readonly setAsideReasons: readonly string[];
    readonly bytes: number;
  };
}

const DEFAULT_CHAOS = { cut: 0.02, offline: 0.01, serverRestart: 0.0025, appRestart: 0.0025 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every engine confirmed its edits and every hub holds what the server holds, and stays so briefly. */
async function settle(server: ServerHandle, replicas: readonly ReplicaNode[], docId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const replica of replicas) for (const window of replica.windows) window.flush();
    for (const replica of replicas) {
      try {
        await replica.engine.whenSynced(Math.max(1, deadline - Date.now()));
      } catch (error) {
        // A refusal found while settling: the engine sets the edits aside and resets; go round again.
        if (!(error instanceof DraftroomError) || error.code !== 'forbidden' || Date.now() > deadline) throw error;
        await replica.engine.settled();
      }
    }
    const serverVector = vectorText(Y.encodeStateVectorFromUpdate(server.state(docId)));
    const behind = replicas.filter((r) => vectorText(r.stateVector(docId)) !== serverVector || r.engine.pendingLocalEdits() > 0);
    if (behind.length === 0) {
      // Quiet for a moment (no repair written in answer to the last updates)?
      await sleep(150);
      const again = vectorText(Y.encodeStateVectorFromUpdate(server.state(docId)));
      if (again === serverVector && replicas.every((r) => vectorText(r.stateVector(docId)) === again)) return;
    }
    if (Date.now() > deadline) {
      const lagging = behind.map((r) => `${r.file}: ${vectorText(r.stateVector(docId))}, ${r.engine.pendingLocalEdits()} pending, ${JSON.stringify(r.engine.status())}`);
      throw new Error(`not converged within ${timeoutMs} ms: server ${serverVector}; behind: ${lagging.join('; ')}`);
    }
    await sleep(50);
  }
}

/** Runs the scenario in a scratch folder (removed afterwards). */
export async function runConvergence(options: ConvergenceOptions): Promise<ConvergenceResult> {
  const started = performance.now();
  const chaos = options.chaos ?? DEFAULT_CHAOS;
  const gen = new SeededRandom(options.seed);
  let idCounter = 0;
  const newId = (): string => `s${options.seed}-${++idCounter}`;
  const tmp = scratchDir('draftroom-converge-');
  const serverPath = `${tmp.dir}/server.draftroom`;
  const team = makeTeamFile(serverPath, options.roles);
  const server = new ServerHandle(serverPath);
  const replicas: ReplicaNode[] = [];
  try {
    await server.start();
    replicas.push(
      ...(await Promise.all(team.members.map((who, i) => ReplicaNode.join(server, team, who, `${tmp.dir}/replica-${i}.draftroom`, newId)))),
    );
    // Replica 0 has two windows of the same app (they share its hub).
    replicas.forEach((replica, i) => replica.open(team.docId, i === 0 ? 2 : 1));

    const steps: Record<string, number> = {};
    let cuts = 0;
    let offlineSpells = 0;
    let appRestarts = 0;
    const offlineUntil = new Map<ReplicaNode, number>();
    for (let step = 0; step < options.steps; step++) {
      // The network and the machines.
      // At least one server restart and one app restart per run, more at random.
      const roll = step === Math.floor(options.steps / 2) ? -2 : step === Math.floor(options.steps / 3) ? -1 : gen.next();
      if (roll === -2) {
        await server.restart();
      } else if (roll === -1 || (roll >= chaos.cut + chaos.offline + chaos.serverRestart && roll < chaos.cut + chaos.offline + chaos.serverRestart + chaos.appRestart)) {
        const replica = gen.pick(replicas);
        replica.close();
        replica.open(team.docId, 1);
        appRestarts += 1;
      } else if (roll < chaos.cut) {
        gen.pick(replicas).link.cut();
        cuts += 1;
      } else if (roll < chaos.cut + chaos.offline) {
        const replica = gen.pick(replicas);
        if (!replica.link.offline) {
          replica.link.setOffline(true);
          offlineUntil.set(replica, step + gen.int(20, 200));
          offlineSpells += 1;
        }
      } else if (roll < chaos.cut + chaos.offline + chaos.serverRestart) {
        await server.restart();
      }
      for (const [replica, until] of offlineUntil) {
        if (step < until) continue;
        replica.link.setOffline(false);
        offlineUntil.delete(replica);
      }
      // A member edits.
      const replica = gen.pick(replicas);
      const kind: StepKind = randomStep(gen.pick(replica.windows), gen);
      steps[kind] = (steps[kind] ?? 0) + 1;
      if (gen.int(0, 3) === 0) await sleep(gen.int(0, 4));
    }

    // Everyone back online, the server up; wait for quiet.
    for (const replica of replicas) replica.link.setOffline(false);
    await server.start();
    await settle(server, replicas, team.docId, options.settleTimeoutMs ?? 60_000);

    const serverState = canonicalState(server.state(team.docId));
    const liveReplicas = replicas.map((r) => canonicalState(r.state(team.docId)));
    const windowsBehind: string[] = [];
    replicas.forEach((replica, i) => {
      const hubVector = vectorText(replica.stateVector(team.docId));
      replica.windows.forEach((window, w) => {
        if (vectorText(Y.encodeStateVector(window.ydoc)) !== hubVector) windowsBehind.push(`replica ${i} window ${w}`);
      });
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, serverState);
    const records = readChanges(doc);
    const comments = doc.getMap('comments').size;
    doc.destroy();
    const updates = replicas.reduce((n, r) => n + r.updatesSent(), 0);
    const refusedByHub = replicas.reduce((n, r) => n + r.windows.reduce((m, w) => m + w.stats.refused, 0), 0);
    const setAsideReasons = replicas.flatMap((r) => r.store.listSetAsideEdits().map((e) => e.reason));

    for (const replica of replicas) replica.close();
    await server.stop();
    const serverFile = canonicalState(stateInFile(serverPath, team.docId));
    const replicaFiles = replicas.map((r) => canonicalState(stateInFile(r.file, team.docId)));
    return {
      server: serverState,
      serverFile,
      replicas: liveReplicas,
      replicaFiles,
      windowsBehind,
      serverErrors: server.log.errors,
      stats: {
        ms: Math.round(performance.now() - started),
        steps,
        updates,
        cuts,
        offlineSpells,
        appRestarts,
        serverRestarts: server.restarts,
        records: records.length,
        decided: records.filter((r) => r.status !== 'proposed').length,
        comments,
        refusedByHub,
        setAside: setAsideReasons.length,
        setAsideReasons,
        bytes: serverState.length,
      },
    };
  } finally {
    for (const replica of replicas) {
      replica.close();
      await replica.link.close();
    }
    await server.stop();
    tmp.cleanup();
  }
}
