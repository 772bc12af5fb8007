import type { RedlineDocument, RedlineParagraph, RedlineText } from './model';
import {
  changeTables,
  commentLine,
  commentsAfterParagraphs,
  CONCORDANCE_TITLE,
  concordanceTable,
  countsTable,
  headerLine,
  legendOf,
  splitHead,
  SUMMARY_TITLE,
  summaryNote,
  textRuns,
  type PlainTable,
} from './render-parts';

/**
 * The redline as Markdown, for an email: deleted text `~~struck~~`,
 * inserted text `**bold**`, each clause a heading with its number line
 * ("Point 9 (was 12)"), comments as quoted lines after their paragraph
 * (internal only), then the change summary and the concordance as tables.
 * Formatting of unchanged text is not kept (bold would read as inserted).
 */

const SPECIAL = /[\\`*_~[\]<>#|]/g;

/** Text with Markdown's special characters escaped (a line never starts a list or heading by accident). */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`).replace(/^(\s*)(\d+)\. /, '$1$2\\. ').replace(/^(\s*)([-+]) /, '$1\\$2 ');
}

/** Wraps text in a marker, keeping surrounding whitespace outside it (`~~ x~~` would not strike). */
function wrap(text: string, marker: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return match[2] === '' ? text : `${match[1]}${marker}${match[2]}${marker}${match[3]}`;
}

function runsMarkdown(runs: readonly RedlineText[]): string {
  let out = '';
  for (const run of runs) {
    if (run.text === '\n') {
      out += '  \n';
      continue;
    }
    const text = escapeMarkdown(run.text.replace(/\t/g, ' '));
    if (run.revision?.type === 'deletion') out += wrap(text, '~~');
    else if (run.revision?.type === 'insertion') out += wrap(text, '**');
    else out += run.italic ? wrap(text, '_') : text;
  }
  return out;
}

function cell(text: string): string {
  return escapeMarkdown(text).replace(/\n/g, ' ');
}

/** A table in GitHub-flavoured Markdown. */
export function markdownTable(table: PlainTable): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(table.header), `|${table.header.map(() => ' --- ').join('|')}|`, ...table.rows.map(line)].join('\n');
}

/** The change summary and concordance as Markdown. */
export function summaryMarkdown(model: RedlineDocument): string {
  const parts = [`## ${SUMMARY_TITLE}`, summaryNote(model), markdownTable(countsTable(model))];
  for (const section of changeTables(model)) parts.push(`### ${cell(section.party)}`, markdownTable(section.table));
  parts.push(`## ${CONCORDANCE_TITLE}`, markdownTable(concordanceTable(model)));
  return parts.join('\n\n');
}

function paragraphMarkdown(paragraph: RedlineParagraph, counters: Map<string, number>): string {
  if (paragraph.role === 'clause-head') {
    const head = splitHead(paragraph);
    const heading = runsMarkdown(head.heading);
    const number = runsMarkdown(head.number);
    const plainNumber = head.number.map((r) => r.text).join('');
    return `### ${number}${heading.trim() !== '' ? `${plainNumber.endsWith('.') ? ' ' : ' — '}${heading}` : ''}`;
  }
  const text = runsMarkdown(textRuns(paragraph));
  const list = paragraph.list;
  if (!list) return text;
  const indent = '   '.repeat(list.level);
  if (list.continued) return `${indent}   ${text}`;
  if (list.kind === 'bullet') return `${indent}- ${text}`;
  const n = counters.get(list.listKey) ?? list.start;
  counters.set(list.listKey, n + 1);
  return `${indent}${n}. ${text}`;
}

/** The whole redline as a Markdown file. */
export function renderMarkdown(model: RedlineDocument): string {
  const comments = commentsAfterParagraphs(model);
  const counters = new Map<string, number>();
  const legend = legendOf(model)
    .map((e) => e.party)
    .join(', ');
  const blocks: string[] = [
    `# ${cell(model.title)}`,
    `_${cell(headerLine(model))}_`,
    cell(model.byline),
    `_${cell(model.description)}_`,
    ...(model.versionStamps ?? []).map((line) => cell(line)),
    `Deleted text is ~~struck through~~, inserted text **in bold**; a moved clause reads “9. Heading (was 12)”; the concordance gives every clause’s numbers.${legend ? ` Changes by: ${cell(legend)}.` : ''}`,
  ];
  let previousList = false;
  model.paragraphs.forEach((paragraph, index) => {
    if (paragraph.role === 'title' || paragraph.role === 'subtitle' || paragraph.role === 'note') return;
    const text = paragraphMarkdown(paragraph, counters);
    // Items of one list stay together; anything else is its own block.
    if (paragraph.list && previousList) blocks[blocks.length - 1] += `\n${text}`;
    else blocks.push(text);
    previousList = paragraph.list !== undefined;
    const notes = comments.get(index);
    if (notes) {
      blocks.push(notes.map((c) => `> ${cell(commentLine(c))}`).join('\n>\n'));
      previousList = false;
    }
  });
  blocks.push(summaryMarkdown(model));
  return `${blocks.join('\n\n')}\n`;
}
