/**
 * Error codes that cross the API boundary, the one list (the type is derived
 * from it). A user-facing message is chosen from the code (every code has
 * one: `renderer/src/ui/error-messages.ts`); `message` carries the detail.
 */
export const API_ERROR_CODES = [
  'not-found', // no such file
  'not-a-workspace', // a file that is not a Draftroom workspace
  'corrupt', // a workspace file SQLite cannot read
  'newer-schema', // written by a newer Draftroom
  'unknown-document',
  'unknown-version',
  'unknown-member',
  'unknown-party',
  'unknown-change',
  'invalid-argument', // the caller sent something malformed
  'unknown-method',
  'forbidden', // the identity may not do this
  'no-identity', // a call that needs an identity before one was chosen
  'conflict', // e.g. a name already taken
  'unreachable', // a team server could not be reached
  'disconnected', // the renderer's connection to main dropped before the call was answered (outcome unknown)
  'internal',
] as const;

/** One of `API_ERROR_CODES`. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const ERROR_CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);

/** Whether a value received from elsewhere is an error code of this build. */
export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && ERROR_CODES.has(code);
}

/** An error with a code, thrown by main's services and re-thrown by the renderer's proxy. */
export class DraftroomError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'DraftroomError';
    this.code = code;
  }
}

/** The serialisable shape of an error on the wire. */
export interface ApiErrorPayload {
  readonly code: ApiErrorCode;
  readonly message: string;
}

/** What every API call returns across a transport. */
export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiErrorPayload };

/** The text of anything thrown: an Error's message, anything else as a string. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Turns anything thrown into a wire error; unknown errors become `internal`. */
export function toErrorPayload(error: unknown): ApiErrorPayload {
  if (error instanceof DraftroomError) return { code: error.code, message: error.message };
  return { code: 'internal', message: errorText(error) };
}
