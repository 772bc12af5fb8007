import { DraftroomError, errorText } from '../../shared/api/errors';

/** A message box's text for a workspace file that cannot be opened. */
export interface OpenFailure {
  readonly message: string;
  readonly detail: string;
}

/** Explains, for a person, why a workspace file was not opened (and that it was left as it was). */
export function describeOpenFailure(path: string, error: unknown): OpenFailure {
  const untouched = 'The file was not changed.';
  if (error instanceof DraftroomError) {
    switch (error.code) {
      case 'not-found':
        return { message: 'Draftroom cannot find this file.', detail: `${path}\n\nIt may have been moved or deleted.` };
      case 'not-a-workspace':
        return {
          message: 'This file is not a Draftroom workspace.',
          detail: `${path}\n\nChoose a .draftroom file. ${untouched}`,
        };
      case 'corrupt':
        return {
          message: 'This workspace file is damaged and cannot be read.',
          detail: `${path}\n\n${error.message}\n\n${untouched}`,
        };
      case 'newer-schema':
        return {
          message: 'This workspace was saved by a newer version of Draftroom.',
          detail: `${path}\n\nUpdate Draftroom to open it. ${untouched}`,
        };
      default:
        return { message: 'Draftroom could not open this workspace.', detail: `${path}\n\n${error.message}` };
    }
  }
  const text = errorText(error);
  return { message: 'Draftroom could not open this workspace.', detail: `${path}\n\n${text}` };
}
