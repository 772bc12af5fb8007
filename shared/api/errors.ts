/**
 * Error codes that cross the API boundary. A user-facing message can be
 * chosen from the code; `message` carries the specific detail.
 */
export type ApiErrorCode =
  | 'not-found' // no such file
  | 'not-a-workspace' // a file that is not a Draftroom workspace
  | 'corrupt' // a workspace file SQLite cannot read
  | 'newer-schema' // written by a newer Draftroom
  | 'unknown-document'
  | 'unknown-version'
  | 'unknown-member'
  | 'unknown-party'
  | 'unknown-change'
  | 'invalid-argument' // the caller sent something malformed
  | 'unknown-method'
  | 'forbidden' // the identity may not do this
  | 'no-identity' // a call that needs an identity before one was chosen
  | 'conflict' // e.g. a name already taken
  | 'unreachable' // a team server could not be reached
  | 'internal';

/** All error codes (for validation of wire messages). */
export const API_ERROR_CODES: readonly ApiErrorCode[] = [
  'not-found',
  'not-a-workspace',
  'corrupt',
  'newer-schema',
  'unknown-document',
  'unknown-version',
  'unknown-member',
  'unknown-party',
  'unknown-change',
  'invalid-argument',
  'unknown-method',
  'forbidden',
  'no-identity',
  'conflict',
  'unreachable',
  'internal',
];

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
