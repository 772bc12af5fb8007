import { DraftroomError, errorText } from '../../../shared/api/errors';

/** PostgreSQL's SQLSTATE of an error thrown by `pg`, or undefined. */
export function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Network error codes that mean the server cannot be reached. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

/**
 * Turns what `pg` threw into a `DraftroomError` about `what`: `unreachable`
 * when PostgreSQL cannot be reached (so the server refuses rather than
 * acknowledges), `conflict` for a unique violation; a DraftroomError passes as is.
 */
export function toPgStoreError(error: unknown, what: string): DraftroomError {
  if (error instanceof DraftroomError) return error;
  const code = pgCode(error);
  const detail = errorText(error);
  if (code !== undefined && UNREACHABLE.has(code)) return new DraftroomError('unreachable', `${what}: PostgreSQL is unreachable (${detail || code})`);
  if (/Connection terminated|connection timeout|Client has encountered a connection error/i.test(detail)) {
    return new DraftroomError('unreachable', `${what}: PostgreSQL is unreachable (${detail})`);
  }
  if (code === '23505') return new DraftroomError('conflict', `${what}: that is already taken (${detail})`);
  return new DraftroomError('internal', `${what}: ${detail}`);
}

/** A connection URL with its password replaced by `***`, for log lines and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
