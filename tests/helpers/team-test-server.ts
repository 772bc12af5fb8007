/**
 * A tiny team server for the replica tests, built from the real
 * `DocumentHub` and store: y-websocket's protocol at
 * `ws://127.0.0.1:<port>/<workspaceId>/<documentId>?token=<token>` and the
 * manifest endpoints over HTTP on the same port. Tokens are a plain map to
 * member ids (no hashing, no limits); the hub's own policy refuses what a
 * member may not do, and a refusal is sent as a y-protocols auth
 * permission-denied message. Test-only: the real server is `draftroom serve`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import { WebSocketServer, type WebSocket } from 'ws';
import { DraftroomError } from '../../shared/api/errors';
import { DocumentHub, type HubPeer } from '../../main/services/document-hub';
import { identityOf, mayEditDocuments, editRefusal } from '../../main/services/identities';
import { encodeSyncStep1 } from '../../main/services/sync-message';
import { loadYDoc } from '../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../main/store/store-types';
import { openWorkspace } from '../../main/store/workspace-store';

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;

/** A running test server. */
export interface TestTeamServer {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly store: WorkspaceStoreApi;
  readonly hub: DocumentHub;
  /** Gives `memberId` a token (`token`, or a new one); returns it. */
  addToken(memberId: string, token?: string): string;
  /** Open WebSocket connections. */
  connections(): number;
  /** Refusals sent so far (reasons). */
  readonly refusals: string[];
  /** Stops accepting and closes every connection (the file stays). */
  close(): Promise<void>;
}

/** Starts a test server on 127.0.0.1 (port 0 unless given) for the workspace file at `path`. */
export async function startTestTeamServer(path: string, port = 0): Promise<TestTeamServer> {
  const store = openWorkspace(path);
  const hub = new DocumentHub(store, { loadYDoc });
  const tokens = new Map<string, string>();
  const sockets = new Set<WebSocket>();
  const refusals: string[] = [];
  let counter = 0;

  const http: Server = createServer((req, res) => {
    try {
      handleHttp(req, res);
    } catch (error) {
      sendError(res, error);
    }
  });

  function memberOf(token: string | null | undefined): string {
    const memberId = token ? tokens.get(token) : undefined;
    if (memberId === undefined) throw new DraftroomError('forbidden', 'unknown token');
    return memberId;
  }

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/v1\/workspaces\/([^/]+)\/(manifest|documents|versions)$/.exec(url.pathname);
    const auth = req.headers.authorization ?? '';
    const memberId = memberOf(auth.startsWith('Bearer ') ? auth.slice(7) : null);
    if (!match || match[1] !== store.meta().id) throw new DraftroomError('not-found', 'no such workspace');
    const what = match[2];
    if (req.method === 'GET' && what === 'manifest') {
      const documents = store.listDocuments();
      sendJson(res, 200, {
        workspace: { id: store.meta().id, name: store.meta().name },
        you: { memberId },
        parties: store.listParties(),
        members: store.listMembers(),
        documents,
        versions: documents.flatMap((d) =>
          store.listVersions(d.id).map((v) => ({ ...v, state: Buffer.from(store.getVersion(d.id, v.id).state).toString('base64') })),
        ),
      });
      return;
    }
    if (req.method !== 'POST') throw new DraftroomError('invalid-argument', 'method not allowed');
    if (!mayEditDocuments(identityOf(store, memberId))) throw new DraftroomError('forbidden', editRefusal(identityOf(store, memberId)));
    readBody(req, (body) => {
      try {
        if (what === 'documents') {
          const input = body as { id: string; title: string };
          sendJson(res, 201, store.createDocument({ id: input.id, title: input.title }));
        } else {
          const input = body as { id: string; docId: string; name: string; note?: string; createdAt: string; state: string };
          const member = store.getMember(memberId);
          sendJson(
            res,
            201,
            store.createVersion({
              id: input.id,
              docId: input.docId,
              name: input.name,
              note: input.note ?? '',
              createdAt: input.createdAt,
              authorId: memberId,
              partyId: member?.partyId ?? null,
              state: new Uint8Array(Buffer.from(input.state, 'base64')),
            }),
          );
        }
      } catch (error) {
        sendError(res, error);
      }
    });
  }

  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [workspaceId, docId] = url.pathname.split('/').filter((part) => part !== '').map(decodeURIComponent);
    const token = url.searchParams.get('token');
    const memberId = token ? tokens.get(token) : undefined;
    if (memberId === undefined || workspaceId !== store.meta().id || docId === undefined) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveDocument(ws, memberId, docId));
  });

  function serveDocument(ws: WebSocket, memberId: string, docId: string): void {
    sockets.add(ws);
    const send = (type: number, payload: Uint8Array): void => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, type);
      encoding.writeUint8Array(encoder, payload);
      if (ws.readyState === ws.OPEN) ws.send(encoding.toUint8Array(encoder));
    };
    const peer: HubPeer = {
      attribution: () => ({ memberId }),
      editRefusal: () => {
        const identity = identityOf(store, memberId);
        return mayEditDocuments(identity) ? null : editRefusal(identity);
      },
      identity: () => identityOf(store, memberId) ?? null,
      deliver: (_docId, message) => send(MESSAGE_SYNC, message),
    };
    try {
      send(MESSAGE_SYNC, hub.withDocument(docId, (doc) => encodeSyncStep1(doc)));
    } catch {
      ws.close(4404, 'no such document');
      sockets.delete(ws);
      return;
    }
    ws.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data);
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      if (type !== MESSAGE_SYNC) return;
      const message = decoding.readTailAsUint8Array(decoder);
      try {
        for (const reply of hub.handleSyncMessage(peer, docId, message)) send(MESSAGE_SYNC, reply);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        refusals.push(reason);
        const encoder = encoding.createEncoder();
        authProtocol.writePermissionDenied(encoder, reason);
        send(MESSAGE_AUTH, encoding.toUint8Array(encoder));
      }
    });
    ws.on('close', () => {
      sockets.delete(ws);
      hub.closeDocument(peer, docId);
    });
  }

  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const actualPort = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${actualPort}`,
    port: actualPort,
    store,
    hub,
    refusals,
    addToken(memberId, given) {
      counter += 1;
      const token = given ?? `test-token-${counter}-${memberId}`;
      tokens.set(token, memberId);
      return token;
    },
    connections: () => sockets.size,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      hub.dispose();
      store.close();
    },
  };
}

function readBody(req: IncomingMessage, then: (body: unknown) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => then(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: unknown): void {
  const code = error instanceof DraftroomError ? error.code : 'internal';
  const status = code === 'forbidden' ? 403 : code === 'conflict' ? 409 : code === 'internal' ? 500 : code === 'not-found' ? 404 : 400;
  sendJson(res, status, { error: { code, message: error instanceof Error ? error.message : String(error) } });
}
