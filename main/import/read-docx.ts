import JSZip from 'jszip';
import { xml2js, type Element } from 'xml-js';
import { DraftroomError } from '../../shared/api/errors';
import type { ImportParagraph, ImportRevision } from '../../shared/import/clauses-from-paragraphs';

/**
 * Reads a Word document (.docx) for an import: its ZIP parts with jszip and
 * their XML with xml-js (a real parser: elements in document order, never
 * a regular expression over XML). Every body paragraph comes out with both
 * readings — Word's tracked insertions (`w:ins`, `w:moveTo`) only in
 * `after`, deletions (`w:del`, `w:moveFrom`) only in `before` — with the
 * revisions' authors, its automatic numbering (`w:numPr` on the paragraph
 * or its style), whether its style is a heading, and the comments anchored
 * in it. Paragraphs in tables are not read; title, byline and summary
 * paragraphs of a redline Draftroom wrote are left out.
 */

/** A Word comment. */
export interface DocxComment {
  readonly id: string;
  readonly author: string;
  /** ISO time, '' when the file gives none. */
  readonly date: string;
  readonly text: string;
}

/** What a .docx holds for an import. */
export interface DocxContent {
  readonly paragraphs: readonly ImportParagraph[];
  readonly comments: readonly DocxComment[];
}

/** Styles whose paragraphs are no clause text: a title, a byline, and what Draftroom writes around its redlines. */
const FURNITURE_STYLE_NAMES = /^(title|subtitle|redline title|redline byline|redline note|summary heading|summary table)$/i;

function children(element: Element | undefined, name?: string): Element[] {
  return (element?.elements ?? []).filter((e) => e.type === 'element' && (name === undefined || e.name === name));
}

function child(element: Element | undefined, name: string): Element | undefined {
  return children(element, name)[0];
}

function attribute(element: Element | undefined, name: string): string | undefined {
  const value = element?.attributes?.[name];
  return value === undefined ? undefined : String(value);
}

function parse(xml: string, part: string): Element {
  try {
    return xml2js(xml, { compact: false, captureSpacesBetweenElements: false, trim: false }) as Element;
  } catch (error) {
    throw new DraftroomError('invalid-argument', `the .docx is damaged: ${part} is not well-formed XML (${String(error).split('\n')[0]})`);
  }
}

/** A style's facts: name, numbering and what it is based on. */
interface StyleInfo {
  readonly name: string;
  readonly numbered: boolean;
  readonly basedOn?: string;
  readonly outline: boolean;
}

function readStyles(root: Element | undefined): Map<string, StyleInfo> {
  const styles = new Map<string, StyleInfo>();
  for (const style of children(child(root, 'w:styles'), 'w:style')) {
    const id = attribute(style, 'w:styleId');
    if (id === undefined) continue;
    const pPr = child(style, 'w:pPr');
    const basedOn = attribute(child(style, 'w:basedOn'), 'w:val');
    styles.set(id, {
      name: attribute(child(style, 'w:name'), 'w:val') ?? id,
      numbered: child(pPr, 'w:numPr') !== undefined && attribute(child(child(pPr, 'w:numPr'), 'w:numId'), 'w:val') !== '0',
      outline: child(pPr, 'w:outlineLvl') !== undefined,
      ...(basedOn !== undefined ? { basedOn } : {}),
    });
  }
  return styles;
}

function styleChain(styles: ReadonlyMap<string, StyleInfo>, id: string | undefined): StyleInfo[] {
  const chain: StyleInfo[] = [];
  const seen = new Set<string>();
  let at = id;
  while (at !== undefined && !seen.has(at)) {
    seen.add(at);
    const style = styles.get(at);
    if (!style) break;
    chain.push(style);
    at = style.basedOn;
  }
  return chain;
}

/** Collects a paragraph's two readings while walking its runs. */
class ParagraphText {
  before = '';
  after = '';
  readonly revisions: ImportRevision[] = [];
  readonly commentIds: string[] = [];

  add(text: string, revision: { type: 'insertion' | 'deletion'; author: string } | null): void {
    if (text === '') return;
    if (revision?.type !== 'insertion') this.before += text;
    if (revision?.type !== 'deletion') this.after += text;
    if (revision) {
      const last = this.revisions[this.revisions.length - 1];
      if (last && last.type === revision.type && last.author === revision.author) this.revisions[this.revisions.length - 1] = { ...last, text: last.text + text };
      else this.revisions.push({ ...revision, text });
    }
  }
}

function walkRuns(element: Element, out: ParagraphText, revision: { type: 'insertion' | 'deletion'; author: string } | null): void {
  for (const node of children(element)) {
    switch (node.name) {
      case 'w:t':
      case 'w:delText':
        out.add(children(node).length === 0 ? textOf(node) : '', revision);
        break;
      case 'w:tab':
        out.add(' ', revision);
        break;
      case 'w:br':
      case 'w:cr':
        out.add(' ', revision);
        break;
      case 'w:ins':
      case 'w:moveTo':
        walkRuns(node, out, { type: 'insertion', author: attribute(node, 'w:author') ?? '' });
        break;
      case 'w:del':
      case 'w:moveFrom':
        walkRuns(node, out, { type: 'deletion', author: attribute(node, 'w:author') ?? '' });
        break;
      case 'w:commentRangeStart':
      case 'w:commentReference': {
        const id = attribute(node, 'w:id');
        if (id !== undefined && !out.commentIds.includes(id)) out.commentIds.push(id);
        break;
      }
      case 'w:pPr':
      case 'w:rPr':
        break;
      default:
        // Runs, hyperlinks, smart tags, content controls, simple fields: their text counts.
        walkRuns(node, out, revision);
    }
  }
}

function textOf(element: Element): string {
  return (element.elements ?? []).map((e) => (e.type === 'text' ? String(e.text ?? '') : '')).join('');
}

function readParagraph(p: Element, styles: ReadonlyMap<string, StyleInfo>): ImportParagraph | null {
  const pPr = child(p, 'w:pPr');
  const chain = styleChain(styles, attribute(child(pPr, 'w:pStyle'), 'w:val'));
  if (chain.some((s) => FURNITURE_STYLE_NAMES.test(s.name))) return null;
  const numPr = child(pPr, 'w:numPr');
  const numId = attribute(child(numPr, 'w:numId'), 'w:val');
  const level = Number(attribute(child(numPr, 'w:ilvl'), 'w:val') ?? '0');
  const numbered = numPr !== undefined ? numId !== '0' : chain.some((s) => s.numbered);
  const heading = chain.some((s) => /^heading\s*\d/i.test(s.name) || s.outline) || child(pPr, 'w:outlineLvl') !== undefined;
  const text = new ParagraphText();
  walkRuns(p, text, null);
  return {
    before: text.before,
    after: text.after,
    ...(numbered ? { numbered: { level: Number.isFinite(level) ? level : 0 } } : {}),
    ...(heading ? { heading: true } : {}),
    ...(text.revisions.length > 0 ? { revisions: text.revisions } : {}),
    ...(text.commentIds.length > 0 ? { commentIds: text.commentIds } : {}),
  };
}

function readComments(root: Element | undefined): DocxComment[] {
  return children(child(root, 'w:comments'), 'w:comment').map((comment) => {
    const paragraphs = children(comment, 'w:p').map((p) => {
      const text = new ParagraphText();
      walkRuns(p, text, null);
      return text.after.trim();
    });
    return {
      id: attribute(comment, 'w:id') ?? '',
      author: attribute(comment, 'w:author') ?? '',
      date: attribute(comment, 'w:date') ?? '',
      text: paragraphs.filter((t) => t !== '').join('\n'),
    };
  });
}

/** The start of an OLE compound file: an encrypted .docx (or an old binary .doc). */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads a .docx. Fails with `invalid-argument` and one clear line for a
 * file that is encrypted (or an old .doc), not a ZIP, or has no Word body.
 */
export async function readDocx(bytes: Uint8Array): Promise<DocxContent> {
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new DraftroomError('invalid-argument', 'the file is encrypted or an old Word 97–2003 .doc; save it as an unprotected .docx and import that');
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new DraftroomError('invalid-argument', 'the file is not a Word document (.docx): it is not a ZIP archive');
  }
  const documentXml = await zip.file('word/document.xml')?.async('string');
  if (documentXml === undefined) throw new DraftroomError('invalid-argument', 'the file is not a Word document (.docx): it has no word/document.xml');
  const stylesXml = await zip.file('word/styles.xml')?.async('string');
  const commentsXml = await zip.file('word/comments.xml')?.async('string');
  const styles = readStyles(stylesXml !== undefined ? parse(stylesXml, 'word/styles.xml') : undefined);
  const body = child(child(parse(documentXml, 'word/document.xml'), 'w:document'), 'w:body');
  if (!body) throw new DraftroomError('invalid-argument', 'the .docx is damaged: word/document.xml has no body');
  const paragraphs: ImportParagraph[] = [];
  for (const element of children(body)) {
    if (element.name !== 'w:p') continue;
    const paragraph = readParagraph(element, styles);
    if (paragraph) paragraphs.push(paragraph);
  }
  return { paragraphs, comments: readComments(commentsXml !== undefined ? parse(commentsXml, 'word/comments.xml') : undefined) };
}
