import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeKind, ChangeRecord } from '../domain/types';
import { mergeRecords } from '../history/clause-history-rows';
import { alignBlocks, alignById, movedClauseIds } from './align';
import { attributeDifference, CandidateIndex } from './attribution';
import { clauseContent, piecesText, type ClauseBlock, type ClauseContent, type StyledPiece } from './clause-content';
import { placeComments } from './comment-anchors';
import { bylineText, headerParagraphs, type RedlineHeader } from './header';
import { stampLines, stampParagraphs, type VersionStamp } from './version-stamp';
import {
  clauseAnchor,
  moveAnchor,
  revisionAnchor,
  textRun,
  type RedlineComment,
  type RedlineDocument,
  type RedlineParagraph,
  type RedlineRevision,
  type RedlineText,
  type RunRevision,
  type Audience,
  type SummaryKind,
  type SummaryRow,
} from './model';
import type { PeopleSource } from '../domain/people';
import { NEUTRAL_COLOUR, RedlinePeople } from './redline-people';
import { buildSummary, concordanceOf, summaryKind, summaryRow, type SummaryPlace } from './summary';
import { piecesToRuns } from './runs';
import { diffPieces, type WordDiffOptions } from './word-diff';
import { decisionLine, movedFromLine, movedNote, numberLabel, rationaleLine, redlineDate } from './wording';

/** One side of a comparison: a named version, or the working draft. */
export interface CompareSide {
  /** "U.S. 28-point draft", or "Working draft". */
  readonly name: string;
  /** ISO 8601 time of the version (for the working draft: the time of the export). */
  readonly time: string;
  /** The content read with `readSuggestedDoc` (clause-level suggestions projected). */
  readonly doc: PMNode;
  /** The change records that side holds. */
  readonly records: readonly ChangeRecord[];
  /** A named version's hash and initials for the header (absent for the working draft). */
  readonly stamp?: VersionStamp;
}

/** What a comparison redline is made from. */
export interface CompareRedlineInput {
  readonly before: CompareSide;
  readonly after: CompareSide;
  readonly people: PeopleSource;
  readonly header: RedlineHeader;
  /** Who it is for (default internal): external leaves out rationales, comments and member names. */
  readonly audience?: Audience;
  /** Budget of each word diff. */
  readonly diff?: WordDiffOptions;
}

/** Author of the differences no change record explains. */
export const COMPARISON_AUTHOR = 'Draftroom comparison';

const COMPARISON_REVISION = 'comparison';

/**
 * The clauses of one side as if its pending suggestions were accepted:
 * proposed clauses in, clauses proposed for removal out, numbered by order.
 */
export function acceptedClauses(doc: PMNode): ClauseContent[] {
  const out: ClauseContent[] = [];
  doc.forEach((node) => {
    if (node.type.name !== 'clause' || node.marks.some((m) => m.type.name === 'deletion')) return;
    out.push(clauseContent(node, 'accepted'));
  });
  return out;
}

function blockKey(block: ClauseBlock): string {
  const list = block.list ? `${block.list.kind}:${block.list.level}:${block.list.continued === true}` : '';
  return `${list}|${piecesText(block.pieces)}`;
}

function allText(clause: ClauseContent): string {
  return [piecesText(clause.heading), ...clause.blocks.map((b) => piecesText(b.pieces))].join(' ');
}

/** Builds the paragraphs of a comparison, remembering which records and revisions they use. */
class ComparisonWriter {
  readonly paragraphs: RedlineParagraph[] = [];
  readonly revisions = new Map<string, RedlineRevision>();
  readonly comments: RedlineComment[] = [];
  readonly rows: SummaryRow[] = [];
  private readonly records: ChangeRecord[];
  private readonly byId: ReadonlyMap<string, ChangeRecord>;
  private readonly candidates: CandidateIndex;
  private readonly explained = new Set<string>();
  /** Revision ids used while writing one clause (its summary rows). */
  private used = new Set<string>();

  constructor(
    private readonly input: CompareRedlineInput,
    private readonly people: RedlinePeople,
  ) {
    this.records = mergeRecords(input.after.records, input.before.records);
    this.byId = new Map(this.records.map((r) => [r.id, r]));
    this.candidates = new CandidateIndex(this.records, { from: input.before.time, to: input.after.time });
  }

  /** The revision of a difference in a clause: its change record's, or the comparison's. */
  private revisionFor(clauseId: string, deleted: string, inserted: string, kind: ChangeKind): string {
    const record = attributeDifference(this.candidates.of(clauseId), { deleted, inserted, kind });
    if (!record) {
      if (!this.revisions.has(COMPARISON_REVISION)) {
        this.revisions.set(COMPARISON_REVISION, {
          id: COMPARISON_REVISION,
          author: COMPARISON_AUTHOR,
          date: this.input.after.time,
          party: '',
          colour: NEUTRAL_COLOUR,
        });
      }
      this.used.add(COMPARISON_REVISION);
      return COMPARISON_REVISION;
    }
    if (!this.revisions.has(record.id)) {
      this.revisions.set(record.id, {
        id: record.id,
        author: this.people.author(record.authorId, record.partyId),
        date: record.createdAt,
        party: this.people.partyName(record.partyId),
        colour: this.people.partyColour(record.partyId),
      });
      this.explain(record, revisionAnchor(record.id), []);
    }
    this.used.add(record.id);
    return record.id;
  }

  /** One summary row per revision used since the last call. */
  private summarise(place: SummaryPlace, kind: SummaryKind): void {
    for (const id of this.used) this.rows.push(summaryRow(place, kind, this.byId.get(id) ?? null, this.people));
    this.used = new Set();
  }

  /** One comment per record and anchor: the rationale, `extra` lines (a move's "Moved from"), the decision. */
  private explain(record: ChangeRecord, anchor: string, extra: readonly string[]): void {
    if (this.people.external || this.explained.has(anchor)) return;
    this.explained.add(anchor);
    this.comments.push({
      id: `rationale:${anchor}`,
      author: this.people.author(record.authorId, record.partyId),
      initials: this.people.initials(record.authorId),
      date: record.createdAt,
      paragraphs: [rationaleLine(this.people.partyCode(record.partyId), record), ...extra, decisionLine(record, this.people)],
      anchor,
    });
  }

  /** Runs of a word diff; every change is attributed on its own. */
  private diffRuns(clauseId: string, before: readonly StyledPiece[], after: readonly StyledPiece[], bold: boolean): RedlineText[] {
    const runs: RedlineText[] = [];
    for (const segment of diffPieces(before, after, this.input.diff)) {
      if (segment.kind === 'equal') {
        runs.push(...piecesToRuns(segment.pieces, { bold, force: null }));
        continue;
      }
      const id = this.revisionFor(clauseId, piecesText(segment.deleted), piecesText(segment.inserted), 'amended');
      runs.push(...piecesToRuns(segment.deleted, { bold, force: { type: 'deletion', id } }));
      runs.push(...piecesToRuns(segment.inserted, { bold, force: { type: 'insertion', id } }));
    }
    return runs;
  }

  /**
   * A clause in both versions: number line (with "(was 12)" after the heading
   * when the clause itself moved), heading and body diffed.
   */
  kept(before: ClauseContent, beforeNumber: number, after: ClauseContent, afterNumber: number, moved: boolean): void {
    const anchors = [clauseAnchor(after.id)];
    const showMove = moved && beforeNumber !== afterNumber;
    // Its summary rows say "(was N)" only when it moved, like its number line.
    const place: SummaryPlace = { clauseId: after.id, number: afterNumber, ...(showMove ? { was: beforeNumber } : {}) };
    this.used = new Set();
    if (showMove) {
      for (const move of this.candidates.of(after.id).filter((r) => r.kind === 'moved')) {
        anchors.push(moveAnchor(move.id));
        // The number the reader sees it had (in the older version), as the number line says.
        this.explain(move, moveAnchor(move.id), [movedFromLine(beforeNumber)]);
        this.rows.push(summaryRow(place, summaryKind('moved'), move, this.people));
      }
    }
    const head: RedlineText[] = [textRun(numberLabel(afterNumber), { bold: true, anchors })];
    const hasHeading = before.heading.length > 0 || after.heading.length > 0;
    if (hasHeading) head.push(textRun('\t'), ...this.diffRuns(after.id, before.heading, after.heading, true));
    const moveAnchors = anchors.filter((a) => a !== clauseAnchor(after.id));
    if (showMove) head.push(textRun(hasHeading ? ' ' : '\t', { anchors: moveAnchors }), textRun(movedNote(beforeNumber), { italic: true, anchors: moveAnchors }));
    this.paragraphs.push({ role: 'clause-head', clauseId: after.id, inlines: head });
    for (const pair of alignBlocks(before.blocks, after.blocks, blockKey)) {
      if (pair.before && pair.after) {
        this.paragraphs.push({
          role: 'body',
          clauseId: after.id,
          ...(pair.after.list ? { list: pair.after.list } : {}),
          inlines: this.diffRuns(after.id, pair.before.pieces, pair.after.pieces, false),
        });
      } else {
        const block = (pair.before ?? pair.after)!;
        const text = piecesText(block.pieces);
        const type = pair.before ? 'deletion' : 'insertion';
        const id = this.revisionFor(after.id, pair.before ? text : '', pair.after ? text : '', 'amended');
        this.wholeBlock(after.id, block, { type, id });
      }
    }
    this.summarise(place, 'Amended');
  }

  private wholeBlock(clauseId: string, block: ClauseBlock, revision: RunRevision): void {
    this.paragraphs.push({
      role: 'body',
      clauseId,
      ...(block.list ? { list: block.list } : {}),
      inlines: piecesToRuns(block.pieces, { force: revision }),
      revision,
    });
  }

  /** A clause only one version has: wholly deleted (removed) or wholly inserted (added). */
  whole(clause: ClauseContent, number: number, type: 'deletion' | 'insertion'): void {
    const text = allText(clause);
    const removed = type === 'deletion';
    this.used = new Set();
    const id = this.revisionFor(clause.id, removed ? text : '', removed ? '' : text, removed ? 'removed' : 'added');
    const revision: RunRevision = { type, id };
    const head: RedlineText[] = [textRun(numberLabel(number), { bold: true, revision, anchors: [clauseAnchor(clause.id)] })];
    if (clause.heading.length > 0) head.push(textRun('\t', { revision }), ...piecesToRuns(clause.heading, { bold: true, force: revision }));
    this.paragraphs.push({ role: 'clause-head', clauseId: clause.id, inlines: head, revision });
    for (const block of clause.blocks) this.wholeBlock(clause.id, block, revision);
    this.summarise(removed ? { clauseId: clause.id, was: number } : { clauseId: clause.id, number }, removed ? 'Removed' : 'Added');
  }
}

/** "Comparison of “U.S. 28-point draft” (20 Nov 2025) with “U.S.–Ukraine 20-point proposal” (22 Dec 2025). …" */
export function comparisonDescription(
  before: Pick<CompareSide, 'name' | 'time'>,
  after: Pick<CompareSide, 'name' | 'time'>,
  audience: Audience = 'internal',
): string {
  const compared = `Comparison of “${before.name}” (${redlineDate(before.time)}) with “${after.name}” (${redlineDate(after.time)}). `;
  if (audience === 'external') return `${compared}Each difference is a tracked change by the party that made it.`;
  return (
    compared +
    `Each difference is a tracked change by the author of the change that made it (“${COMPARISON_AUTHOR}” when no change record explains it); ` +
    'rationales and decisions are comments.'
  );
}

/**
 * The comparison redline between two versions of a document (or a version
 * and the working draft, each read as if its pending suggestions were
 * accepted): clauses aligned by stable id, the new numbering with "Point 9
 * (was 12)" for renumbered clauses, removed clauses wholly deleted (with
 * their old number), added ones wholly inserted, and only the clauses whose
 * text differs word diffed. Each difference is attributed to the change
 * record that made it (see `attribution.ts`): its author is the record's
 * member and party, its comment the record's rationale and who accepted it.
 */
export function compareRedline(input: CompareRedlineInput): RedlineDocument {
  const audience = input.audience ?? 'internal';
  const people = new RedlinePeople(input.people, audience);
  const writer = new ComparisonWriter(input, people);
  const before = acceptedClauses(input.before.doc);
  const after = acceptedClauses(input.after.doc);
  const aligned = alignById(before, after, (c) => c.id);
  // Clauses a move record of the interval names: they are the ones that moved, whatever else shifted.
  const records = mergeRecords(input.after.records, input.before.records);
  const candidates = new CandidateIndex(records, { from: input.before.time, to: input.after.time });
  const recordedMoves = new Set(
    aligned
      .filter((p) => p.before && p.after && candidates.of(p.after.item.id).some((r) => r.kind === 'moved'))
      .map((p) => p.after!.item.id),
  );
  const moved = movedClauseIds(aligned, (c) => c.id, recordedMoves);
  for (const row of aligned) {
    if (row.before && row.after) writer.kept(row.before.item, row.before.number, row.after.item, row.after.number, moved.has(row.after.item.id));
    else if (row.before) writer.whole(row.before.item, row.before.number, 'deletion');
    else if (row.after) writer.whole(row.after.item, row.after.number, 'insertion');
  }
  const header = { ...input.header, audience };
  const description = comparisonDescription(input.before, input.after, audience);
  const versionStamps = stampLines([input.before, input.after], audience);
  const placed = placeComments([...headerParagraphs(header, description), ...stampParagraphs(versionStamps), ...writer.paragraphs], writer.comments);
  const concordance = concordanceOf(aligned, (c) => c.id, (c) => piecesText(c.heading));
  return {
    title: input.header.title,
    description,
    byline: bylineText(header),
    compared: { before: input.before.name, after: input.after.name },
    versionStamps,
    exportedAt: input.header.exportedAt.toISOString(),
    audience,
    summary: buildSummary(writer.rows, concordance, { beforeName: input.before.name, afterName: input.after.name }),
    paragraphs: placed.paragraphs,
    revisions: [...writer.revisions.values()],
    comments: placed.comments,
  };
}
