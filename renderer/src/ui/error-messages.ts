import { DraftroomError, errorText, type ApiErrorCode } from '../../../shared/api/errors';

function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * What to tell the user when a workspace file cannot be opened, by error
 * code. Always says that the file was left as it was.
 */
export function openWorkspaceMessage(path: string, error: unknown): string {
  const name = `“${fileName(path)}”`;
  if (!(error instanceof DraftroomError)) return `Could not open ${name}: ${String(error)}`;
  switch (error.code) {
    case 'not-found':
      return `There is no file at ${path}. Check the path and try again.`;
    case 'not-a-workspace':
      return `${name} is not a Draftroom workspace. Nothing was changed; choose a .draftroom file.`;
    case 'corrupt':
      return `${name} is damaged and cannot be read. It was left untouched; restore it from a backup or ask its owner for a fresh copy.`;
    case 'newer-schema':
      return `${name} was saved by a newer version of Draftroom. Update Draftroom to open it; the file was not changed.`;
    case 'invalid-argument':
      return `That is not a usable path: ${error.message}`;
    default:
      return `Could not open ${name}: ${error.message}`;
  }
}

/**
 * What each error code means, said to the person at the keyboard: what
 * happened and, where there is one, what to do. Every code has one (the
 * compiler holds the table to `API_ERROR_CODES`).
 */
export const ERROR_CODE_MESSAGES: Readonly<Record<ApiErrorCode, string>> = {
  'not-found': 'The file or folder was not found.',
  'not-a-workspace': 'That file is not a Draftroom workspace.',
  corrupt: 'The workspace file is damaged and cannot be read; it was left as it was.',
  'newer-schema': 'The workspace was saved by a newer version of Draftroom; update Draftroom to open it.',
  'unknown-document': 'That document is not in this workspace (it may have been removed).',
  'unknown-version': 'That named version is not in this document.',
  'unknown-member': 'That member is not in this workspace.',
  'unknown-party': 'That party is not in this workspace.',
  'unknown-change': 'That change is no longer in the document.',
  'invalid-argument': 'Draftroom could not use what was entered.',
  'unknown-method': 'This window does not match the running Draftroom; reload the window.',
  forbidden: 'Your role in this workspace does not allow this.',
  'no-identity': 'Choose who you are first (in the status bar).',
  conflict: 'That clashes with something that exists already.',
  unreachable: 'The team server cannot be reached right now; your work is kept here and sent when it is back.',
  disconnected: 'The connection to Draftroom was lost before this finished; it reconnects by itself. Check that your last step took effect.',
  internal: 'Something went wrong inside Draftroom.',
};

/**
 * A description of any error for banners, dialogs and hints: what its code
 * means (`ERROR_CODE_MESSAGES`), then main's detail ("Details: …") when it
 * says more. An error without a code is described as `internal`.
 */
export function describeError(error: unknown): string {
  const code: ApiErrorCode = error instanceof DraftroomError ? error.code : 'internal';
  const meaning = ERROR_CODE_MESSAGES[code];
  const detail = errorText(error).trim();
  if (detail === '' || code === 'disconnected') return meaning;
  return `${meaning} Details: ${detail}${/[.!?)]$/.test(detail) ? '' : '.'}`;
}
