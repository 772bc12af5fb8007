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
  revisionColours,
  splitHead,
  SUMMARY_TITLE,
  summaryNote,
  textRuns,
  type PlainTable,
} from './render-parts';

/**
 * The redline as one self-contained HTML file (inline styles, no script, no
 * remote resource), readable on a phone: deletions struck and insertions
 * underlined in their party's colour with a legend, clause number lines
 * ("Point 9 (was 12)"), comments after their paragraph (internal only),
 * then the change summary and concordance. `redlineBodyHtml` is the part
 * between the header and the summary, for the app's compare view.
 */

/** Text escaped for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A colour from the model, only when it is a plain #rrggbb (never spliced otherwise). */
function safeColour(colour: string | undefined): string {
  return colour !== undefined && /^#[0-9a-f]{6}$/i.test(colour) ? colour : '#6a707a';
}

function runHtml(run: RedlineText, colours: ReadonlyMap<string, string>): string {
  if (run.text === '\n') return '<br>';
  let html = escapeHtml(run.text).replace(/\t/g, ' ');
  if (run.bold) html = `<strong>${html}</strong>`;
  if (run.italic) html = `<em>${html}</em>`;
  if (run.revision) {
    const tag = run.revision.type === 'deletion' ? 'del' : 'ins';
    html = `<${tag} style="color:${safeColour(colours.get(run.revision.id))}" data-revision="${escapeHtml(run.revision.id)}">${html}</${tag}>`;
  }
  return html;
}

function runsHtml(runs: readonly RedlineText[], colours: ReadonlyMap<string, string>): string {
  return runs.map((r) => runHtml(r, colours)).join('');
}

function paragraphHtml(paragraph: RedlineParagraph, colours: ReadonlyMap<string, string>, counters: Map<string, number>): string {
  const clause = paragraph.clauseId ? ` data-clause="${escapeHtml(paragraph.clauseId)}"` : '';
  const whole = paragraph.revision ? ` ${paragraph.revision.type === 'deletion' ? 'removed' : 'added'}` : '';
  if (paragraph.role === 'clause-head') {
    const head = splitHead(paragraph);
    const heading = head.heading.length > 0 ? ` <span class="heading">${runsHtml(head.heading, colours)}</span>` : '';
    return `<h2 class="clause${whole}"${clause}><span class="number">${runsHtml(head.number, colours)}</span>${heading}</h2>`;
  }
  const list = paragraph.list;
  let marker = '';
  let style = '';
  if (list) {
    style = ` style="margin-left:${1.6 + 1.4 * list.level}em"`;
    if (!list.continued && list.kind === 'bullet') marker = '<span class="marker">•</span>';
    if (!list.continued && list.kind === 'ordered') {
      const n = counters.get(list.listKey) ?? list.start;
      counters.set(list.listKey, n + 1);
      marker = `<span class="marker">${n}.</span>`;
    }
  }
  return `<p class="body${whole}"${clause}${style}>${marker}${runsHtml(textRuns(paragraph), colours)}</p>`;
}

function tableHtml(table: PlainTable, className: string): string {
  const head = `<tr>${table.header.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  // Each cell names its column, so that a phone can show a row as a card.
  const row = (cells: readonly string[]): string =>
    `<tr>${cells.map((c, i) => `<td data-label="${escapeHtml(table.header[i] ?? '')}">${escapeHtml(c)}</td>`).join('')}</tr>`;
  return `<div class="table-scroll"><table class="${className}"><thead>${head}</thead><tbody>${table.rows.map(row).join('')}</tbody></table></div>`;
}

/** The colour legend as HTML. */
export function legendHtml(model: RedlineDocument): string {
  const entries = legendOf(model).map(
    (e) => `<li><span class="swatch" style="background:${safeColour(e.colour)}"></span>${escapeHtml(e.party)}</li>`,
  );
  return (
    '<div class="legend"><p><del>Deleted</del> · <ins>Inserted</ins> · a moved clause reads “9. Heading (was 12)”; the concordance gives every clause’s numbers</p>' +
    (entries.length > 0 ? `<ul>${entries.join('')}</ul>` : '<p>No changes.</p>') +
    '</div>'
  );
}

/** The clauses (paragraphs after the header lines) with their comments, as HTML. */
export function redlineBodyHtml(model: RedlineDocument): string {
  const colours = revisionColours(model);
  const comments = commentsAfterParagraphs(model);
  const counters = new Map<string, number>();
  const out: string[] = [];
  model.paragraphs.forEach((paragraph, index) => {
    if (paragraph.role === 'title' || paragraph.role === 'subtitle' || paragraph.role === 'note') return;
    out.push(paragraphHtml(paragraph, colours, counters));
    for (const comment of comments.get(index) ?? []) out.push(`<aside class="comment">${escapeHtml(commentLine(comment))}</aside>`);
  });
  return out.join('\n');
}

/** The change summary and concordance as HTML. */
export function summaryHtml(model: RedlineDocument): string {
  const parts = [`<h2 class="section">${SUMMARY_TITLE}</h2>`, `<p class="note">${escapeHtml(summaryNote(model))}</p>`, tableHtml(countsTable(model), 'counts')];
  for (const section of changeTables(model)) {
    parts.push(`<h3><span class="swatch" style="background:${safeColour(section.colour)}"></span>${escapeHtml(section.party)}</h3>`, tableHtml(section.table, 'changes'));
  }
  parts.push(`<h2 class="section">${CONCORDANCE_TITLE}</h2>`, tableHtml(concordanceTable(model), 'concordance'));
  return parts.join('\n');
}

/** The style sheet of the HTML redline (also used by the app's compare view). */
export const REDLINE_CSS = `
body{margin:0;background:#faf8f4;color:#1d1f23;font:16px/1.55 Georgia,"Times New Roman",serif}
main{max-width:46rem;margin:0 auto;padding:1.2rem 1rem 3rem}
header.top{border-bottom:1px solid #cfcac0;margin-bottom:1rem;padding-bottom:.6rem}
h1{font-size:1.6rem;margin:.2rem 0}
.meta{color:#4a4f57;font-size:.9rem;margin:.1rem 0}
.description{color:#6a707a;font-style:italic;font-size:.9rem}
.stamp{color:#3b4149;font-size:.85rem;margin:.2rem 0;overflow-wrap:anywhere}
del{text-decoration:line-through;text-decoration-thickness:1.5px}
ins{text-decoration:underline;text-decoration-thickness:1.5px;text-underline-offset:2px}
h2.clause{font-size:1.05rem;margin:1.3rem 0 .3rem}
h2.clause .number{margin-right:.6rem}
p.body{margin:.2rem 0 .5rem 1.6rem}
.marker{display:inline-block;min-width:1.4em;margin-left:-1.4em}
aside.comment{margin:.2rem 0 .6rem 1.6rem;padding:.3rem .6rem;border-left:3px solid #cfcac0;color:#4a4f57;font-size:.85rem;background:#f1eee8}
.legend{font-size:.85rem;color:#4a4f57;margin:.6rem 0}
.legend ul{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.35em;vertical-align:-.05em}
h2.section{font-size:1.25rem;margin:2rem 0 .4rem;border-top:1px solid #cfcac0;padding-top:1rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
.table-scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{border:1px solid #ddd8ce;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#efece6}
@media (max-width:600px){
table.changes thead{display:none}
table.changes,table.changes tbody,table.changes tr,table.changes td{display:block;width:auto}
table.changes tr{border:1px solid #ddd8ce;margin:0 0 .5rem;background:#fff}
table.changes td{border:none;padding:.15rem .5rem}
table.changes td::before{content:attr(data-label) ": ";font-weight:bold}
}
@media print{body{background:#fff}main{max-width:none}}
`;

/** The whole redline as one self-contained HTML file. */
export function renderHtml(model: RedlineDocument): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="Draftroom">`,
    `<title>${escapeHtml(model.title)} — redline</title>`,
    `<style>${REDLINE_CSS}</style>`,
    '</head>',
    '<body><main>',
    '<header class="top">',
    `<h1>${escapeHtml(model.title)}</h1>`,
    `<p class="meta">${escapeHtml(headerLine(model))}</p>`,
    `<p class="meta">${escapeHtml(model.byline)}</p>`,
    `<p class="description">${escapeHtml(model.description)}</p>`,
    ...(model.versionStamps ?? []).map((line) => `<p class="stamp">${escapeHtml(line)}</p>`),
    legendHtml(model),
    '</header>',
    redlineBodyHtml(model),
    summaryHtml(model),
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
