/** The file formats a redline is written in. */
export type RedlineFormat = 'docx' | 'pdf' | 'html' | 'md';

/** All redline formats. */
export const REDLINE_FORMATS: readonly RedlineFormat[] = ['docx', 'pdf', 'html', 'md'];

/** Paper sizes of the PDF. */
export type PaperSize = 'a4' | 'letter';

/** All paper sizes. */
export const PAPER_SIZES: readonly PaperSize[] = ['a4', 'letter'];

/** The format a file name's extension stands for (".markdown" too), or undefined. */
export function formatOfFileName(name: string): RedlineFormat | undefined {
  const match = /\.([a-z]+)$/i.exec(name);
  const ext = match?.[1]?.toLowerCase();
  if (ext === 'markdown') return 'md';
  if (ext === 'htm') return 'html';
  return REDLINE_FORMATS.find((f) => f === ext);
}

/** MIME type of a format (for downloads). */
export function formatMimeType(format: RedlineFormat): string {
  const types: Record<RedlineFormat, string> = {
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    pdf: 'application/pdf',
    html: 'text/html;charset=utf-8',
    md: 'text/markdown;charset=utf-8',
  };
  return types[format];
}

/**
 * The file name of an exported redline: "<Document title> – redline –
 * <yyyy-mm-dd>.docx" (or .pdf, .html, .md), with characters no file system
 * accepts replaced; an external one says so ("– redline (external) –").
 */
export function redlineFileName(title: string, exportedAt: Date, format: RedlineFormat = 'docx', external = false): string {
  const safe = title
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 120);
  const day = [exportedAt.getFullYear(), exportedAt.getMonth() + 1, exportedAt.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${safe || 'Untitled'} – redline${external ? ' (external)' : ''} – ${day}.${format}`;
}
