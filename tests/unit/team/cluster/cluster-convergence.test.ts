/**
 * Several instances sharing one document through PostgreSQL and Redis:
 * seeded random stock y-websocket clients spread over the instances edit
 * the same clauses, are disconnected at random and reconnect to a
 * different instance; everyone converges byte for byte, to what PostgreSQL
 * holds, and a fresh instance loading from PostgreSQL serves the same.
 * A new seed each run, printed; CLUSTER_SEED=<n> replays one.
 */
import { SeededRandom } from '../../../../shared/random/seeded-random';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentFragment } from '../../../../shared/ydoc/layout';
import { canonicalState, sameBytes } from '../../../helpers/team-rig';
import { PG_SKIP, REDIS_SKIP } from '../../../helpers/pg-services';
import { connectProvider, waitUntil, type ProviderClient } from '../team-harness';
import { makeCluster, type Cluster, type Instance } from './cluster-harness';

const SKIP = PG_SKIP ?? REDIS_SKIP;
const SEED = Number(process.env['CLUSTER_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

/** The first paragraph's text of the clause at `index`. */
function clauseText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

let cluster: Cluster | undefined;
const clients: ProviderClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await cluster?.cleanup();
  cluster = undefined;
});

async function run(instanceCount: number, seed: number): Promise<void> {
  const gen = new SeededRandom(seed);
  cluster = await makeCluster(`conv${instanceCount}`, 6);
  const { people } = cluster;
  // Small compaction threshold: instances compact while others append and catch up across snapshots.
  const instances: Instance[] = [];
  for (let i = 0; i < instanceCount; i++) instances.push(await cluster.start({ compactAfter: 7 }));
  const tokens = cluster.leadTokens;
  const at: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    at.push(i % instanceCount);
    clients.push(await connectProvider(instances[i % instanceCount]!.server, people.workspaceId, people.docId, tokens[i]!));
  }
  let moves = 0;
  let edits = 0;
  for (let step = 0; step < 150; step++) {
    const who = gen.uint32(0, tokens.length - 1);
    const roll = gen.next();
    if (roll < 0.08) {
      // Disconnect and come back through another instance, keeping the local document.
      const doc = clients[who]!.doc;
      clients[who]!.destroy();
      at[who] = (at[who]! + 1 + gen.uint32(0, instanceCount - 2)) % instanceCount;
      clients[who] = await connectProvider(instances[at[who]!]!.server, people.workspaceId, people.docId, tokens[who]!, doc);
      moves++;
      continue;
    }
    const text = clauseText(clients[who]!.doc, gen.uint32(0, 1));
    if (roll < 0.25 && text.length > 5) {
      const from = gen.uint32(0, text.length - 3);
      text.delete(from, gen.uint32(1, 2));
    } else {
      text.insert(gen.uint32(0, text.length), gen.word(1, 4));
    }
    edits++;
    if (gen.next() < 0.3) await new Promise((r) => setTimeout(r, gen.uint32(0, 15)));
  }
  const states = (): Uint8Array[] => clients.map((c) => canonicalState(Y.encodeStateAsUpdate(c.doc)));
  await waitUntil(() => states().every((s) => sameBytes(s, states()[0]!)), 20_000, 'every client to hold the same state');
  const converged = states()[0]!;
  // Everything the clients hold is stored: PostgreSQL holds exactly it.
  await waitUntil(() => true, 0);
  let stored = canonicalState(await cluster.storedState());
  const deadline = Date.now() + 5000;
  while (!sameBytes(stored, converged) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    stored = canonicalState(await cluster.storedState());
  }
  expect(sameBytes(stored, converged), `PostgreSQL differs from the clients (CLUSTER_SEED=${seed})`).toBe(true);
  // A fresh instance loads the same from PostgreSQL.
  const fresh = await cluster.start();
  const reader = await connectProvider(fresh.server, people.workspaceId, people.docId, people.tokens.get(people.olga.id)!);
  clients.push(reader);
  expect(sameBytes(canonicalState(Y.encodeStateAsUpdate(reader.doc)), converged), `a fresh instance differs (CLUSTER_SEED=${seed})`).toBe(true);
  for (const instance of instances) expect(instance.log.lines.filter((l) => l.startsWith('ERROR')), 'instance errors').toEqual([]);
  expect(edits).toBeGreaterThan(100);
  expect(moves).toBeGreaterThan(0);
  console.log(`cluster convergence: ${instanceCount} instances, seed ${seed}, ${edits} edits, ${moves} reconnects to another instance, state ${converged.length} bytes`);
}

describe.skipIf(SKIP !== null)(`several instances on PostgreSQL and Redis converge (seed ${SEED})`, () => {
  it('two instances: random edits and reconnects to the other instance converge byte for byte, as stored', async () => {
    console.log(`cluster convergence: CLUSTER_SEED=${SEED}`);
    await run(2, SEED);
  }, 60_000);

  it('three instances: the same', async () => {
    await run(3, SEED + 1);
  }, 60_000);
});
