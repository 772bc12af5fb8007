/**
 * A team of replicas around one real team server, for convergence tests:
 * the server (`startTeamServer` on a workspace file, 127.0.0.1, restartable
 * on the same port), and replicas that each joined it with `joinWorkspace`
 * into their own workspace file and run the real `ReplicaEngine` on their
 * own `DocumentHub` and store, each behind a `FlakyLink` the test can cut or
 * take offline. Members edit in `EditorWindow`s on their replica's hub.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Identity, Member, MemberRole, Party } from '../../shared/domain/types';
import { seedContent } from '../../shared/ydoc/layout';
import { DocumentHub } from '../../main/services/document-hub';
import { identityOf } from '../../main/services/identities';
import { WorkspaceRegistry } from '../../main/services/workspace-registry';
import { loadYDoc } from '../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../main/store/store-types';
import { createWorkspace, openWorkspace } from '../../main/store/workspace-store';
import { readBinding } from '../../main/team/replica/binding';
import { joinWorkspace } from '../../main/team/replica/operations';
import { ReplicaEngine, type ReplicaEngineOptions } from '../../main/team/replica/replica-engine';
import type { ServerLog } from '../../main/team/server/server-log';
import { startTeamServer, type TeamServer } from '../../main/team/server/team-server';
import { clause, p, proposal } from './builders';
import { EditorWindow } from './editor-window';
import { FlakyLink } from './flaky-link';

/** Engine timings short enough for tests. */
export const QUICK_ENGINE: ReplicaEngineOptions = { probeDelayMs: 50, workspaceIntervalMs: 1_000, resetRetryMs: 100, heartbeatMs: 5_000 };

/**
 * A folder for workspace files: in memory (/dev/shm) when `memory` and the
 * machine has it (these tests are about convergence, not fsync; the kill
 * tests keep files on disk), else the system's temporary folder.
 */
export function scratchDir(prefix: string, memory = true): { dir: string; cleanup: () => void } {
  const base = memory && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A member of the team, with their token. */
export interface TeamMember {
  readonly member: Member;
  readonly party: Party;
  readonly token: string;
}

/** What `makeTeamFile` wrote. */
export interface TeamFile {
  readonly workspaceId: string;
  readonly docId: string;
  readonly members: readonly TeamMember[];
}

const PARTIES = [
  { name: 'United States', code: 'US', colour: '#1f4e9c' },
  { name: 'Ukraine', code: 'UA', colour: '#d4a106' },
  { name: 'Europe', code: 'EU', colour: '#2e7d32' },
  { name: 'Russia', code: 'RU', colour: '#b22222' },
];

/**
 * Writes the server's workspace: four parties, one member per role given
 * (party by turns), a token each, and a document of `clauses` clauses the
 * first member wrote.
 */
export function makeTeamFile(path: string, roles: readonly MemberRole[], clauses = 6): TeamFile {
  const store = createWorkspace(path, { name: 'Team convergence' });
  try {
    const parties = PARTIES.map((party) => store.addParty(party));
    const members = roles.map((role, i) => {
      const party = parties[i % parties.length]!;
      const member = store.addMember({ name: `Member ${i + 1} (${party.code} ${role})`, partyId: party.id, role });
      return { member, party, token: store.createToken(member.id).secret };
    });
    const doc = store.createDocument({ title: 'Peace framework' });
    const ydoc = new Y.Doc();
    const points = Array.from({ length: clauses }, (_, i) => clause(`c${i + 1}`, p(`Point ${i + 1}: the parties agree on item ${i + 1}.`)));
    seedContent(ydoc, proposal(...points));
    store.appendUpdate(doc.id, Y.encodeStateAsUpdate(ydoc), { memberId: members[0]!.member.id, partyId: members[0]!.party.id });
    ydoc.destroy();
    return { workspaceId: store.meta().id, docId: doc.id, members };
  } finally {
    store.close();
  }
}

/** A server log that keeps nothing but errors. */
export function quietLog(errors: string[] = []): ServerLog & { readonly errors: string[] } {
  return { errors, info: () => undefined, error: (line) => errors.push(line) };
}

/** The team server, restartable on the same port. */
export class ServerHandle {
  server: TeamServer | null = null;
  readonly registry = new WorkspaceRegistry({ teamSync: false });
  readonly log = quietLog();
  port = 0;
  restarts = 0;

  constructor(readonly path: string) {}

  /** Starts the server (on its previous port once it has one). */
  async start(): Promise<void> {
    if (this.server !== null) return;
    this.server = await startTeamServer({ path: this.path, host: '127.0.0.1', port: this.port, registry: this.registry, log: this.log });
    this.port = this.server.port;
  }

  /** Closes it (connections dropped, file compacted and closed). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
  }

  /** Closes and starts it again on the same port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
    this.restarts += 1;
  }

  /** The live document's state (the server must be running). */
  state(docId: string): Uint8Array {
    const workspace = this.registry.acquire(this.path);
    try {
      return workspace.hub.withDocument(docId, (doc) => Y.encodeStateAsUpdate(doc));
    } finally {
      this.registry.release(workspace);
    }
  }
}

/** One member's machine: a workspace file bound to the server through a flaky link, the engine, windows. */
export class ReplicaNode {
  store!: WorkspaceStoreApi;
  hub!: DocumentHub;
  engine!: ReplicaEngine;
  readonly windows: EditorWindow[] = [];
  /** Updates sent by windows already closed. */
  private sentByClosed = 0;
  private running = false;

  private constructor(
    readonly file: string,
    readonly link: FlakyLink,
    readonly memberId: string,
    private readonly newId: () => string,
    private readonly engineOptions: ReplicaEngineOptions,
  ) {}

  /** Joins the server's workspace through a new flaky link, into `file`. */
  static async join(
    server: ServerHandle,
    team: TeamFile,
    who: TeamMember,
    file: string,
    newId: () => string,
    engineOptions: ReplicaEngineOptions = QUICK_ENGINE,
  ): Promise<ReplicaNode> {
    const link = await FlakyLink.start(server.port);
    await joinWorkspace(`${link.url}/${team.workspaceId}`, who.token, file, { engine: engineOptions });
    return new ReplicaNode(file, link, who.member.id, newId, engineOptions);
  }

  /** The member's identity in the replica's own file. */
  identity(): Identity {
    const identity = identityOf(this.store, this.memberId);
    if (identity === undefined) throw new Error(`member ${this.memberId} is not in ${this.file}`);
    return identity;
  }

  /**
   * Opens the file, starts the engine and opens `windows` windows on `docId`
   * (the app starting). `clientId`, if given, names the Yjs client of each
   * mirror Y.Doc the windows make (default: random, as in the app).
   */
  open(docId: string, windows = 1, clientId?: () => number): void {
    if (this.running) return;
    this.running = true;
    this.store = openWorkspace(this.file);
    this.hub = new DocumentHub(this.store, { loadYDoc });
    const bound = readBinding(this.store);
    if (bound === null) throw new Error(`${this.file} is not bound`);
    this.engine = new ReplicaEngine(this.store, this.hub, bound, this.engineOptions);
    this.engine.start();
    for (let i = 0; i < windows; i++) this.windows.push(new EditorWindow(this.hub, docId, this.identity(), this.newId, clientId));
  }

  /** Closes the windows, stops the engine and closes the file (the app quitting). */
  close(): void {
    if (!this.running) return;
    this.running = false;
    for (const window of this.windows.splice(0)) {
      window.flush();
      window.close();
      this.sentByClosed += window.stats.sent;
    }
    this.engine.stop();
    this.hub.dispose();
    this.store.close();
  }

  /** Updates the member's windows sent their hub so far (one per editor dispatch or comment write). */
  updatesSent(): number {
    return this.sentByClosed + this.windows.reduce((n, w) => n + w.stats.sent, 0);
  }

  /** Whether the app is running. */
  get isOpen(): boolean {
    return this.running;
  }

  /** The hub's document state (the app must be open). */
  state(docId: string): Uint8Array {
    return this.hub.withDocument(docId, (doc) => Y.encodeStateAsUpdate(doc));
  }

  /** The state vector of the hub's document. */
  stateVector(docId: string): Uint8Array {
    return this.hub.withDocument(docId, (doc) => Y.encodeStateVector(doc));
  }
}

/** A document's state read from a workspace file (a fresh store connection). */
export function stateInFile(path: string, docId: string): Uint8Array {
  const store = openWorkspace(path);
  try {
    const doc = loadYDoc(store, docId);
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  } finally {
    store.close();
  }
}

/**
 * A state in canonical form: applied to a fresh Y.Doc and encoded again, so
 * that two documents with the same structs, content and delete set give the
 * same bytes whatever order their updates came in.
 */
export function canonicalState(state: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** Hex of a state vector, for messages. */
export function vectorText(vector: Uint8Array): string {
  return JSON.stringify([...Y.decodeStateVector(vector)].sort((a, b) => a[0] - b[0]));
}

/** Whether two byte arrays are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}
