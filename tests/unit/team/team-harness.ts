/**
 * Test harness for the team server: a workspace file with members of every
 * role and a two-clause document, tokens for each member, a real server on
 * 127.0.0.1 (port 0) with a recording log, stock y-websocket clients
 * (`WebsocketProvider` over `ws`) and raw y-protocols clients over `ws`.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readSyncMessage, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { Member } from '../../../shared/domain/types';
import { seedContent } from '../../../shared/ydoc/layout';
import { emptyProposal } from '../../../main/services/documents';
import { openWorkspace } from '../../../main/store/workspace-store';
import { startTeamServer, type TeamServer, type TeamServerOptions } from '../../../main/team/server/team-server';
import type { ServerLog } from '../../../main/team/server/server-log';
import { insertClause, makeWorkspace, typeInClause, type TestPeople } from '../services/harness';

/** Who is in the team workspace, with a token for each member. */
export interface TeamPeople extends TestPeople {
  /** An observer of the U.S. party. */
  readonly olga: Member;
  readonly workspaceId: string;
  readonly docId: string;
  /** Token strings by member id. */
  readonly tokens: ReadonlyMap<string, string>;
  /** Token ids by member id. */
  readonly tokenIds: ReadonlyMap<string, string>;
}

/**
 * Writes a workspace with a lead (Bohdan), a drafter (Alice), a suggester
 * (Carol) and an observer (Olga), one document "Peace framework" with two
 * clauses written by the lead, and one token per member.
 */
export function makeTeamWorkspace(path: string, name = 'Team negotiation'): TeamPeople {
  const people = makeWorkspace(path, name);
  const store = openWorkspace(path);
  try {
    const olga = store.addMember({ name: 'Olga Observer', partyId: people.us.id, role: 'observer' });
    const doc = store.createDocument({ title: 'Peace framework' });
    const ydoc = new Y.Doc();
    seedContent(ydoc, emptyProposal());
    typeInClause(ydoc, 0, 'Ukraine keeps an army of 800,000.', { tracked: false });
    insertClause(ydoc, 1, 'c-elections', 'Elections are held after the ceasefire.');
    store.appendUpdate(doc.id, Y.encodeStateAsUpdate(ydoc), { memberId: people.bohdan.id, partyId: people.ua.id });
    const tokens = new Map<string, string>();
    const tokenIds = new Map<string, string>();
    for (const member of [people.alice, people.bohdan, people.carol, olga]) {
      const issued = store.createToken(member.id);
      tokens.set(member.id, issued.secret);
      tokenIds.set(member.id, issued.token.id);
    }
    return { ...people, olga, workspaceId: store.meta().id, docId: doc.id, tokens, tokenIds };
  } finally {
    store.close();
  }
}

/** A log that keeps its lines. */
export function recordingLog(): ServerLog & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(line), error: (line) => lines.push(`ERROR ${line}`) };
}

/** Starts a server on 127.0.0.1, any free port, with a recording log. */
export async function startTestServer(
  path: string,
  options: Partial<TeamServerOptions> = {},
): Promise<{ server: TeamServer; log: ReturnType<typeof recordingLog> }> {
  const log = recordingLog();
  const server = await startTeamServer({ path, host: '127.0.0.1', port: 0, log, ...options });
  return { server, log };
}

/** Waits until `condition` holds (polling), or fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A stock y-websocket client with what it was told: denials and the close. */
export interface ProviderClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Reasons of permission-denied messages received. */
  readonly denials: string[];
  /** Close events received from the server. */
  readonly closes: { code: number; reason: string }[];
  destroy(): void;
}

/** Connects a `WebsocketProvider` (Node `ws`) to a document; resolves once synced. */
export async function connectProvider(server: TeamServer, workspaceId: string, docId: string, token: string, doc = new Y.Doc()): Promise<ProviderClient> {
  const provider = new WebsocketProvider(`${server.url}/${workspaceId}`, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  const denials: string[] = [];
  const closes: { code: number; reason: string }[] = [];
  provider.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    denials.push(decoding.readVarString(decoder));
  };
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  const client = { doc, provider, denials, closes, destroy: () => provider.destroy() };
  await waitUntil(() => provider.synced || closes.length > 0, 5000, 'the provider to sync');
  return client;
}

/** A y-protocols client over a raw `ws` socket, recording everything. */
export class RawClient {
  // A fixed guid spares a random UUID per client (the fuzz opens thousands).
  readonly doc = new Y.Doc({ guid: 'raw-client' });
  readonly denials: string[] = [];
  readonly awareness: Uint8Array[] = [];
  /** Sync step 1 messages received from the server. */
  step1s = 0;
  /** Step 1 messages that followed a step 2: the server's answers to our step 1 (its confirmations). */
  confirmations = 0;
  private lastSyncType = -1;
  closed: { code: number; reason: string } | null = null;
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;
  /** Waiters re-checked after every message and on close (no polling). */
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(url: string, options: { readonly answer?: boolean; readonly ca?: Buffer } = {}) {
    this.ws = new WebSocket(url, options.ca ? { ca: options.ca } : {});
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('error', () => {});
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
      this.wake();
    });
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === 0) {
        const syncType = decoding.peekVarUint(decoder);
        if (syncType === 0) {
          this.step1s += 1;
          if (this.lastSyncType === 1) this.confirmations += 1;
        }
        this.lastSyncType = syncType;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        readSyncMessage(decoder, encoder, this.doc, 'server');
        if (options.answer !== false && encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
      } else if (type === 1) {
        this.awareness.push(decoding.readVarUint8Array(decoder));
      } else if (type === 2) {
        decoding.readVarUint(decoder);
        this.denials.push(decoding.readVarString(decoder));
      }
      this.wake();
    });
  }

  /** Resolves once `condition` holds (checked after each message and on close), or fails after `timeoutMs`. */
  waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        check: condition,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => w.check());
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  /** The URL of a document for a token. */
  static url(server: TeamServer, workspaceId: string, docId: string, token: string | null): string {
    const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
    return `${server.url}/${encodeURIComponent(workspaceId)}/${encodeURIComponent(docId)}${query}`;
  }

  /** Resolves when the socket is open (rejects if it could not open). */
  open(): Promise<void> {
    return this.opened;
  }

  /** Sends raw bytes (if the socket is open). */
  send(bytes: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  /** Sends sync step 1 and waits for the server's step 2 + step 1 answer. */
  async sync(): Promise<void> {
    await this.open();
    const before = this.confirmations;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    writeSyncStep1(encoder, this.doc);
    this.send(encoding.toUint8Array(encoder));
    await this.waitFor(() => this.confirmations > before || this.closed !== null, 5000, 'the server to answer step 1');
  }

  /** Sends one Yjs update as a sync update message. */
  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    writeUpdate(encoder, update);
    this.send(encoding.toUint8Array(encoder));
  }

  /** Edits the local doc and sends the resulting update. */
  edit(fn: (doc: Y.Doc) => void): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    fn(this.doc);
    const update = Y.encodeStateAsUpdate(this.doc, before);
    this.sendUpdate(update);
    return update;
  }

  /** Waits for the socket to close; returns the close code and reason. */
  async whenClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    await this.waitFor(() => this.closed !== null, timeoutMs, 'the server to close the connection');
    return this.closed!;
  }

  close(): void {
    this.ws.close();
  }
}
