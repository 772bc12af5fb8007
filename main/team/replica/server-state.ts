import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { DraftroomError } from '../../../shared/api/errors';
import { listClauses } from '../../../shared/schema/clauses';
import { readProseMirrorDoc } from '../../../shared/ydoc/layout';

/** Where one document lives on a team server. */
export interface DocumentAddress {
  readonly serverUrl: string;
  readonly workspaceId: string;
  readonly docId: string;
  readonly token: string;
}

/** The options every replica provider is made with (Node's `ws`, the token, no BroadcastChannel). */
export function providerOptions(token: string, connect: boolean): ConstructorParameters<typeof WebsocketProvider>[3] {
  return {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    connect,
  };
}

/** The room of a document, as y-websocket appends it to the server URL: `<workspaceId>/<documentId>`. */
export function roomOf(address: Pick<DocumentAddress, 'workspaceId' | 'docId'>): string {
  return `${encodeURIComponent(address.workspaceId)}/${encodeURIComponent(address.docId)}`;
}

/**
 * Reads a document's whole state from the team server with a fresh, empty
 * Y.Doc (so nothing local is sent): connects, waits for the server's sync
 * step 2, and disconnects. `unreachable` after `timeoutMs`.
 */
export async function fetchServerState(address: DocumentAddress, timeoutMs = 10_000): Promise<Uint8Array> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(address.serverUrl, roomOf(address), doc, providerOptions(address.token, false));
  provider.awareness.setLocalState(null);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new DraftroomError('unreachable', `the team server at ${address.serverUrl} did not send document ${address.docId} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      provider.on('sync', (synced: boolean) => {
        if (!synced) return;
        clearTimeout(timer);
        resolve();
      });
      provider.connect();
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

/**
 * The text a replica had that the server does not: each clause of `local`
 * that the server's state lacks or has with other text, as
 * "Point N. Heading — text" lines, for the user to copy. Empty if only
 * records or comments differ.
 */
export function setAsidePreview(local: Y.Doc, server: Y.Doc): string {
  let serverClauses: Map<string, string>;
  try {
    serverClauses = new Map(listClauses(readProseMirrorDoc(server)).map((c) => [c.id, `${c.heading}\n${c.text}`]));
  } catch {
    serverClauses = new Map();
  }
  const lines: string[] = [];
  for (const clause of listClauses(readProseMirrorDoc(local))) {
    if (serverClauses.get(clause.id) === `${clause.heading}\n${clause.text}`) continue;
    const heading = clause.heading === '' ? '' : `${clause.heading} — `;
    lines.push(`Point ${clause.number}. ${heading}${clause.text}`);
  }
  return lines.join('\n');
}
