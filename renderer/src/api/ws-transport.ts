import type { ApiEventName, ApiMethod, DraftroomEvents } from '../../../shared/api/contract';
import type { ApiResult } from '../../../shared/api/errors';
import type { ApiEventListener, ApiTransport } from '../../../shared/api/transport';
import { decodeWireMessage, encodeWireMessage, type WireRequest } from '../../../shared/api/wire';
import { signal } from '../base/signal';
import type { ConnectedTransport, ConnectionState } from './connection';

/** Reconnection delays: doubling from `initialDelayMs` up to `maxDelayMs`. */
export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 250, maxDelayMs: 5000 };

/** What an in-flight call resolves to when the connection drops under it (its outcome is unknown). */
const CONNECTION_LOST: ApiResult<unknown> = {
  ok: false,
  error: { code: 'disconnected', message: 'the connection to Draftroom was lost before the call finished' },
};

interface PendingCall {
  readonly request: WireRequest;
  readonly resolve: (result: ApiResult<unknown>) => void;
}

/**
 * The API over a WebSocket to the web host (`shared/api/wire.ts` messages).
 * Calls made while disconnected are queued and sent once connected; a
 * dropped connection is retried with backoff; calls that were in flight when
 * it dropped resolve with an error (their outcome is unknown, the caller
 * decides whether to retry).
 */
export function connectWebSocket(url: string, backoff: BackoffOptions = DEFAULT_BACKOFF): ConnectedTransport {
  const state = signal<ConnectionState>('connecting');
  const listeners = new Set<ApiEventListener>();
  const inFlight = new Map<number, PendingCall>();
  const queue: PendingCall[] = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let delay = backoff.initialDelayMs;

  const send = (call: PendingCall): void => {
    inFlight.set(call.request.id, call);
    socket!.send(encodeWireMessage(call.request));
  };

  const emit = (event: ApiEventName, payload: unknown): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event, payload as DraftroomEvents[typeof event]);
      } catch (error) {
        console.error(`[draftroom] listener for ${event} failed`, error);
      }
    }
  };

  const onMessage = (event: MessageEvent): void => {
    if (typeof event.data !== 'string') return;
    let message;
    try {
      message = decodeWireMessage(event.data);
    } catch (error) {
      console.error('[draftroom] ignored a malformed message from the host', error);
      return;
    }
    if (message.type === 'result') {
      const call = inFlight.get(message.id);
      inFlight.delete(message.id);
      call?.resolve(message.result);
    } else if (message.type === 'event') {
      emit(message.event, message.payload);
    }
  };

  const open = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      delay = backoff.initialDelayMs;
      state.set('online');
      for (const call of queue.splice(0)) send(call);
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      // Mark the state first: a caller that sees its call fail with `disconnected` finds the state offline too.
      state.set(state.get() === 'online' ? 'offline' : state.get());
      for (const call of inFlight.values()) call.resolve(CONNECTION_LOST);
      inFlight.clear();
      const wait = delay;
      delay = Math.min(delay * 2, backoff.maxDelayMs);
      setTimeout(open, wait);
    });
  };

  const transport: ApiTransport = {
    invoke(method: ApiMethod, args: readonly unknown[]) {
      return new Promise<ApiResult<unknown>>((resolve) => {
        const call: PendingCall = { request: { type: 'call', id: nextId++, method, args }, resolve };
        if (socket !== null && socket.readyState === WebSocket.OPEN) send(call);
        else queue.push(call);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  open();
  return { transport, state, kind: 'websocket' };
}
