import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket} from 'ws';
import { WebSocketServer, type RawData } from 'ws';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import { WorkspaceRegistry } from '../../services/workspace-registry';
import type { WorkspaceStoreApi } from '../../store/store-types';
import { CLOSE, closeReason } from './close-codes';
import { TeamConnection } from './connection';
import { handleHttpRequest } from './http-api';
import { DEFAULT_LIMITS, type ServerLimits } from './limits';
import { Room } from './room';
import { consoleLog, fields, type ServerLog } from './server-log';
import { openServedWorkspaces, workspaceFilesAt } from './served-workspaces';
import { authenticate, presentedToken } from './token-auth';
import { encodePermissionDenied } from './wire';

/** Options of `startTeamServer`. */
export interface TeamServerOptions {
  /** A workspace file, or a folder whose `*.draftroom` files are all served. */
  readonly path: string;
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
  const registry = options.registry ?? new WorkspaceRegistry({ teamSync: false });
  const served = openServedWorkspaces(registry, workspaceFilesAt(options.path));
  const connections = new Map<string, Set<TeamConnection>>([...served.keys()].map((id) => [id, new Set()]));
  const rooms = new Map<string, Room>();
  const alive = new WeakSet<WebSocket>();
  const sockets = new Set<WebSocket>();
  let serial = 0;
  let closed = false;

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    handleHttpRequest(request, response, { served, limits, log });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closed) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  });

  function accept(ws: WebSocket, request: IncomingMessage): void {
    const number = ++serial;
    const from = request.socket.remoteAddress ?? '?';
    sockets.add(ws);
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('error', (error) => log.info(`error ${fields({ conn: number, error: error.message })}`));
    const refuse = (code: number, reason: string): void => {
      log.info(`refuse-connection ${fields({ conn: number, from, code, reason })}`);
      ws.send(encodePermissionDenied(reason));
      ws.close(code, closeReason(reason));
      ws.on('close', () => sockets.delete(ws));
    };
    const target = parseRoomUrl(request.url ?? '/');
    if (typeof target === 'string') return refuse(CLOSE.malformed, target);
    const workspace = served.get(target.workspaceId);
    if (workspace === undefined) return refuse(CLOSE.notFound, `no workspace ${target.workspaceId} on this server`);
    const auth = authenticate(workspace.workspace.store, presentedToken(request.headers, target.query));
    if (!auth.ok) return refuse(CLOSE.unauthorized, auth.message);
    const open = connections.get(workspace.id)!;
    const sameToken = [...open].filter((c) => c.tokenId === auth.token.id && !c.isClosing).length;
    if (sameToken >= limits.connectionsPerToken) {
      return refuse(CLOSE.tooManyConnections, `too many connections for this token (at most ${limits.connectionsPerToken})`);
    }
    const roomKey = `${workspace.id}/${target.docId}`;
    let room = rooms.get(roomKey);
    if (room === undefined) {
      room = new Room(roomKey, limits.awarenessClientsPerConnection);
      rooms.set(roomKey, room);
    }
    const connection = new TeamConnection(
      {
        serial: number,
        ws,
        workspaceId: workspace.id,
        docId: target.docId,
        store: workspace.workspace.store,
        hub: workspace.workspace.hub,
        room,
        tokenId: auth.token.id,
        memberId: auth.identity.member.id,
        limits,
        log,
      },
      auth.identity,
    );
    const leave = (): void => {
      workspace.workspace.hub.closePeer(connection);
      const roomNow = rooms.get(roomKey);
      if (roomNow !== undefined && roomNow.leave(connection)) {
        roomNow.dispose();
        rooms.delete(roomKey);
      }
    };
    try {
      connection.start();
    } catch (error) {
      leave();
      if (error instanceof DraftroomError && error.code === 'unknown-document') {
        return refuse(CLOSE.notFound, `no document ${target.docId} in workspace ${workspace.id}`);
      }
      log.error(`error ${fields({ conn: number, error: errorText(error) })}`);
      return refuse(CLOSE.internal, 'server error; try again');
    }
    open.add(connection);
    touchToken(workspace, auth.token.id, number);
    const { member, party } = auth.identity;
    log.info(
      `connect ${fields({ conn: number, from, workspace: workspace.id, doc: target.docId, member: member.name, party: party.code, role: member.role, token: auth.token.id })}`,
    );
    ws.on('message', (data: RawData) => {
      try {
        connection.handle(toBytes(data));
      } catch (error) {
        log.error(`error ${fields({ conn: number, error: errorText(error) })}`);
        connection.close(CLOSE.internal, 'server error; try again');
      }
    });
    ws.on('close', (code: number, reason: Buffer) => {
      sockets.delete(ws);
      open.delete(connection);
      leave();
      const { messages, refusals } = connection.stats();
      log.info(`disconnect ${fields({ conn: number, code, reason: reason.toString('utf8') || undefined, messages, refusals })}`);
    });
  }

  /** Token id → when its use was last written (one write per token and minute, not per connection). */
  const touched = new Map<string, number>();
  function touchToken(workspace: { readonly workspace: { readonly store: WorkspaceStoreApi } }, tokenId: string, conn: number): void {
    const now = Date.now();
    if (now - (touched.get(tokenId) ?? -Infinity) < TOKEN_TOUCH_MS) return;
    touched.set(tokenId, now);
    try {
      workspace.workspace.store.touchToken(tokenId, new Date(now).toISOString());
    } catch (error) {
      log.error(`error ${fields({ conn, error: `could not record token use: ${String(error)}` })}`);
    }
  }

  // Revocations come from `draftroom token revoke` in another process: look for them often.
  const poll = setInterval(() => {
    for (const [workspaceId, open] of connections) {
      if (open.size === 0) continue;
      try {
        const store = served.get(workspaceId)!.workspace.store;
        const revoked = new Set(store.listTokens().filter((t) => t.revokedAt !== null).map((t) => t.id));
        for (const connection of open) {
          if (revoked.has(connection.tokenId)) connection.close(CLOSE.unauthorized, `token ${connection.tokenId} was revoked`);
        }
      } catch (error) {
        log.error(`error ${fields({ workspace: workspaceId, error: `could not read tokens: ${String(error)}` })}`);
      }
    }
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
      for (const { workspace } of served.values()) registry.release(workspace);
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
  const workspaces = [...served.values()].map(({ id, workspace }) => ({ id, name: workspace.store.meta().name, path: workspace.path }));

  return {
    url,
    httpUrl,
    port,
    workspaces,
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
      for (const { workspace } of served.values()) registry.release(workspace);
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
