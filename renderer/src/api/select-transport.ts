import type { ApiTransport } from '../../../shared/api/transport';
import { alwaysOnline, type ConnectedTransport } from './connection';
import { connectWebSocket } from './ws-transport';

declare global {
  interface Window {
    /** Set by Electron's preload: the API transport over IPC. Absent in a plain browser. */
    readonly draftroomBridge?: ApiTransport;
  }
}

/**
 * The transport the renderer talks to main through: Electron's preload bridge
 * when present, otherwise a WebSocket to the web host that served the page.
 * Nothing else in the renderer knows which one it got.
 */
export function selectTransport(): ConnectedTransport {
  const bridge = window.draftroomBridge;
  if (bridge) return alwaysOnline(bridge);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return connectWebSocket(`${scheme}://${location.host}/api`);
}
