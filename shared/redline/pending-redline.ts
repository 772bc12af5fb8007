import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord } from '../domain/types';
import { commentThreads, type CommentThread } from '../comments/threads';
import { clauseLabels } from '../suggest/views';
import { clauseContent } from './clause-content';
import { placeComments } from './comment-anchors';
import { alignById } from './align';
import { bylineText, headerParagraphs, type RedlineHeader } from './header';
import {
  clauseAnchor,
  moveAnchor,
  revisionAnchor,
  textRun,
  type RedlineComment,
  type RedlineDocument,
  type RedlineParagraph,
  type RedlineRevision,
  type Audience,
  type SummaryRow,
} from './model';
import type { PeopleSource } from '../domain/people';
import { RedlinePeople } from './redline-people';
import { buildSummary, concordanceOf, summaryKind, summaryRow } from './summary';
import { piecesToRuns } from './runs';
import { movedFromLine, movedNote, numberLabel, rationaleLine } from './wording';

/** What the pending-suggestions redline is made from. */
export interface PendingRedlineInput {
  /** The working draft read with `readSuggestedDoc` (clause-level suggestions projected). */
  readonly doc: PMNode;
  readonly records: readonly ChangeRecord[];
  /** The document's comments (raw records from its Y.Doc); unresolved threads become Word comments. */
  readonly comments: readonly unknown[];
  readonly people: PeopleSource;
  readonly header: RedlineHeader;
  /** Who it is for (default internal): external leaves out rationales, comments and member names. */
  readonly audience?: Audience;
}

/** The line under the byline of a pending-suggestions redline. */
export const PENDING_DESCRIPTION =
  'Pending suggestions in the working draft. Each suggestion is a tracked change by its author; its rationale is a comment.';

/** The line under the byline of an external pending-suggestions redline. */
export const PENDING_DESCRIPTION_EXTERNAL = 'Pending suggestions in the working draft. Each suggestion is a tracked change by the party that proposed it.';

/** Names of the two sides of a pending redline's concordance. */
export const PENDING_SIDES = { beforeName: 'Without the pending suggestions', afterName: 'With every pending suggestion accepted' } as const;

/** Id of the comment that carries a change's rationale. */
function rationaleCommentId(changeId: string): string {
  return `rationale:${changeId}`;
}

function clauseParagraphs(node: PMNode, label: { number: number; was?: number }, moveIds: readonly string[]): RedlineParagraph[] {
  const content = clauseContent(node, 'marked');
  const clauseRevision = content.clauseChange;
  const whole = clauseRevision ? { revision: clauseRevision } : {};
  const numberRun = textRun(numberLabel(label.number), {
    bold: true,
    ...whole,
    anchors: [clauseAnchor(content.id), ...moveIds.map(moveAnchor)],
  });
  const head = [numberRun];
  const hasHeading = content.hasHeading && content.heading.length > 0;
  if (hasHeading) {
    head.push(textRun('\t', whole), ...piecesToRuns(content.heading, { ...whole, bold: true }));
  }
  // A proposed move: "(was 12)" after the heading, outside the number column.
  const moveAnchors = moveIds.map(moveAnchor);
  if (label.was !== undefined) {
    head.push(textRun(hasHeading ? ' ' : '\t', { ...whole, anchors: moveAnchors }), textRun(movedNote(label.was), { ...whole, italic: true, anchors: moveAnchors }));
  }
  const paragraphs: RedlineParagraph[] = [{ role: 'clause-head', clauseId: content.id, inlines: head, ...whole }];
  for (const block of content.blocks) {
    paragraphs.push({
      role: 'body',
      clauseId: content.id,
      ...(block.list ? { list: block.list } : {}),
      inlines: piecesToRuns(block.pieces, whole),
      ...whole,
    });
  }
  return paragraphs;
}

function usedRevisionIds(paragraphs: readonly RedlineParagraph[]): string[] {
  const ids = new Set<string>();
  for (const paragraph of paragraphs) {
    for (const inline of paragraph.inlines) if (inline.kind === 'text' && inline.revision) ids.add(inline.revision.id);
  }
  return [...ids];
}

function threadComments(thread: CommentThread, people: RedlinePeople, anchor: string, parentId: string | null): RedlineComment[] {
  const all = [thread.root, ...thread.replies];
  return all.map((comment, i) => ({
    id: `comment:${comment.id}`,
    author: people.author(comment.authorId, comment.partyId),
    initials: people.initials(comment.authorId),
    date: comment.createdAt,
    paragraphs: comment.body.split('\n'),
    anchor,
    ...(parentId !== null ? { parentId } : i > 0 ? { parentId: `comment:${thread.root.id}` } : {}),
  }));
}

/**
 * The pending-suggestions redline of a working draft: every clause numbered
 * as the app shows it ("9.", or "Point 9 (was 12)" for a proposed move), with
 * its heading and body; every pending suggestion a tracked insertion or
 * deletion by "<member> (<party>)" at the change's time, a proposed clause
 * wholly inserted and a proposed removal wholly deleted (keeping its number);
 * each change's rationale a comment on its range ("RU — amended — Rationale:
 * …"), a move's on its number line ("Moved from Point 12"). Unresolved
 * comment threads follow: on a change as replies to its rationale, on a
 * clause on its number line.
 */
export function pendingRedline(input: PendingRedlineInput): RedlineDocument {
  const audience = input.audience ?? 'internal';
  const people = new RedlinePeople(input.people, audience);
  const byId = new Map(input.records.map((r) => [r.id, r]));
  const labels = clauseLabels(input.doc, input.records);
  const proposedMoves = input.records.filter((r) => r.kind === 'moved' && r.status === 'proposed');
  const body: RedlineParagraph[] = [];
  input.doc.forEach((node, _offset, index) => {
    if (node.type.name !== 'clause') return;
    const label = labels[index]!;
    const moveIds = label.was !== undefined ? proposedMoves.filter((r) => r.clauseIds.includes(label.clauseId)).map((r) => r.id) : [];
    body.push(...clauseParagraphs(node, label, moveIds));
  });

  const revisions: RedlineRevision[] = usedRevisionIds(body).map((id) => {
    const record = byId.get(id);
    return record
      ? {
          id,
          author: people.author(record.authorId, record.partyId),
          date: record.createdAt,
          party: people.partyName(record.partyId),
          colour: people.partyColour(record.partyId),
        }
      : { id, author: 'Unknown author', date: input.header.exportedAt.toISOString(), party: '', colour: people.partyColour('') };
  });

  const comments: RedlineComment[] = [];
  // A move's comment names the number its clause's line shows as "(was N)".
  const wasOf = new Map(labels.filter((l) => l.was !== undefined).map((l) => [l.clauseId, l.was!]));
  for (const record of input.records) {
    if (record.status !== 'proposed' || people.external) continue;
    const move = record.kind === 'moved';
    const movedFrom = record.clauseIds.map((id) => wasOf.get(id)).find((n) => n !== undefined) ?? record.movedFrom;
    comments.push({
      id: rationaleCommentId(record.id),
      author: people.author(record.authorId, record.partyId),
      initials: people.initials(record.authorId),
      date: record.createdAt,
      paragraphs: [
        rationaleLine(people.partyCode(record.partyId), record),
        ...(move && movedFrom !== undefined ? [movedFromLine(movedFrom)] : []),
      ],
      anchor: move ? moveAnchor(record.id) : revisionAnchor(record.id),
    });
  }
  for (const thread of people.external ? [] : commentThreads(input.comments)) {
    if (thread.target.type === 'change') {
      const record = byId.get(thread.target.changeId);
      if (!record || record.status !== 'proposed') continue;
      const anchor = record.kind === 'moved' ? moveAnchor(record.id) : revisionAnchor(record.id);
      comments.push(...threadComments(thread, people, anchor, rationaleCommentId(record.id)));
    } else {
      comments.push(...threadComments(thread, people, clauseAnchor(thread.target.clauseId), null));
    }
  }

  const header = { ...input.header, audience };
  const description = people.external ? PENDING_DESCRIPTION_EXTERNAL : PENDING_DESCRIPTION;
  const placed = placeComments([...headerParagraphs(header, description), ...body], comments);
  return {
    title: input.header.title,
    description,
    byline: bylineText(header),
    compared: null,
    exportedAt: input.header.exportedAt.toISOString(),
    audience,
    summary: pendingSummary(input, labels, people),
    paragraphs: placed.paragraphs,
    revisions,
    comments: placed.comments,
  };
}

/**
 * The summary of a pending redline: one row per proposed change (its clause
 * as numbered now), and the concordance from the text without the pending
 * suggestions (proposed clauses out) to the text with all of them accepted
 * (proposed removals out), both in the working draft's order.
 */
function pendingSummary(input: PendingRedlineInput, labels: ReturnType<typeof clauseLabels>, people: RedlinePeople): ReturnType<typeof buildSummary> {
  const byClause = new Map(labels.map((l) => [l.clauseId, l]));
  const rows: SummaryRow[] = [];
  for (const record of input.records) {
    if (record.status !== 'proposed') continue;
    const label = record.clauseIds.map((id) => byClause.get(id)).find((l) => l !== undefined);
    if (!label) continue;
    const was = record.kind === 'moved' ? (record.movedFrom ?? label.was) : undefined;
    rows.push(summaryRow({ clauseId: label.clauseId, number: label.number, ...(was !== undefined ? { was } : {}) }, summaryKind(record.kind), record, people));
  }
  type Entry = { id: string; heading: string };
  const before: Entry[] = [];
  const after: Entry[] = [];
  input.doc.forEach((node) => {
    if (node.type.name !== 'clause') return;
    const content = clauseContent(node, 'accepted');
    const entry = { id: content.id, heading: content.heading.map((p) => p.text).join('') };
    const label = byClause.get(content.id);
    if (!node.marks.some((m) => m.type.name === 'insertion') && !label?.pendingAddition) before.push(entry);
    if (!node.marks.some((m) => m.type.name === 'deletion') && !label?.pendingRemoval) after.push(entry);
  });
  const concordance = concordanceOf(alignById(before, after, (e) => e.id), (e) => e.id, (e) => e.heading);
  return buildSummary(rows, concordance, PENDING_SIDES);
}
