import { AlignmentType, LevelFormat, type ILevelsOptions, type INumberingOptions, type IStylesOptions } from 'docx';
import type { ListPlace } from '../../shared/redline/model';

/**
 * The look of an exported redline in Word: a serif text face, the clause
 * number line in bold with the heading after a tab, the body indented under
 * the heading, and lists indented by level.
 */

/** Paragraph style ids of the redline. */
export const STYLE_IDS = {
  title: 'RedlineTitle',
  subtitle: 'RedlineByline',
  note: 'RedlineNote',
  clauseHead: 'ClauseHead',
  body: 'ClauseBody',
  table: 'SummaryTable',
  summaryHead: 'SummaryHead',
} as const;

/** Twips the clause body is indented (where the heading starts after the number). */
export const BODY_INDENT = 720;

/** Twips each list level adds. */
const LEVEL_INDENT = 360;

const FONT = 'Times New Roman';

/** The document's styles. */
export function redlineStyles(): IStylesOptions {
  return {
    default: {
      document: { run: { font: FONT, size: 23 }, paragraph: { spacing: { after: 80, line: 276 } } },
    },
    paragraphStyles: [
      {
        id: STYLE_IDS.title,
        name: 'Redline title',
        basedOn: 'Normal',
        next: STYLE_IDS.subtitle,
        run: { size: 36, bold: true },
        paragraph: { spacing: { after: 80 } },
      },
      {
        id: STYLE_IDS.subtitle,
        name: 'Redline byline',
        basedOn: 'Normal',
        run: { size: 20, color: '4A4F57' },
        paragraph: { spacing: { after: 40 } },
      },
      {
        id: STYLE_IDS.note,
        name: 'Redline note',
        basedOn: 'Normal',
        run: { size: 19, color: '6A707A' },
        paragraph: { spacing: { after: 240 }, border: { bottom: { style: 'single', size: 4, color: 'CFCAC0', space: 6 } } },
      },
      {
        id: STYLE_IDS.clauseHead,
        name: 'Clause head',
        basedOn: 'Normal',
        next: STYLE_IDS.body,
        run: { bold: true },
        paragraph: { spacing: { before: 220, after: 60 }, keepNext: true },
      },
      {
        id: STYLE_IDS.body,
        name: 'Clause body',
        basedOn: 'Normal',
        paragraph: { indent: { left: BODY_INDENT } },
      },
      {
        id: STYLE_IDS.summaryHead,
        name: 'Summary heading',
        basedOn: 'Normal',
        run: { bold: true },
        paragraph: { spacing: { before: 220, after: 60 }, keepNext: true },
      },
      {
        id: STYLE_IDS.table,
        name: 'Summary table',
        basedOn: 'Normal',
        run: { size: 17 },
        paragraph: { spacing: { before: 20, after: 20, line: 240 } },
      },
    ],
  };
}

/** Twips of indentation of a list paragraph's text at this level. */
export function listIndent(level: number): number {
  return BODY_INDENT + LEVEL_INDENT * (level + 1);
}

const BULLETS = ['•', '◦', '▪'];

function levels(kind: ListPlace['kind'], start: number): ILevelsOptions[] {
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: kind === 'bullet' ? LevelFormat.BULLET : LevelFormat.DECIMAL,
    text: kind === 'bullet' ? BULLETS[level % BULLETS.length]! : `%${level + 1}.`,
    alignment: AlignmentType.LEFT,
    start,
    style: { paragraph: { indent: { left: listIndent(level), hanging: LEVEL_INDENT } } },
  }));
}

/** Numbering reference of a list kind and start number. */
export function numberingReference(list: Pick<ListPlace, 'kind' | 'start'>): string {
  return list.kind === 'bullet' ? 'redline-bullet' : `redline-ordered-${list.start}`;
}

/** Numbering definitions for every list kind and start the redline uses. */
export function redlineNumbering(lists: readonly Pick<ListPlace, 'kind' | 'start'>[]): INumberingOptions {
  const seen = new Map<string, Pick<ListPlace, 'kind' | 'start'>>();
  for (const list of lists) seen.set(numberingReference(list), list);
  return {
    config: [...seen.entries()].map(([reference, list]) => ({ reference, levels: levels(list.kind, list.kind === 'bullet' ? 1 : list.start) })),
  };
}
