import type { TargetClause } from '../suggest/propose-target';

/**
 * Turning the paragraphs of an imported proposal (a .docx, .md or .txt
 * from the other side) into clauses: a numbered point starts a clause —
 * Word's automatic numbering, or a typed "1.", "1)", "Point 1", "Point 5
 * (was 6)" or "(a)" — and the short first line of a point that has more
 * text after it is its heading ("1.<tab>Sovereignty" then the body). Text
 * before the first point (a title, a byline) is the preamble. Each
 * paragraph has two readings: `before` (the other side's tracked changes
 * rejected) and `after` (accepted); both sides are grouped the same way,
 * so a clause wholly inserted has no `before` and one wholly deleted no
 * `after`.
 */

/** A tracked change inside an imported paragraph. */
export interface ImportRevision {
  readonly type: 'insertion' | 'deletion';
  /** The Word author ("Anna Volkova (Russia)"), '' when unknown. */
  readonly author: string;
  readonly text: string;
}

/** One paragraph of an imported file. */
export interface ImportParagraph {
  /** Text with tracked insertions left out and deletions kept. */
  readonly before: string;
  /** Text with tracked insertions kept and deletions left out. */
  readonly after: string;
  /** Word's automatic numbering (a list item) and its level (0 = outermost). */
  readonly numbered?: { readonly level: number };
  /** A heading paragraph (Word's "Heading n" style, a Markdown "#"). */
  readonly heading?: boolean;
  readonly revisions?: readonly ImportRevision[];
  /** Ids of the comments anchored in this paragraph. */
  readonly commentIds?: readonly string[];
}

/** One clause found, with both readings and where its tracked changes and comments are. */
export interface ImportedClause {
  readonly before: TargetClause | null;
  readonly after: TargetClause | null;
  readonly revisions: readonly ImportRevision[];
  readonly commentIds: readonly string[];
}

/** The clauses of an imported file. */
export interface ImportedText {
  readonly preamble: readonly string[];
  readonly clauses: readonly ImportedClause[];
}

type MarkerKind = 'auto' | 'number' | 'letter';

interface Marker {
  readonly kind: MarkerKind;
  /** The text after the marker. */
  readonly rest: string;
}

const TYPED: readonly { kind: MarkerKind; pattern: RegExp }[] = [
  { kind: 'number', pattern: /^\s*point\s+\d+(?:\s*\(was\s+\d+\))?\s*[.:)—–-]?\s*/i },
  { kind: 'number', pattern: /^\s*\d{1,3}[.)](?=\s|$)\s*/ },
  { kind: 'letter', pattern: /^\s*\(([a-z]|[ivx]{1,4})\)\s+/i },
];

function typedMarker(text: string): Marker | null {
  for (const { kind, pattern } of TYPED) {
    const match = pattern.exec(text);
    if (match) return { kind, rest: text.slice(match[0].length).replace(/^[—–-]\s+/, '') };
  }
  return null;
}

function markerOf(paragraph: ImportParagraph, text: string): Marker | null {
  if (paragraph.numbered && paragraph.numbered.level === 0) return { kind: 'auto', rest: text.trim() };
  return typedMarker(text);
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether a point's first line reads as a heading: short, no sentence end, and more text follows. */
function looksLikeHeading(line: string, followed: boolean): boolean {
  const text = clean(line);
  return followed && text !== '' && text.length <= 90 && !/[.;:!?]$/.test(text);
}

interface Group {
  heading: ImportParagraph | null;
  lead: { paragraph: ImportParagraph; before: string; after: string } | null;
  body: ImportParagraph[];
}

function sideOf(group: Group, side: 'before' | 'after'): TargetClause | null {
  const lead = group.lead ? clean(group.lead[side]) : '';
  const body = group.body.map((p) => clean(p[side])).filter((t) => t !== '');
  let heading = group.heading ? clean(group.heading[side]) : '';
  const paragraphs = [...body];
  if (lead !== '') {
    // "Sovereignty — Ukraine’s sovereignty is…": a heading and its text on one line.
    const inline = /^(.{1,90}?)\s+[—–]\s+(\S[\s\S]*)$/.exec(lead);
    if (heading === '' && looksLikeHeading(lead, body.length > 0)) heading = lead;
    else if (heading === '' && inline && looksLikeHeading(inline[1]!, true)) {
      heading = clean(inline[1]!);
      paragraphs.unshift(clean(inline[2]!));
    } else paragraphs.unshift(lead);
  }
  // A Draftroom redline writes "(was 12)" after a moved clause's heading: it is no part of the heading.
  heading = heading.replace(/\s*([_*]?)\(was\s+\d+\)\1$/i, '');
  if (heading === '' && paragraphs.length === 0) return null;
  return { heading, paragraphs };
}

/**
 * Groups paragraphs into clauses (see the module comment). The kind of
 * marker that starts clauses is the first one found (so "(a)" items inside
 * "1." points stay in their point's text); a heading paragraph right before
 * a marked point is that point's heading.
 */
export function clausesFromParagraphs(paragraphs: readonly ImportParagraph[]): ImportedText {
  const markers = paragraphs.map((p) => markerOf(p, p.after.trim() !== '' ? p.after : p.before));
  const kind = markers.find((m) => m !== null)?.kind;
  const preamble: string[] = [];
  const groups: Group[] = [];
  let pendingHeading: ImportParagraph | null = null;
  paragraphs.forEach((paragraph, i) => {
    const marker = markers[i];
    const starts = marker !== null && marker !== undefined && marker.kind === kind;
    const nextStarts = markers[i + 1]?.kind === kind && markers[i + 1] !== null;
    if (paragraph.heading && !starts && nextStarts && groups.length > 0) {
      pendingHeading = paragraph;
      return;
    }
    if (starts) {
      const strip = (text: string): string => (marker.kind === 'auto' ? text : (typedMarker(text)?.rest ?? text));
      groups.push({ heading: pendingHeading, lead: { paragraph, before: strip(paragraph.before), after: strip(paragraph.after) }, body: [] });
      pendingHeading = null;
      return;
    }
    if (pendingHeading) {
      (groups.length > 0 ? groups[groups.length - 1]!.body : []).push(pendingHeading);
      if (groups.length === 0) preamble.push(clean(pendingHeading.after));
      pendingHeading = null;
    }
    if (groups.length === 0) {
      if (clean(paragraph.after) !== '') preamble.push(clean(paragraph.after));
      return;
    }
    groups[groups.length - 1]!.body.push(paragraph);
  });
  const clauses = groups.map((group): ImportedClause => {
    const members = [...(group.heading ? [group.heading] : []), ...(group.lead ? [group.lead.paragraph] : []), ...group.body];
    return {
      before: sideOf(group, 'before'),
      after: sideOf(group, 'after'),
      revisions: members.flatMap((p) => p.revisions ?? []),
      commentIds: members.flatMap((p) => p.commentIds ?? []),
    };
  });
  return { preamble, clauses: clauses.filter((c) => c.before !== null || c.after !== null) };
}
