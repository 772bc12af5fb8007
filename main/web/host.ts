import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { encodeWireMessage } from '../../shared/api/wire';
import { type ApiSession, createApiSession } from '../services/api-session';
import { WorkspaceRegistry } from '../services/workspace-registry';
import { contentSecurityPolicy, securityHeaders } from './csp';
import { lookupStaticFile } from './static-files';
import { handleWireFrame } from './wire-connection';

/** A running web host. */
export interface WebHost {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  /** Closes every connection and session, compacts open documents, closes the workspace file. */
  close(): Promise<void>;
}

/** Options of `startWebHost`. */
export interface WebHostOptions {
  /** The workspace every new connection starts on (must exist and be a workspace). */
  readonly workspacePath: string;
  /** TCP port on 127.0.0.1 (default 5317; 0 = any free port). */
  readonly port?: number;
  /** The built renderer (default `dist/renderer` of this checkout). */
  readonly staticDir?: string;
  /** Shared workspace registry (default: one of the host's own). */
  readonly registry?: WorkspaceRegistry;
}

/** Port of `npm run dev:web` when none is given. */
export const DEFAULT_WEB_PORT = 5317;

/** Where `vite build` puts the renderer. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

/** Path of the API WebSocket. */
export const API_SOCKET_PATH = '/api';

/** Largest WebSocket frame accepted (a whole document state travels in one). */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** How often idle connections are pinged; one that misses a pong is dropped. */
const HEARTBEAT_MS = 30_000;

/**
 * Serves the built renderer and the Draftroom API on 127.0.0.1 only: static
 * files at `/` with a strict CSP, and at `/api` a WebSocket that speaks
 * `shared/api/wire.ts` messages, one API session per connection. Requests
 * whose Host (or, for the WebSocket, Origin) is not this host are refused, so
 * that no other web page can reach the API; a WebSocket without an Origin
 * header is refused as well. Rejects with the store's error if
 * the workspace cannot be opened.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const registry = options.registry ?? new WorkspaceRegistry();
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const workspace = registry.acquire(options.workspacePath);
  const sessions = new Map<WebSocket, ApiSession>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const alive = new WeakSet<WebSocket>();
  let port = 0;
  let csp = contentSecurityPolicy();

  const server = createServer((request, response) => {
    serveStatic(request, response).catch((error: unknown) => {
      console.error('draftroom web host: request failed:', error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Internal error');
    });
  });

  async function serveStatic(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isOwnHost(request.headers.host, port)) {
      return plain(response, 403, 'This host serves 127.0.0.1 only.');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, 'Method not allowed.');
    }
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    if (pathname === API_SOCKET_PATH) return plain(response, 426, 'The API is a WebSocket.');
    const found = await lookupStaticFile(staticDir, pathname);
    if (found.status !== 200) {
      return plain(response, found.status, found.status === 404 ? 'Not found.' : 'Refused.');
    }
    response.writeHead(200, {
      ...securityHeaders(csp),
      'Content-Type': found.contentType,
      'Content-Length': String(found.body.length),
      'Cache-Control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : found.body);
  }

  function plain(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { ...securityHeaders(csp), 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(text);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (request.url ?? '').split('?')[0];
    const allowed =
      pathname === API_SOCKET_PATH && isOwnHost(request.headers.host, port) && isOwnOrigin(request.headers.origin, port);
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    const send = (text: string): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    };
    let session: ApiSession;
    try {
      session = createApiSession({
        registry,
        workspacePath: workspace.path,
        emit: (event, payload) => send(encodeWireMessage({ type: 'event', event, payload })),
      });
    } catch (error) {
      console.error('draftroom web host: could not open a session:', error);
      ws.close(1011, 'workspace unavailable');
      return;
    }
    sessions.set(ws, session);
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void handleWireFrame(session, frameText(data, isBinary), send);
    });
    ws.on('close', () => {
      sessions.delete(ws);
      session.close();
    });
    ws.on('error', (error) => console.error('draftroom web host: connection error:', error.message));
  }

  const heartbeat = setInterval(() => {
    for (const ws of sessions.keys()) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_WEB_PORT, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(heartbeat);
    registry.release(workspace);
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  csp = contentSecurityPolicy({ connectSources: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => {
      closing ??= (async () => {
        clearInterval(heartbeat);
        for (const [ws, session] of sessions) {
          session.close();
          ws.terminate();
        }
        sessions.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        registry.release(workspace);
      })();
      return closing;
    },
  };
}

function frameText(data: RawData, isBinary: boolean): string | null {
  if (isBinary) return null;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Whether a Host header names this host (127.0.0.1 or localhost on its port). */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * Whether a WebSocket's Origin is this host's own page. Browsers always send
 * Origin; a socket without one (any local program) is refused too, since the
 * API it would reach acts for whoever the client claims to be.
 */
export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return false;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
