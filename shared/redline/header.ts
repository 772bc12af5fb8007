import { textRun, type Audience, type RedlineParagraph } from './model';
import { redlineDate } from './wording';

/** Who exports what, and when: the lines above the first clause. */
export interface RedlineHeader {
  /** The document's title. */
  readonly title: string;
  readonly workspaceName: string;
  readonly exportedAt: Date;
  /** "Anna Volkova (Russia)", or null when the exporting session has not said who it is. */
  readonly exportedBy: string | null;
  /** The exporting member's party ("Russia"): all an external redline says of who exported it. */
  readonly exportedByParty?: string | null;
  /** Who the redline is for (default internal). */
  readonly audience?: Audience;
}

/** "Peace talks … — Redline exported 29 Dec 2025 by Anna Volkova (Russia)". */
export function bylineText(header: RedlineHeader): string {
  const who = header.audience === 'external' ? (header.exportedByParty ?? null) : header.exportedBy;
  const by = who !== null ? ` by ${who}` : '';
  return `${header.workspaceName} — Redline exported ${redlineDate(header.exportedAt)}${by}`;
}

/** The title, the byline and a line saying what the redline shows. */
export function headerParagraphs(header: RedlineHeader, description: string): RedlineParagraph[] {
  return [
    { role: 'title', clauseId: '', inlines: [textRun(header.title)] },
    { role: 'subtitle', clauseId: '', inlines: [textRun(bylineText(header))] },
    { role: 'note', clauseId: '', inlines: [textRun(description, { italic: true })] },
  ];
}
