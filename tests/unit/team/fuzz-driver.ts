/**
 * Drives seeded fuzz traffic at a team server (see `fuzz-inputs.ts`):
 * several senders side by side, each over as many connections as its
 * malformed inputs close, with a barrier (sync step 1 → the server's answer)
 * after every input meant to close the connection and after every batch.
 */
import type { TeamServer } from '../../../main/team/server/team-server';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { FuzzInputs, UpdatePool } from './fuzz-inputs';
import { RawClient, type TeamPeople } from './team-harness';

/** What a fuzz run sent. */
export interface FuzzRun {
  /** Inputs sent, by kind. */
  readonly kinds: Record<string, number>;
  readonly sent: number;
  /** Barriers the server answered (each is one message the server handled that was not an input). */
  readonly barriersAnswered: number;
}

/** Options of `runFuzz`. */
export interface FuzzOptions {
  readonly seed: number;
  /** Inputs to send in all. */
  readonly inputs: number;
  /** Documents' state the inputs are built against. */
  readonly base: Uint8Array;
  readonly maxMessageBytes: number;
  /** Senders at once (default 8). */
  readonly workers?: number;
  /** Inputs per barrier on one connection (default 25). */
  readonly batch?: number;
}

/** Sends `inputs` seeded inputs to a document of the server as a lead and as an observer. */
export async function runFuzz(server: TeamServer, people: TeamPeople, options: FuzzOptions): Promise<FuzzRun> {
  const workers = options.workers ?? 8;
  const batch = options.batch ?? 25;
  const kinds: Record<string, number> = {};
  let sent = 0;
  let barriersAnswered = 0;
  const pool = new UpdatePool(new SeededRandom(options.seed), options.base);

  async function barrier(socket: RawClient): Promise<number> {
    const answered = socket.confirmations;
    await socket.sync();
    if (socket.confirmations > answered) barriersAnswered += 1;
    return 0;
  }

  async function worker(index: number, count: number): Promise<void> {
    const inputs = new FuzzInputs(new SeededRandom(options.seed * 31 + index), pool, options.maxMessageBytes);
    const sockets = { lead: null as RawClient | null, observer: null as RawClient | null };
    const open = (as: 'lead' | 'observer'): RawClient => {
      let socket = sockets[as];
      if (socket === null || socket.closed !== null) {
        const member = as === 'lead' ? people.bohdan : people.olga;
        socket = new RawClient(RawClient.url(server, people.workspaceId, people.docId, people.tokens.get(member.id)!), { answer: false });
        sockets[as] = socket;
      }
      return socket;
    };
    let pending = 0;
    let socket: RawClient | null = null;
    try {
      for (let i = 0; i < count; i++) {
        const input = inputs.next();
        kinds[input.kind] = (kinds[input.kind] ?? 0) + 1;
        if (socket !== null && socket !== sockets[input.as] && pending > 0) pending = await barrier(socket);
        socket = open(input.as);
        await socket.open();
        socket.send(input.bytes);
        sent += 1;
        pending += 1;
        // Malformed input closes the connection: confirm each one; batch the rest.
        if (input.closes === true || pending >= batch) pending = await barrier(socket);
      }
      if (socket !== null && pending > 0) await barrier(socket);
    } finally {
      sockets.lead?.close();
      sockets.observer?.close();
    }
  }

  const share = Math.ceil(options.inputs / workers);
  await Promise.all(Array.from({ length: workers }, (_, i) => worker(i, share)));
  return { kinds, sent, barriersAnswered };
}

/** Messages the server handled on every connection but `skipConn` (from its `disconnect … messages=N` log lines). */
export function messagesHandled(lines: readonly string[], skipConn: number): number {
  let total = 0;
  for (const line of lines) {
    const match = / messages=(\d+)/.exec(line);
    if (line.startsWith('disconnect ') && match && !line.includes(`conn=${skipConn} `)) total += Number(match[1]);
  }
  return total;
}
