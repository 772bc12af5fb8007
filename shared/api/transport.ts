import type { ApiEventName, ApiMethod, DraftroomEvents } from './contract';
import type { ApiResult } from './errors';

/** A listener for events pushed by main. */
export type ApiEventListener = <E extends ApiEventName>(event: E, payload: DraftroomEvents[E]) => void;

/**
 * The only thing a transport must do: carry a call to main and its result
 * back, and deliver events. Electron's preload and the WebSocket client both
 * implement it; the renderer never knows which one it has.
 */
export interface ApiTransport {
  invoke(method: ApiMethod, args: readonly unknown[]): Promise<ApiResult<unknown>>;
  /** Subscribe to every event; returns the unsubscribe function. */
  subscribe(listener: ApiEventListener): () => void;
}
