import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import type * as Y from 'yjs';
import type { Party } from '../domain/types';
import { readSuggestedDoc } from '../suggest/suggested-doc';
import { readAlternativeRecords, readBracketRecords } from './bracket-records';
import type { AlternativeRecord, BracketRecord } from './bracket-schema';
import { bracketCounts, bracketViews, type AlternativeView, type BracketCounts, type BracketView } from './bracket-view';

/**
 * Brackets as negotiators print them: "[Alt 1 — Ukraine: … / Alt 2 —
 * Russia: …]". `withBracketText` writes the square brackets, separators and
 * labels into a copy of the document as plain text (labels in italics), so
 * that every reader of a document — the Word redline, `draftroom show` —
 * prints brackets without knowing about them. Pure.
 */

/** Party names by id, for labels. */
export type PartyNames = (partyId: string) => string;

/** A party-name lookup from a party list ("unknown party" for an id it lacks). */
export function partyNames(parties: readonly Party[]): PartyNames {
  const byId = new Map(parties.map((p) => [p.id, p.name]));
  return (id) => byId.get(id) ?? 'unknown party';
}

/** "Alt 2 — Russia". */
export function alternativeLabel(alt: Pick<AlternativeView, 'number' | 'record'>, names: PartyNames): string {
  return alt.record ? `Alt ${alt.number} — ${names(alt.record.partyId)}` : `Alt ${alt.number}`;
}

/** The open brackets of a document read headless (records and where their words are). */
export function readBracketViews(ydoc: Y.Doc, doc: PMNode = readSuggestedDoc(ydoc)): BracketView[] {
  return openBracketViews(doc, readBracketRecords(ydoc), readAlternativeRecords(ydoc));
}

/** The brackets of `doc` that are not closed, with their records. */
export function openBracketViews(doc: PMNode, brackets: readonly BracketRecord[], alternatives: readonly AlternativeRecord[]): BracketView[] {
  return bracketViews(doc, brackets, alternatives).filter((v) => v.record?.status !== 'closed');
}

/** The counts of a Y.Doc's open brackets. */
export function readBracketCounts(ydoc: Y.Doc): BracketCounts {
  return bracketCounts(readBracketViews(ydoc));
}

/**
 * A copy of `doc` with every open bracket of `views` printed around its
 * words: "[" and the first label before the first alternative, " / " and
 * the next label before each other one, "]" after the last. With
 * `original` (the text as if every pending suggestion were rejected),
 * alternatives whose words are all pending insertions get no label.
 */
export function withBracketText(doc: PMNode, views: readonly BracketView[], names: PartyNames, options: { readonly original?: boolean } = {}): PMNode {
  const inserts: { at: number; order: number; text: string; italic: boolean }[] = [];
  let order = 0;
  for (const view of views) {
    const shown = options.original ? view.alternativeViews.filter((alt) => !alt.pending) : view.alternativeViews;
    if (shown.length === 0) continue;
    shown.forEach((alt, index) => {
      if (index === 0) inserts.push({ at: alt.from, order: order++, text: '[', italic: false });
      else inserts.push({ at: alt.from, order: order++, text: ' / ', italic: false });
      inserts.push({ at: alt.from, order: order++, text: `${alternativeLabel(alt, names)}: `, italic: true });
    });
    inserts.push({ at: view.to, order: order++, text: ']', italic: false });
  }
  // From the end backwards, so earlier positions stay valid; at one position, in the order written.
  inserts.sort((a, b) => b.at - a.at || b.order - a.order);
  const tr = new Transform(doc);
  const em = doc.type.schema.marks['em'];
  for (const insert of inserts) {
    const marks = insert.italic && em ? [em.create()] : [];
    tr.insert(insert.at, doc.type.schema.text(insert.text, marks));
  }
  return tr.doc;
}

/** One line per open bracket, for summaries: "Point 4: [Alt 1 — Ukraine: … / Alt 2 — Russia: …] (opened by …)". */
export function bracketSummaryLines(views: readonly BracketView[], names: PartyNames): string[] {
  return views.map((view) => {
    const alts = view.alternativeViews.map((alt) => `${alternativeLabel(alt, names)}: ${alt.text}`).join(' / ');
    return `Point ${view.clauseIndex + 1}: [${alts}]`;
  });
}
