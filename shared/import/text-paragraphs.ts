import type { ImportParagraph } from './clauses-from-paragraphs';

/**
 * The paragraphs of a plain-text or Markdown proposal. Plain text: every
 * non-empty line is a paragraph. Markdown: "#" lines are headings, list
 * markers and emphasis are read as text, and a redline written by
 * Draftroom reads back both ways — `~~deleted~~` text is in `before` only,
 * `**inserted**` text in `after` only; its quoted comment lines, tables
 * and the change summary after "## Change summary" are left out.
 */

/** Lines of a text file (any line ending). */
function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** Plain text: one paragraph per non-empty line. */
export function plainTextParagraphs(text: string): ImportParagraph[] {
  return linesOf(text)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => ({ before: line, after: line }));
}

const ESCAPED = /\\([\\`*_~[\]<>#|+\-.!()])/g;

function unescape(text: string): string {
  return text.replace(ESCAPED, '$1');
}

/** The two readings of a Markdown line: struck text only before, bold text only after (escapes kept apart). */
function readings(line: string): { before: string; after: string } {
  // Protect escaped characters while the markers are read.
  const escapes: string[] = [];
  const safe = line.replace(ESCAPED, (match) => {
    escapes.push(match);
    return `\u0000${escapes.length - 1}\u0000`;
  });
  const restore = (text: string): string => unescape(text.replace(/\u0000(\d+)\u0000/g, (_, i: string) => escapes[Number(i)]!));
  const strip = (text: string): string => text.replace(/<\/?(ins|del)>/g, '').replace(/(^|[^\w])_([^_]+)_(?=[^\w]|$)/g, '$1$2');
  const before = safe.replace(/\*\*([\s\S]*?)\*\*/g, '').replace(/<ins>[\s\S]*?<\/ins>/g, '').replace(/~~([\s\S]*?)~~/g, '$1');
  const after = safe.replace(/~~([\s\S]*?)~~/g, '').replace(/<del>[\s\S]*?<\/del>/g, '').replace(/\*\*([\s\S]*?)\*\*/g, '$1');
  return { before: restore(strip(before)).trim(), after: restore(strip(after)).trim() };
}

/** Markdown: headings, paragraphs and list items (a numbered list item keeps its typed number). */
export function markdownParagraphs(text: string): ImportParagraph[] {
  const out: ImportParagraph[] = [];
  for (const raw of linesOf(text)) {
    const line = raw.trim();
    if (/^##\s+Change summary\s*$/i.test(line)) break;
    if (line === '' || line.startsWith('>') || line.startsWith('|') || /^(-{3,}|\*{3,}|_{3,})$/.test(line)) continue;
    const heading = /^#{1,6}\s+/.exec(line);
    const body = heading ? line.slice(heading[0].length) : line.replace(/^[-*+]\s+/, '');
    const both = readings(body);
    if (both.before === '' && both.after === '') continue;
    out.push({ ...both, ...(heading ? { heading: true } : {}) });
  }
  return out;
}
