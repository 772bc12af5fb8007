import { decodeWireMessage, encodeWireMessage } from '../../shared/api/wire';
import type { DraftroomApi } from '../../shared/api/contract';
import { dispatchApiCall } from '../services/dispatch';
import { errorText } from '../../shared/api/errors';

/**
 * Handles one text frame of an API WebSocket: a `call` is dispatched and
 * answered with a `result` of the same id. A frame that is not a valid wire
 * message is answered with an `invalid-argument` result if a numeric call id
 * can be read from it, and dropped otherwise (so are binary frames, `null`,
 * and messages other than calls). Never throws.
 */
export async function handleWireFrame(
  session: DraftroomApi,
  text: string | null,
  send: (text: string) => void,
): Promise<void> {
  if (text === null) return;
  try {
    let message;
    try {
      message = decodeWireMessage(text);
    } catch (error) {
      const id = readCallId(text);
      if (id !== undefined) {
        const detail = errorText(error);
        send(
          encodeWireMessage({
            type: 'result',
            id,
            result: { ok: false, error: { code: 'invalid-argument', message: `malformed wire message: ${detail}` } },
          }),
        );
      }
      return;
    }
    if (message.type !== 'call') return;
    const result = await dispatchApiCall(session, message.method, message.args);
    send(encodeWireMessage({ type: 'result', id: message.id, result }));
  } catch (error) {
    console.error('draftroom web host: could not answer a frame:', error);
  }
}

function readCallId(text: string): number | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') return undefined;
    const id = (value as { id?: unknown }).id;
    return typeof id === 'number' && Number.isFinite(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
