import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket} from 'ws';
import { WebSocketServer, type RawData } from 'ws';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import { WorkspaceRegistry } from '../../services/workspace-registry';
import type { ClusterBus } from './cluster-bus';
import { CLOSE, closeReason } from './close-codes';
import { TeamConnection } from './connection';
import { handleHttpRequest, type HealthReport } from './http-api';
import { DEFAULT_LIMITS, type ServerLimits } from './limits';
import { Room } from './room';
import { consoleLog, fields, type ServerLog } from './server-log';
import { redactRedisUrl } from './redis-bus';
import { openServedDatabase, type DatabaseBacking } from './served-database';
import { openServedWorkspaces, workspaceFilesAt, type ServedWorkspace } from './served-workspaces';
import { authenticate, presentedToken } from './token-auth';
import { encodePermissionDenied } from './wire';

/** Options of `startTeamServer`. */
export interface TeamServerOptions {
  /** A workspace file, or a folder whose `*.draftroom` files are all served (or give `database`). */
  readonly path?: string;
  /** Serve the workspaces of a PostgreSQL database instead of files, shared live with other instances through Redis if `database.redis` is given. */
  readonly database?: DatabaseBacking;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** TCP port (default 1234; 0 = any free port). */
  readonly port?: number;
  /** PEM certificate and key: serve wss:// and https:// (node:https). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Overrides of `DEFAULT_LIMITS`. */
  readonly limits?: Partial<ServerLimits>;
  /** Where log lines go (default: stdout/stderr with ISO times). */
  readonly log?: ServerLog;
  /** Workspace registry (default: one of the server's own). */
  readonly registry?: WorkspaceRegistry;
}

/** A served workspace as the server reports it. */
export interface ServedWorkspaceInfo {
  readonly id: string;
  readonly name: string;
  /** A file path, or `postgres://…#<id>` (no password). */
  readonly path: string;
}

/** A running team server. */
export interface TeamServer {
  /** `ws://host:port` (or `wss://`); a document is at `<url>/<workspaceId>/<documentId>?token=…`. */
  readonly url: string;
  /** `http://host:port` (or `https://`), for the `/v1/…` endpoints. */
  readonly httpUrl: string;
  readonly port: number;
  readonly workspaces: readonly ServedWorkspaceInfo[];
  /** This instance's id on the Redis bus (`single` without one). */
  readonly instance: string;
  /** Open WebSocket connections (all workspaces). */
  connectionCount(): number;
  /** Closes every connection (1001), compacts open documents and closes the workspace files. */
  close(): Promise<void>;
}

/** Port `draftroom serve` listens on when none is given (y-websocket's usual one). */
export const DEFAULT_TEAM_PORT = 1234;

/** How often connections are pinged; one that missed the last pong is dropped. */
const HEARTBEAT_MS = 30_000;

/** A token's "last used" time is written at most this often. */
const TOKEN_TOUCH_MS = 60_000;

/** How long `close` waits for clients to finish the close handshake. */
const CLOSE_GRACE_MS = 1000;

/**
 * Starts the team server: y-websocket's protocol on
 * `/<workspaceId>/<documentId>?token=…` (each connection a `HubPeer` of the
 * workspace's DocumentHub, acting as its token's member) and the workspace
 * endpoints under `/v1/` (see `http-api.ts`), on one port. Rejects with the
 * store's error if a workspace cannot be opened, or the listen error.
 */
export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? consoleLog;
  const backend = await openBackend(options, log);
  const { served } = backend;
  const connections = new Map<string, Set<TeamConnection>>([...served.keys()].map((id) => [id, new Set()]));
  const rooms = new Map<string, Room>();
  const alive = new WeakSet<WebSocket>();
  const sockets = new Set<WebSocket>();
  let serial = 0;
  let closed = false;

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    handleHttpRequest(request, response, { served, limits, log, health: backend.health });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closed) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      accept(ws, request).catch((error: unknown) => {
        log.error(`error ${fields({ error: errorText(error) })}`);
        ws.close(CLOSE.internal, 'server error; try again');
      });
    });
  });

  async function accept(ws: WebSocket, request: IncomingMessage): Promise<void> {
    const number = ++serial;
    const from = request.socket.remoteAddress ?? '?';
    sockets.add(ws);
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('error', (error) => log.info(`error ${fields({ conn: number, error: error.message })}`));
    // Clients speak at once (sync step 1, awareness): keep what comes while the token is checked.
    const early: Uint8Array[] = [];
    let deliver: ((bytes: Uint8Array) => void) | null = null;
    ws.on('message', (data: RawData) => {
      const bytes = toBytes(data);
      if (deliver !== null) deliver(bytes);
      else if (early.length < limits.messageBurst) early.push(bytes);
    });
    let closedEarly = false;
    ws.once('close', () => {
      closedEarly = true;
    });
    const refuse = (code: number, reason: string): void => {
      log.info(`refuse-connection ${fields({ conn: number, from, code, reason })}`);
      if (ws.readyState === ws.OPEN) {
        ws.send(encodePermissionDenied(reason));
        ws.close(code, closeReason(reason));
      }
      sockets.delete(ws);
    };
    const target = parseRoomUrl(request.url ?? '/');
    if (typeof target === 'string') return refuse(CLOSE.malformed, target);
    const workspace = served.get(target.workspaceId);
    if (workspace === undefined) return refuse(CLOSE.notFound, `no workspace ${target.workspaceId} on this server`);
    let auth;
    try {
      auth = await authenticate(workspace.store, presentedToken(request.headers, target.query));
    } catch (error) {
      return refuse(CLOSE.storeUnavailable, `the store does not answer (${errorText(error)}); reconnect later`);
    }
    if (!auth.ok) return refuse(CLOSE.unauthorized, auth.message);
    if (closedEarly || closed) {
      sockets.delete(ws);
      return;
    }
    const open = connections.get(workspace.id)!;
    const sameToken = [...open].filter((c) => c.tokenId === auth.token.id && !c.isClosing).length;
    if (sameToken >= limits.connectionsPerToken) {
      return refuse(CLOSE.tooManyConnections, `too many connections for this token (at most ${limits.connectionsPerToken})`);
    }
    const roomKey = `${workspace.id}/${target.docId}`;
    let room = rooms.get(roomKey);
    if (room === undefined) {
      room = new Room(roomKey, limits.awarenessClientsPerConnection, undefined, backend.bus);
      rooms.set(roomKey, room);
    }
    const connection = new TeamConnection(
      {
        serial: number,
        ws,
        workspaceId: workspace.id,
        docId: target.docId,
        store: workspace.store,
        documents: workspace.documents,
        room,
        tokenId: auth.token.id,
        memberId: auth.identity.member.id,
        limits,
        log,
      },
      auth.identity,
    );
    const leave = (): void => {
      workspace.documents.closePeer(connection);
      const roomNow = rooms.get(roomKey);
      if (roomNow !== undefined && roomNow.leave(connection)) {
        roomNow.dispose();
        rooms.delete(roomKey);
      }
    };
    open.add(connection);
    ws.on('close', (code: number, reason: Buffer) => {
      sockets.delete(ws);
      open.delete(connection);
      leave();
      const { messages, refusals } = connection.stats();
      log.info(`disconnect ${fields({ conn: number, code, reason: reason.toString('utf8') || undefined, messages, refusals })}`);
    });
    try {
      await connection.start();
    } catch (error) {
      open.delete(connection);
      leave();
      if (error instanceof DraftroomError && error.code === 'unknown-document') {
        return refuse(CLOSE.notFound, `no document ${target.docId} in workspace ${workspace.id}`);
      }
      if (error instanceof DraftroomError && error.code === 'unreachable') return refuse(CLOSE.storeUnavailable, error.message);
      log.error(`error ${fields({ conn: number, error: errorText(error) })}`);
      return refuse(CLOSE.internal, 'server error; try again');
    }
    if (ws.readyState !== ws.OPEN) {
      // It went away while the document was loading: let go of what opening it took.
      leave();
      return;
    }
    touchToken(workspace, auth.token.id, number);
    const { member, party } = auth.identity;
    log.info(
      `connect ${fields({ conn: number, from, workspace: workspace.id, doc: target.docId, member: member.name, party: party.code, role: member.role, token: auth.token.id })}`,
    );
    const onError = (error: unknown): void => {
      log.error(`error ${fields({ conn: number, error: errorText(error) })}`);
      connection.close(CLOSE.internal, 'server error; try again');
    };
    deliver = (bytes) => connection.handle(bytes, onError);
    for (const bytes of early.splice(0)) deliver(bytes);
  }

  /** Token id → when its use was last written (one write per token and minute, not per connection). */
  const touched = new Map<string, number>();
  function touchToken(workspace: ServedWorkspace, tokenId: string, conn: number): void {
    const now = Date.now();
    if (now - (touched.get(tokenId) ?? -Infinity) < TOKEN_TOUCH_MS) return;
    touched.set(tokenId, now);
    workspace.store.touchToken(tokenId, new Date(now).toISOString()).catch((error: unknown) => {
      log.error(`error ${fields({ conn, error: `could not record token use: ${String(error)}` })}`);
    });
  }

  // Revocations come from `draftroom token revoke` in another process: look for them often.
  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    void (async () => {
      for (const [workspaceId, open] of connections) {
        if (open.size === 0) continue;
        try {
          const store = served.get(workspaceId)!.store;
          const revoked = new Set((await store.listTokens()).filter((t) => t.revokedAt !== null).map((t) => t.id));
          for (const connection of open) {
            if (revoked.has(connection.tokenId)) connection.close(CLOSE.unauthorized, `token ${connection.tokenId} was revoked`);
          }
        } catch (error) {
          log.error(`error ${fields({ workspace: workspaceId, error: `could not read tokens: ${String(error)}` })}`);
        }
      }
    })().finally(() => {
      polling = false;
    });
  }, limits.tokenPollMs);
  poll.unref();

  const heartbeat = setInterval(() => {
    for (const ws of sockets) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (error: Error): void => {
      void backend.close();
      rejectListen(error);
    };
    server.once('error', onError);
    server.listen(options.port ?? DEFAULT_TEAM_PORT, host, () => {
      server.off('error', onError);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const secure = options.tls !== undefined;
  const url = `${secure ? 'wss' : 'ws'}://${hostInUrl}:${port}`;
  const httpUrl = `${secure ? 'https' : 'http'}://${hostInUrl}:${port}`;
  const workspaces = [...served.values()].map(({ id, name, location }) => ({ id, name, path: location }));
  log.info(`start ${fields({ url, instance: backend.instance, store: backend.storeLabel, redis: backend.redisLabel, workspaces: workspaces.length })}`);

  return {
    url,
    httpUrl,
    port,
    workspaces,
    instance: backend.instance,
    connectionCount: () => sockets.size,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(poll);
      clearInterval(heartbeat);
      for (const open of connections.values()) for (const connection of open) connection.close(CLOSE.goingAway, 'server shutting down');
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await backend.close();
    },
  };
}

/** What the server runs on: its workspaces, the bus if any, health, and how to close them. */
interface Backend {
  readonly served: Map<string, ServedWorkspace>;
  readonly bus: ClusterBus | undefined;
  readonly instance: string;
  readonly storeLabel: string;
  /** The Redis URL without its password, or `none`. */
  readonly redisLabel: string;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

async function openBackend(options: TeamServerOptions, log: ServerLog): Promise<Backend> {
  if ((options.path === undefined) === (options.database === undefined)) {
    throw new DraftroomError('invalid-argument', 'serve either workspace files (a path) or a database (--database), not both');
  }
  if (options.database !== undefined) {
    const opened = await openServedDatabase(options.database, { log });
    return {
      served: opened.served,
      bus: opened.bus,
      instance: opened.instance,
      storeLabel: opened.databaseLabel,
      redisLabel: options.database.redis === undefined ? 'none' : redactRedisUrl(options.database.redis),
      async health() {
        const [store, redis] = await Promise.all([opened.databaseReachable(), opened.redisReachable()]);
        return {
          ok: store && redis !== false,
          store: store ? 'ok' : 'unreachable',
          redis: redis === null ? 'none' : redis ? 'ok' : 'unreachable',
          instance: opened.instance,
        };
      },
      close: () => opened.close(),
    };
  }
  const registry = options.registry ?? new WorkspaceRegistry({ teamSync: false });
  const served = openServedWorkspaces(registry, workspaceFilesAt(options.path!));
  return {
    served,
    bus: undefined,
    instance: 'single',
    storeLabel: options.path!,
    redisLabel: 'none',
    async health() {
      let store = true;
      try {
        for (const workspace of served.values()) await workspace.store.meta();
      } catch {
        store = false;
      }
      return { ok: store, store: store ? 'ok' : 'unreachable', redis: 'none', instance: 'single' };
    },
    async close() {
      for (const workspace of served.values()) await workspace.release();
    },
  };
}

/** `/<workspaceId>/<documentId>?…` → its parts, or why the path is not a document's. */
function parseRoomUrl(raw: string): { workspaceId: string; docId: string; query: URLSearchParams } | string {
  let url: URL;
  try {
    url = new URL(raw, 'http://team.invalid');
  } catch {
    return 'not a document URL';
  }
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  if (segments.length !== 2) return 'a document URL is /<workspaceId>/<documentId>?token=…';
  try {
    return { workspaceId: decodeURIComponent(segments[0]!), docId: decodeURIComponent(segments[1]!), query: url.searchParams };
  } catch {
    return 'not a document URL (bad percent-encoding)';
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
