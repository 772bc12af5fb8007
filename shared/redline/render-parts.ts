import { COMPARISON_AUTHOR } from './compare-redline';
import { SUMMARY_KINDS, type RedlineComment, type RedlineDocument, type RedlineParagraph, type RedlineText, type SummaryRow } from './model';
import { NEUTRAL_COLOUR } from './redline-people';
import { concordanceText, kindTotals } from './summary';
import { redlineDate } from './wording';

/**
 * What the Markdown, HTML and PDF renderers share: the legend of party
 * colours, the comments printed after each paragraph, the clause number
 * line split from its heading, and the change summary and concordance as
 * plain tables (header row + rows of cells), so every format prints the
 * same table.
 */

/** One entry of the colour legend. */
export interface LegendEntry {
  readonly party: string;
  readonly colour: string;
}

/** The parties whose changes the redline shows, with their colours, in order of first appearance. */
export function legendOf(model: RedlineDocument): LegendEntry[] {
  const out: LegendEntry[] = [];
  for (const revision of model.revisions) {
    const party = revision.party === '' ? COMPARISON_AUTHOR : revision.party;
    if (!out.some((e) => e.party === party)) out.push({ party, colour: revision.colour || NEUTRAL_COLOUR });
  }
  return out;
}

/** Colour of a revision's party. */
export function revisionColours(model: RedlineDocument): Map<string, string> {
  return new Map(model.revisions.map((r) => [r.id, r.colour || NEUTRAL_COLOUR]));
}

/** The text runs of a paragraph (comment markers dropped). */
export function textRuns(paragraph: RedlineParagraph): RedlineText[] {
  return paragraph.inlines.filter((i): i is RedlineText => i.kind === 'text');
}

/** A clause number line split at its tab: the number runs ("Point 9 (was 12)") and the heading runs. */
export function splitHead(paragraph: RedlineParagraph): { number: RedlineText[]; heading: RedlineText[] } {
  const runs = textRuns(paragraph);
  const tab = runs.findIndex((r) => r.text === '\t');
  return tab < 0 ? { number: runs, heading: [] } : { number: runs.slice(0, tab), heading: runs.slice(tab + 1) };
}

/** The comments whose range ends in each paragraph (by paragraph index), to print after it. */
export function commentsAfterParagraphs(model: RedlineDocument): Map<number, RedlineComment[]> {
  const byId = new Map(model.comments.map((c) => [c.id, c]));
  const out = new Map<number, RedlineComment[]>();
  model.paragraphs.forEach((paragraph, index) => {
    for (const inline of paragraph.inlines) {
      const comment = inline.kind === 'comment-end' ? byId.get(inline.commentId) : undefined;
      if (comment) out.set(index, [...(out.get(index) ?? []), comment]);
    }
  });
  return out;
}

/** "Anna Volkova (Russia), 27 Dec 2025: …": a comment as one line. */
export function commentLine(comment: RedlineComment): string {
  return `${comment.parentId !== undefined ? '↳ ' : ''}${comment.author}, ${redlineDate(comment.date)}: ${comment.paragraphs.join(' ')}`;
}

/** The header lines every page or file starts with: document, versions compared, export date. */
export function headerLine(model: RedlineDocument): string {
  const compared = model.compared ? `${model.compared.before} → ${model.compared.after}` : 'Pending suggestions';
  return `${model.title} — ${compared} — exported ${redlineDate(model.exportedAt)}${model.audience === 'external' ? ' — external' : ''}`;
}

/** A table as plain cells. */
export interface PlainTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Relative column widths (absent: equal). */
  readonly weights?: readonly number[];
}

/** Counts per party and kind, with a total row. */
export function countsTable(model: RedlineDocument): PlainTable {
  const { summary } = model;
  const totals = kindTotals(summary);
  const all = SUMMARY_KINDS.reduce((n, k) => n + totals[k], 0);
  return {
    header: ['Party', ...SUMMARY_KINDS, 'Total'],
    rows: [
      ...summary.parties.map((p) => [p.party, ...SUMMARY_KINDS.map((k) => String(p.counts[k])), String(p.total)]),
      ['All parties', ...SUMMARY_KINDS.map((k) => String(totals[k])), String(all)],
    ],
  };
}

/** The columns of the change table for this audience (the external one has no member or rationale). */
export function changeColumns(model: Pick<RedlineDocument, 'audience'>): string[] {
  return model.audience === 'external' ? ['Clause', 'Kind', 'Party', 'Decision'] : ['Clause', 'Kind', 'Party', 'Member', 'Rationale', 'Decision'];
}

/** One change row as cells for this audience. */
export function changeCells(row: SummaryRow, audience: RedlineDocument['audience']): string[] {
  if (audience === 'external') return [row.clause, row.kind, row.party, row.decision || '—'];
  const rationale = row.rationale === null ? '' : row.rationale === '' ? 'Rationale missing' : row.rationale;
  return [row.clause, row.kind, row.party, row.member ?? '—', row.party === COMPARISON_AUTHOR ? '—' : rationale, row.decision || '—'];
}

/** The change table, one section per party (in the summary's order). */
export function changeTables(model: RedlineDocument): { party: string; colour: string; table: PlainTable }[] {
  return model.summary.parties.map((p) => ({
    party: p.party,
    colour: p.colour,
    table: {
      header: changeColumns(model),
      weights: model.audience === 'external' ? [22, 14, 24, 40] : [13, 10, 13, 13, 33, 18],
      rows: model.summary.rows.filter((r) => r.party === p.party).map((r) => changeCells(r, model.audience)),
    },
  }));
}

/** The concordance of clause numbers as a table. */
export function concordanceTable(model: RedlineDocument): PlainTable {
  const { summary } = model;
  return {
    header: [summary.beforeName, summary.afterName, 'Heading'],
    weights: [25, 25, 50],
    rows: summary.concordance.map((row) => {
      const text = concordanceText(row);
      return [text.before, text.after, row.heading || '—'];
    }),
  };
}

/** Title of the summary section. */
export const SUMMARY_TITLE = 'Change summary';

/** Title of the concordance section. */
export const CONCORDANCE_TITLE = 'Concordance of clause numbers';

/** The line under the summary title. */
export function summaryNote(model: RedlineDocument): string {
  const n = model.summary.rows.length;
  return n === 0 ? 'No differences.' : `${n} difference${n === 1 ? '' : 's'}, grouped by party.`;
}
