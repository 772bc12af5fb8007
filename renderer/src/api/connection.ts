import type { ApiTransport } from '../../../shared/api/transport';
import { signal, type ReadonlySignal } from '../base/signal';

/**
 * Whether the renderer can reach main: `online`, `connecting` (first
 * connection, or trying again after a drop) or `offline` (dropped; calls are
 * queued until the connection is back).
 */
export type ConnectionState = 'online' | 'connecting' | 'offline';

/** A transport plus what the renderer knows about its connection. */
export interface ConnectedTransport {
  readonly transport: ApiTransport;
  readonly state: ReadonlySignal<ConnectionState>;
  /** Which kind of transport this is (for the status bar's tooltip). */
  readonly kind: 'electron' | 'websocket';
}

/** An in-process transport (Electron's preload bridge) is always online. */
export function alwaysOnline(transport: ApiTransport): ConnectedTransport {
  return { transport, state: signal<ConnectionState>('online'), kind: 'electron' };
}
