import type { RedlineFile } from '../../../shared/api/contract';

/** MIME type of a Word document. */
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Hands a file to the user as a download: a Blob behind a temporary
 * `<a download>` link. The browser saves it (or asks where); Electron shows
 * its save dialog. The object URL is released a minute later.
 */
export function downloadFile(file: RedlineFile, type = DOCX_MIME): void {
  const url = URL.createObjectURL(new Blob([file.bytes.slice()], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
