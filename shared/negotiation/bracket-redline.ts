import type { DocumentSnapshot } from '../redline/document-snapshot';
import { textRun, type RedlineDocument, type RedlineParagraph } from '../redline/model';
import { bracketSummaryLines, withBracketText, type PartyNames } from './bracket-text';

/**
 * Brackets in the redline: each side's document is read with its brackets
 * printed ("[Alt 1 — Ukraine: … / Alt 2 — Russia: …]"), and the redline's
 * header lists the open brackets. Every format renders the one redline
 * model, so DOCX and the others all show them.
 */

/** The snapshot with its open brackets printed into its text. */
export function bracketedSnapshot(snapshot: DocumentSnapshot, names: PartyNames): DocumentSnapshot {
  if (snapshot.brackets.length === 0) return snapshot;
  return { ...snapshot, doc: withBracketText(snapshot.doc, snapshot.brackets, names) };
}

/** "Open brackets: 2 (3 alternatives)", then one note line per bracket, after the header lines. */
export function withBracketSummary(model: RedlineDocument, snapshot: DocumentSnapshot, names: PartyNames): RedlineDocument {
  const views = snapshot.brackets;
  if (views.length === 0) return model;
  const alternatives = views.reduce((sum, v) => sum + v.alternativeViews.length, 0);
  // Note lines under the header: the Word file prints them; HTML, Markdown and PDF draw their header from the model's
  // own fields and show the brackets in the text only (see CAVEATS).
  const notes: RedlineParagraph[] = [
    { role: 'note', clauseId: '', inlines: [textRun(`Open brackets: ${views.length} (${alternatives} alternatives)`, { bold: true })] },
    ...bracketSummaryLines(views, names).map((line): RedlineParagraph => ({ role: 'note', clauseId: '', inlines: [textRun(line)] })),
  ];
  const headerEnd = model.paragraphs.findIndex((p) => p.clauseId !== '');
  const at = headerEnd < 0 ? model.paragraphs.length : headerEnd;
  return { ...model, paragraphs: [...model.paragraphs.slice(0, at), ...notes, ...model.paragraphs.slice(at)] };
}
