import { DraftroomError, errorText } from '../../../shared/api/errors';

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

/** A one-line description of any error for banners and the status bar. */
export function describeError(error: unknown): string {
  if (error instanceof DraftroomError) return error.message;
  return errorText(error);
}
