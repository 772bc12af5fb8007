/**
 * A Node WebSocket client for the web host: an `ApiTransport` over the
 * `shared/api/wire.ts` messages, like the browser's, for tests.
 */
import { WebSocket } from 'ws';
import type { ApiEventName, ApiMethod, DraftroomEvents } from '../../../shared/api/contract';
import type { ApiResult } from '../../../shared/api/errors';
import type { ApiEventListener, ApiTransport } from '../../../shared/api/transport';
import { decodeWireMessage, encodeWireMessage } from '../../../shared/api/wire';

/** A connected transport plus what tests need to poke at the socket. */
export interface WsTestTransport extends ApiTransport {
  readonly socket: WebSocket;
  /** Events received so far, in order. */
  readonly events: { event: ApiEventName; payload: unknown }[];
  /** Sends a raw text frame (for malformed input). */
  sendRaw(text: string | Buffer, binary?: boolean): void;
  /** Waits for the result of a raw frame with this call id. */
  waitForResult(id: number): Promise<ApiResult<unknown>>;
  close(): Promise<void>;
}

/**
 * Connects to `ws://127.0.0.1:<port>/api` with the Origin header a page of
 * that host sends (the host refuses sockets without one), another Origin
 * if given, or none at all with `null`.
 */
export async function connectWsTransport(url: string, origin?: string | null): Promise<WsTestTransport> {
  const sent = origin === undefined ? ownOrigin(url) : origin;
  const socket = new WebSocket(url, sent === null ? {} : { origin: sent });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, (result: ApiResult<unknown>) => void>();
  const listeners = new Set<ApiEventListener>();
  const events: { event: ApiEventName; payload: unknown }[] = [];
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

  socket.on('message', (data: Buffer) => {
    const message = decodeWireMessage(data.toString('utf8'));
    if (message.type === 'result') {
      waiting.get(message.id)?.(message.result);
      waiting.delete(message.id);
    } else if (message.type === 'event') {
      events.push({ event: message.event, payload: message.payload });
      for (const listener of listeners) listener(message.event, message.payload as DraftroomEvents[ApiEventName]);
    }
  });

  const waitForResult = (id: number): Promise<ApiResult<unknown>> =>
    new Promise((resolve) => waiting.set(id, resolve));

  return {
    socket,
    events,
    invoke(method: ApiMethod, args: readonly unknown[]): Promise<ApiResult<unknown>> {
      const id = nextId++;
      const result = waitForResult(id);
      socket.send(encodeWireMessage({ type: 'call', id, method, args }));
      return result;
    },
    subscribe(listener: ApiEventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sendRaw(text: string | Buffer, binary = false): void {
      socket.send(text, { binary });
    },
    waitForResult,
    async close(): Promise<void> {
      socket.close();
      await closed;
    },
  };
}

/** `http://<host>:<port>` of a `ws://` URL: the Origin of the host's own pages. */
function ownOrigin(url: string): string {
  const parsed = new URL(url);
  return `http://${parsed.host}`;
}
