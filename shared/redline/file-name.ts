/**
 * The file name of an exported redline: "<Document title> – redline –
 * <yyyy-mm-dd>.docx", with characters no file system accepts replaced.
 */
export function redlineFileName(title: string, exportedAt: Date): string {
  const safe = title
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 120);
  const day = [exportedAt.getFullYear(), exportedAt.getMonth() + 1, exportedAt.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${safe || 'Untitled'} – redline – ${day}.docx`;
}
