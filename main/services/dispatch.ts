import type { ApiMethod, DraftroomApi } from '../../shared/api/contract';
import { toErrorPayload, type ApiResult } from '../../shared/api/errors';
import { API_METHODS, parseApiArguments } from '../../shared/api/validation';

const METHODS: ReadonlySet<string> = new Set(API_METHODS);

/** Whether a value names a method of the API contract (and nothing else, not even `constructor`). */
export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && METHODS.has(method);
}

/**
 * The one entry point every transport uses (Electron IPC, WebSocket): checks
 * the method against the contract (`unknown-method`), validates the arguments
 * with the contract's schemas (`invalid-argument`), runs the call and turns
 * anything thrown into an error result. Never rejects, so a malformed call
 * can never crash main.
 */
export async function dispatchApiCall(session: DraftroomApi, method: unknown, args: unknown): Promise<ApiResult<unknown>> {
  try {
    if (!isApiMethod(method)) {
      return { ok: false, error: { code: 'unknown-method', message: `unknown API method: ${describeMethod(method)}` } };
    }
    const parsed = parseApiArguments(method, args);
    if (!parsed.ok) return { ok: false, error: { code: 'invalid-argument', message: parsed.message } };
    const call = session[method] as (...callArgs: unknown[]) => Promise<unknown>;
    const value = await call.apply(session, parsed.args);
    return { ok: true, value };
  } catch (error) {
    const payload = toErrorPayload(error);
    if (payload.code === 'internal') console.error(`draftroom: ${describeMethod(method)} failed:`, error);
    return { ok: false, error: payload };
  }
}

function describeMethod(method: unknown): string {
  if (typeof method !== 'string') return `(${method === null ? 'null' : typeof method})`;
  return method.length > 60 ? `${JSON.stringify(method.slice(0, 60))}…` : JSON.stringify(method);
}
