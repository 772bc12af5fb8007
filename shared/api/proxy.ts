import { API_METHODS, type DraftroomApi } from './contract';
import { DraftroomError } from './errors';
import type { ApiTransport } from './transport';

/**
 * Builds a typed `DraftroomApi` over any transport: each method forwards its
 * arguments and turns an error result into a thrown `DraftroomError`.
 */
export function createApiProxy(transport: ApiTransport): DraftroomApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const result = await transport.invoke(method, args);
      if (result.ok) return result.value;
      throw new DraftroomError(result.error.code, result.error.message);
    };
  }
  return api as unknown as DraftroomApi;
}
