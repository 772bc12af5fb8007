/**
 * The redline model: what a counterpart's lawyers will see, independent of
 * the file format. A redline is a list of paragraphs made of runs; a run may
 * be a tracked insertion or deletion belonging to one revision (an author and
 * a date), and comments are anchored on ranges of runs. Builders in this
 * folder make the model (pending suggestions, or a comparison of two
 * versions); `main/export/` renders it as DOCX.
 */

/** A tracked-change author and time: Word shows one colour per author. */
export interface RedlineRevision {
  /** Key of the revision (a change record id, or a synthetic one such as `comparison`). */
  readonly id: string;
  /** "Anna Volkova (Russia)", or "Draftroom comparison". */
  readonly author: string;
  /** ISO 8601 time the change was made. */
  readonly date: string;
  /** The party's name ("Russia"), or '' for a difference no change record explains. */
  readonly party: string;
  /** The party's colour (#rrggbb), or a neutral grey: what the PDF and HTML mark its changes with. */
  readonly colour: string;
}

/** Whether a run is a tracked insertion or a tracked deletion. */
export type RevisionType = 'insertion' | 'deletion';

/** A run's place in a revision. */
export interface RunRevision {
  readonly type: RevisionType;
  /** Id of a `RedlineRevision` of the model. */
  readonly id: string;
}

/** A piece of text with one formatting (or a line break when `text` is "\n"). */
export interface RedlineText {
  readonly kind: 'text';
  /** The text; "\n" alone stands for a hard line break. */
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly revision?: RunRevision;
  /**
   * Extra comment anchor keys this run belongs to (a clause's number line
   * carries `clause:<id>` and, for a proposed move, `move:<change id>`).
   * Runs of a revision belong to the key `revision:<id>` without saying so.
   */
  readonly anchors?: readonly string[];
}

/** Where a comment's range starts (just before the next run). */
export interface CommentStart {
  readonly kind: 'comment-start';
  readonly commentId: string;
}

/** Where a comment's range ends (just after the previous run). */
export interface CommentEnd {
  readonly kind: 'comment-end';
  readonly commentId: string;
}

/** Anything inside a paragraph. */
export type RedlineInline = RedlineText | CommentStart | CommentEnd;

/** What a paragraph is in the clause. */
export type ParagraphRole = 'title' | 'subtitle' | 'note' | 'clause-head' | 'body';

/** A list paragraph's place: bullet or ordered, nesting level (0 = outermost). */
export interface ListPlace {
  readonly kind: 'bullet' | 'ordered';
  readonly level: number;
  /** For ordered lists: the number the list starts at. */
  readonly start: number;
  /** Distinguishes lists: paragraphs of one list share it, so numbering restarts per list. */
  readonly listKey: string;
  /** A later paragraph of the same list item: indented like it, without a bullet or number. */
  readonly continued?: boolean;
}

/** One paragraph of the redline. */
export interface RedlineParagraph {
  readonly role: ParagraphRole;
  /** The clause it belongs to ('' for the title lines). */
  readonly clauseId: string;
  readonly list?: ListPlace;
  readonly inlines: readonly RedlineInline[];
  /**
   * Set when the paragraph itself is inserted or deleted (a whole clause
   * added or removed): rejecting the insertion, or accepting the deletion,
   * in Word then removes the paragraph and not only its text.
   */
  readonly revision?: RunRevision;
}

/** A Word comment: the rationale of a change, a move note, or a discussion comment. */
export interface RedlineComment {
  readonly id: string;
  /** "Anna Volkova (Russia)". */
  readonly author: string;
  /** "AV". */
  readonly initials: string;
  /** ISO 8601 time. */
  readonly date: string;
  /** The comment's paragraphs. */
  readonly paragraphs: readonly string[];
  /** For a reply: the id of the comment it answers (Word threads it). */
  readonly parentId?: string;
  /** Comment anchor key whose runs the comment's range covers (see `RedlineText.anchors`). */
  readonly anchor: string;
}

/** Who a redline is for: the team (rationales, comments, member names) or the counterpart (parties only). */
export type Audience = 'internal' | 'external';

/** All audiences. */
export const AUDIENCES: readonly Audience[] = ['internal', 'external'];

/** A whole redline, ready to be written. */
export interface RedlineDocument {
  /** Document title (also the file's title property). */
  readonly title: string;
  /** One line under the title: what this redline shows. */
  readonly description: string;
  /** "Peace talks … — Redline exported 29 Dec 2025 by …": the byline under the title. */
  readonly byline: string;
  /** The two versions compared ("U.S. 28-point draft" → "Working draft"), or null for pending suggestions. */
  readonly compared: { readonly before: string; readonly after: string } | null;
  /**
   * Header lines on the compared versions' content hashes and initials (one
   * per side, then the full hashes; see `version-stamp.ts`); absent or empty
   * for pending suggestions.
   */
  readonly versionStamps?: readonly string[];
  /** ISO 8601 time of the export. */
  readonly exportedAt: string;
  /** Who it was written for; an external redline carries no rationale, comment or member name. */
  readonly audience: Audience;
  /** The change summary and the concordance of clause numbers, printed at the end of every format. */
  readonly summary: RedlineSummary;
  readonly paragraphs: readonly RedlineParagraph[];
  readonly revisions: readonly RedlineRevision[];
  readonly comments: readonly RedlineComment[];
}

/** A summary row's kind, as the table prints it. */
export type SummaryKind = 'Added' | 'Amended' | 'Removed' | 'Moved';

/** All summary kinds, in the table's order. */
export const SUMMARY_KINDS: readonly SummaryKind[] = ['Added', 'Amended', 'Removed', 'Moved'];

/** One difference in the change summary. */
export interface SummaryRow {
  readonly clauseId: string;
  /** "Point 9 (was 12)", "Point 4" (a removed clause: its old number). */
  readonly clause: string;
  /** Number in the newer text (for a removed clause: its old number), for sorting. */
  readonly number: number;
  readonly kind: SummaryKind;
  /** Party name ("Russia"), or "Draftroom comparison" for a difference no record explains. */
  readonly party: string;
  /** Party colour (#rrggbb). */
  readonly colour: string;
  /** "Anna Volkova", or null (external audience, or no record). */
  readonly member: string | null;
  /** The rationale ('' when none was given), or null for the external audience. */
  readonly rationale: string | null;
  /** "Accepted by Dana Whitfield (United States), 1 Dec 2025", "Proposed, not yet decided", or ''. */
  readonly decision: string;
}

/** One party's counts in the summary. */
export interface PartyCounts {
  readonly party: string;
  readonly colour: string;
  readonly counts: Readonly<Record<SummaryKind, number>>;
  readonly total: number;
}

/** One row of the concordance of clause numbers: old → new, removed (no new) or added (no old). */
export interface ConcordanceRow {
  readonly clauseId: string;
  /** The clause's heading (newer side's, else older side's), '' when it has none. */
  readonly heading: string;
  readonly before?: number;
  readonly after?: number;
}

/** The change summary and concordance of a redline. */
export interface RedlineSummary {
  /** Every difference, grouped by party (in order of first appearance), then by clause number. */
  readonly rows: readonly SummaryRow[];
  /** Counts per party and kind, in the rows' party order. */
  readonly parties: readonly PartyCounts[];
  /** Name of the older side of the concordance ("U.S. 28-point draft", "Before pending suggestions"). */
  readonly beforeName: string;
  /** Name of the newer side. */
  readonly afterName: string;
  /** Every clause of either side, in the newer side's order (removed ones after their predecessor). */
  readonly concordance: readonly ConcordanceRow[];
}

/** The comment anchor key of the runs of a revision. */
export function revisionAnchor(revisionId: string): string {
  return `revision:${revisionId}`;
}

/** The comment anchor key of a clause's number line. */
export function clauseAnchor(clauseId: string): string {
  return `clause:${clauseId}`;
}

/** The comment anchor key of a proposed move's number line. */
export function moveAnchor(changeId: string): string {
  return `move:${changeId}`;
}

/** Every anchor key a text run belongs to. */
export function anchorsOf(run: RedlineText): string[] {
  const keys = run.revision ? [revisionAnchor(run.revision.id)] : [];
  return run.anchors ? [...keys, ...run.anchors] : keys;
}

/** A text inline. */
export function textRun(text: string, options: Omit<RedlineText, 'kind' | 'text'> = {}): RedlineText {
  return { kind: 'text', text, ...options };
}
