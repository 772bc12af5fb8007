import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_EVENTS, ELECTRON_CHANNELS, type ApiEventName, type DraftroomEvents } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import type { ApiEventListener, ApiTransport } from '../../shared/api/transport';

/**
 * The preload exposes exactly one object to the renderer,
 * `window.draftroomBridge`, an `ApiTransport`: `invoke(method, args)` and
 * `subscribe(listener)`. No raw `ipcRenderer`, no Node: main validates
 * every call it receives.
 */
const EVENTS: ReadonlySet<string> = new Set(API_EVENTS);

const bridge: ApiTransport = {
  invoke: (method, args) =>
    ipcRenderer.invoke(ELECTRON_CHANNELS.invoke, method, [...args]) as Promise<ApiResult<unknown>>,
  subscribe: (listener: ApiEventListener) => {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string' && EVENTS.has(name)) {
        listener(name as ApiEventName, payload as DraftroomEvents[ApiEventName]);
      }
    };
    ipcRenderer.on(ELECTRON_CHANNELS.event, handler);
    return () => {
      ipcRenderer.removeListener(ELECTRON_CHANNELS.event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('draftroomBridge', bridge);
