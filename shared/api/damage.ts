import type { ApiErrorPayload } from './errors';

/**
 * The sentence a `corrupt` error ends with when the damaged document's last
 * intact state (everything before the first damaged stored edit) can still
 * be opened read-only. Main writes it; the CLI and the app look for it to
 * offer that state.
 */
export const INTACT_STATE_OFFER = 'Its last intact state, before that edit, can be opened read-only.';

/** Whether an error reports a damaged document whose last intact state can be opened read-only. */
export function offersIntactState(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as Partial<ApiErrorPayload>;
  return code === 'corrupt' && typeof message === 'string' && message.includes(INTACT_STATE_OFFER);
}
