import { DraftroomError } from '../../shared/api/errors';

/** Longest name, title, code or id the store accepts. */
export const MAX_NAME_LENGTH = 500;

/** A trimmed, non-empty string of at most `max` characters, or an `invalid-argument` error naming `what`. */
export function requireText(value: unknown, what: string, max: number = MAX_NAME_LENGTH): string {
  if (typeof value !== 'string') throw new DraftroomError('invalid-argument', `${what} must be text.`);
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new DraftroomError('invalid-argument', `${what} must not be empty.`);
  if (trimmed.length > max) throw new DraftroomError('invalid-argument', `${what} is too long (at most ${max} characters).`);
  return trimmed;
}

/** Any string (possibly empty) of at most `max` characters. */
export function requireString(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string') throw new DraftroomError('invalid-argument', `${what} must be text.`);
  if (value.length > max) throw new DraftroomError('invalid-argument', `${what} is too long (at most ${max} characters).`);
  return value;
}

/** An ISO 8601 time (returned normalised), or now when absent. */
export function requireTime(value: unknown, what: string): string {
  if (value === undefined || value === null) return new Date().toISOString();
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new DraftroomError('invalid-argument', `${what} must be an ISO 8601 time.`);
  }
  return new Date(value).toISOString();
}

/** A non-empty byte array. */
export function requireBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new DraftroomError('invalid-argument', `${what} must be bytes (Uint8Array).`);
  if (value.length === 0) throw new DraftroomError('invalid-argument', `${what} must not be empty.`);
  return value;
}

/** An optional id reference: undefined/null → null, otherwise a non-empty string. */
export function optionalId(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  return requireText(value, what);
}

/** Case-insensitive comparison key (Unicode-aware, unlike SQLite's NOCASE). */
export function foldCase(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('und');
}
