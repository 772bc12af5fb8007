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

/** Characters no file system accepts in a name, and control characters, become "-"; spaces collapse; ends trimmed. */
function safeName(text: string, max: number): string {
  return text
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, max)
    .trim();
}

/** What a redline shows, for its file name: the pending suggestions, or a comparison of two sides. */
export type RedlineSubject = { readonly kind: 'pending' } | { readonly kind: 'compare'; readonly from: string; readonly to: string };

/**
 * The file name of an exported redline: "<Document title> – <what> –
 * <yyyy-mm-dd>.docx" (or .pdf, .html, .md), where <what> is "pending
 * suggestions" or "<from> → <to>" (the two versions' names), so that two
 * exports of one day get two names; characters no file system accepts are
 * replaced, and an external one says so ("… (external) –"). Without a
 * subject, <what> is "redline".
 */
export function redlineFileName(
  title: string,
  exportedAt: Date,
  format: RedlineFormat = 'docx',
  external = false,
  subject?: RedlineSubject,
): string {
  const day = [exportedAt.getFullYear(), exportedAt.getMonth() + 1, exportedAt.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  const what =
    subject === undefined
      ? 'redline'
      : subject.kind === 'pending'
        ? 'pending suggestions'
        : `${safeName(subject.from, 60) || 'version'} → ${safeName(subject.to, 60) || 'version'}`;
  return `${safeName(title, 120) || 'Untitled'} – ${what}${external ? ' (external)' : ''} – ${day}.${format}`;
}
