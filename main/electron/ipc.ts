import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ELECTRON_CHANNELS, type ApiEventName, type DraftroomEvents } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import type { ApiSession } from '../services/api-session';
import { dispatchApiCall } from '../services/dispatch';
import { RENDERER_HOST, RENDERER_SCHEME } from './renderer-protocol';

/**
 * Routes the preload's calls to the API session of the window that sent
 * them, through the same dispatcher as every transport. A call from any
 * other frame (a subframe, a page not served by the app, a window without a
 * session) is refused.
 */
export function registerApiIpc(sessionFor: (sender: WebContents) => ApiSession | undefined): void {
  ipcMain.handle(
    ELECTRON_CHANNELS.invoke,
    async (event: IpcMainInvokeEvent, method: unknown, args: unknown): Promise<ApiResult<unknown>> => {
      const session = trustedSender(event) ? sessionFor(event.sender) : undefined;
      if (session === undefined) {
        return { ok: false, error: { code: 'forbidden', message: 'this frame may not call the Draftroom API' } };
      }
      return dispatchApiCall(session, method, args);
    },
  );
}

/** Pushes an event to a window's renderer (dropped if the window is gone). */
export function sendApiEvent<E extends ApiEventName>(contents: WebContents, event: E, payload: DraftroomEvents[E]): void {
  if (!contents.isDestroyed()) contents.send(ELECTRON_CHANNELS.event, event, payload);
}

/** The sender must be the top frame of its window, showing the app's own page. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  return isRendererUrl(frame.url);
}

/**
 * Whether a URL is one of the app's pages. (Node's URL gives custom schemes
 * an opaque origin, so scheme and host are compared, not `origin`.)
 */
export function isRendererUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${RENDERER_SCHEME}:` && parsed.host === RENDERER_HOST;
  } catch {
    return false;
  }
}
