import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { emptyProposal } from '../../services/documents';
import type { DocumentHub, HubPeer } from '../../services/document-hub';
import { DocumentHub as Hub } from '../../services/document-hub';
import { changesDocument } from '../../policy/update-policy';
import { loadYDoc } from '../../store/document-state';
import { createWorkspace, openWorkspace } from '../../store/workspace-store';
import { contentFragment, seedContent } from '../../../shared/ydoc/layout';
import { joinWorkspace, syncRound } from '../replica/operations';

/** What a kill soak is asked to do. */
export interface KillSoakOptions {
  /** SIGKILLs of the server (each followed by a restart on the same port). */
  readonly kills: number;
  /** Replicas writing at once (default 3). */
  readonly writers?: number;
  /** Time the server runs between kills: random in [min, max] ms (default 300–1,500). */
  readonly upMs?: readonly [number, number];
  /** Folder for the files (default: a new temporary folder, removed afterwards). */
  readonly dir?: string;
  /** Called with progress lines (default: nothing). */
  readonly progress?: (line: string) => void;
}

/** What a kill soak found. */
export interface KillSoakResult {
  readonly kills: number;
  readonly writers: number;
  /** `sync` rounds that reported every local edit stored on the server. */
  readonly confirmedRounds: number;
  /** Edits those rounds covered. */
  readonly confirmedEdits: number;
  /** Rounds that failed (server down or killed mid-round): nothing was claimed for them. */
  readonly failedRounds: number;
  /** Confirmed states the server's file lacks after the last restart (must be 0), with what is missing. */
  readonly lost: readonly string[];
  /** Whether every replica ended with exactly the server's state. */
  readonly converged: boolean;
  readonly ms: number;
}

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DRAFTROOM = join(REPO, 'bin', 'draftroom.mjs');

/** One line for README and logs. */
export function describeKillSoak(r: KillSoakResult): string {
  return (
    `kill soak: ${r.kills} SIGKILLs of the team server while ${r.writers} replicas wrote and synced; ` +
    `${r.confirmedRounds} sync rounds confirmed (${r.confirmedEdits} edits), ${r.failedRounds} failed while the server was down; ` +
    `${r.lost.length} confirmed edits lost; replicas ${r.converged ? 'converged with' : 'DIFFER from'} the server; ${(r.ms / 1000).toFixed(1)} s`
  );
}

/**
 * Runs `draftroom serve` as a child process and kills it with SIGKILL at
 * random times while replicas (each its own workspace file, joined with
 * `joinWorkspace`) write and run `syncRound` — what `draftroom sync` runs.
 * Every state a round reported as stored is kept; at the end the server is
 * restarted once more, every replica syncs, the server stops (SIGTERM), and
 * its file, read afresh, must contain every confirmed state, and every
 * replica must hold exactly the server's state.
 */
export async function runKillSoak(options: KillSoakOptions): Promise<KillSoakResult> {
  const started = performance.now();
  const progress = options.progress ?? (() => undefined);
  const writers = options.writers ?? 3;
  const [upMin, upMax] = options.upMs ?? [300, 1_500];
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'draftroom-kill-soak-'));
  const serverPath = join(dir, 'server.draftroom');
  const { workspaceId, docId, tokens } = makeServerFile(serverPath, writers);
  const port = await freePort();
  const server = new ChildServer(serverPath, port);
  let stopWriting = false;
  let confirmedRounds = 0;
  let confirmedEdits = 0;
  let failedRounds = 0;
  const confirmed: { file: string; state: Uint8Array }[] = [];
  try {
    await server.start();
    const files = tokens.map((_t, i) => join(dir, `replica-${i}.draftroom`));
    for (const [i, file] of files.entries()) await joinWorkspace(`ws://127.0.0.1:${port}/${workspaceId}`, tokens[i]!.token, file, { timeoutMs: 20_000 });

    const writer = async (i: number): Promise<void> => {
      const file = files[i]!;
      let edits = 0;
      while (!stopWriting) {
        edits += writeEdits(file, docId, tokens[i]!.memberId, i, 1 + Math.floor(Math.random() * 5));
        try {
          await syncRound(file, { timeoutMs: 4_000, engine: { probeDelayMs: 20 } });
        } catch {
          failedRounds += 1;
          await sleep(50 + Math.random() * 200);
          continue;
        }
        // Everything in the file now is on the server (the round confirmed it; nothing else wrote the file meanwhile).
        confirmed.push({ file, state: stateOf(file, docId) });
        confirmedRounds += 1;
        confirmedEdits += edits;
        edits = 0;
      }
    };
    const writing = Promise.all(files.map((_f, i) => writer(i)));
    for (let kill = 1; kill <= options.kills; kill++) {
      await sleep(upMin + Math.random() * (upMax - upMin));
      await server.kill();
      progress(`kill ${kill}/${options.kills}: ${confirmedRounds} rounds confirmed, ${failedRounds} failed`);
      await sleep(Math.random() * 300);
      await server.start();
    }
    await sleep(upMin);
    stopWriting = true;
    await writing;

    // Final round: every replica pushes what it has and pulls everyone's; twice, so that the first ones get the last ones' edits.
    for (let pass = 0; pass < 2; pass++) for (const file of files) await syncRound(file, { timeoutMs: 30_000 });
    await server.stop();
    const serverDoc = loadDoc(serverPath, docId);
    const lost: string[] = [];
    try {
      for (const [n, { file, state }] of confirmed.entries()) {
        if (changesDocument(serverDoc, state)) lost.push(`confirmed state ${n} of ${file}`);
      }
    } finally {
      serverDoc.destroy();
    }
    const serverState = canonical(stateOf(serverPath, docId));
    const converged = files.every((file) => Buffer.compare(Buffer.from(canonical(stateOf(file, docId))), Buffer.from(serverState)) === 0);
    return { kills: options.kills, writers, confirmedRounds, confirmedEdits, failedRounds, lost, converged, ms: Math.round(performance.now() - started) };
  } finally {
    stopWriting = true;
    await server.kill();
    if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's workspace: one lead per writer (direct edits pass every rule), a token each, a one-clause document. */
function makeServerFile(path: string, writers: number): { workspaceId: string; docId: string; tokens: { memberId: string; token: string }[] } {
  const store = createWorkspace(path, { name: 'Kill soak' });
  try {
    const party = store.addParty({ name: 'Soak', code: 'SK', colour: '#336699' });
    const tokens = Array.from({ length: writers }, (_x, i) => {
      const member = store.addMember({ name: `Writer ${i + 1}`, partyId: party.id, role: 'lead' });
      return { memberId: member.id, token: store.createToken(member.id).secret };
    });
    const doc = store.createDocument({ title: 'Soak' });
    const ydoc = new Y.Doc();
    seedContent(ydoc, emptyProposal());
    store.appendUpdate(doc.id, Y.encodeStateAsUpdate(ydoc), { memberId: tokens[0]!.memberId });
    ydoc.destroy();
    return { workspaceId: store.meta().id, docId: doc.id, tokens };
  } finally {
    store.close();
  }
}

/** Makes `count` edits in a replica's file, each one update stored by its hub as the member's; returns `count`. */
function writeEdits(file: string, docId: string, memberId: string, writer: number, count: number): number {
  const store = openWorkspace(file);
  const hub: DocumentHub = new Hub(store, { loadYDoc });
  const peer: HubPeer = { attribution: () => ({ memberId }), identity: () => null, editRefusal: () => null, deliver: () => undefined };
  try {
    for (let i = 0; i < count; i++) {
      hub.change(peer, docId, (doc) => {
        const text = firstText(doc);
        text.insert(Math.floor(Math.random() * (text.length + 1)), `[w${writer}:${Date.now() % 100_000}]`);
      });
    }
    return count;
  } finally {
    hub.dispose();
    store.close();
  }
}

/** The first clause's first paragraph's text (created if missing). */
function firstText(doc: Y.Doc): Y.XmlText {
  const clause = contentFragment(doc).get(0) as Y.XmlElement;
  const paragraph = clause.get(0) as Y.XmlElement;
  let text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) {
    text = new Y.XmlText();
    paragraph.insert(0, [text]);
  }
  return text as Y.XmlText;
}

function loadDoc(file: string, docId: string): Y.Doc {
  const store = openWorkspace(file);
  try {
    return loadYDoc(store, docId);
  } finally {
    store.close();
  }
}

function stateOf(file: string, docId: string): Uint8Array {
  const doc = loadDoc(file, docId);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function canonical(state: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** `draftroom serve <file> --port <port>` as a child process (SIGKILL, SIGTERM, start again on the same port). */
export class ChildServer {
  private child: ChildProcess | null = null;

  constructor(
    private readonly path: string,
    private readonly port: number,
  ) {}

  /** Starts it and resolves once it listens (retrying while the port is still held). */
  async start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const child = spawn(process.execPath, [DRAFTROOM, 'serve', this.path, '--host', '127.0.0.1', '--port', String(this.port)], {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const listening = await new Promise<boolean>((resolve) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('listening on')) resolve(true);
        });
        child.stderr!.on('data', () => undefined);
        child.once('exit', () => resolve(false));
      });
      if (listening) {
        this.child = child;
        child.stdout!.resume();
        return;
      }
      if (attempt >= 20) throw new Error(`draftroom serve did not start on port ${this.port}`);
      await sleep(100);
    }
  }

  /** SIGKILL; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM (a clean stop); resolves once the process is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await gone;
  }
}
