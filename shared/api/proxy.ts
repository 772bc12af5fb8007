import type { DraftroomApi } from './contract';
import { DraftroomError, isApiErrorCode } from './errors';
import { API_METHODS } from './validation';
import type { ApiTransport } from './transport';

/**
 * Builds a typed `DraftroomApi` over any transport: each method forwards its
 * arguments and turns an error result into a thrown `DraftroomError`. The
 * methods are those the contract validates (`API_METHODS`).
 */
export function createApiProxy(transport: ApiTransport): DraftroomApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const result = await transport.invoke(method, args);
      if (result.ok) return result.value;
      // A code this build does not know (a host of another version) is still an error, an unexplained one.
      throw new DraftroomError(isApiErrorCode(result.error.code) ? result.error.code : 'internal', String(result.error.message));
    };
  }
  return api as unknown as DraftroomApi;
}
