import { shortHash } from '../initials/initial-message';
import { textRun, type Audience, type RedlineParagraph } from './model';

/**
 * What a comparison's header says of each version compared: its content
 * hash (short, and in full on a line of its own), who initialled it, and
 * whether it verified when the redline was made. The working draft has no
 * stamp (it is not a named version).
 */
export interface VersionStamp {
  /** SHA-256 (hex) of the version's content, or null if none is recorded. */
  readonly hash: string | null;
  /** Who initialled it, oldest first, with valid signatures only. */
  readonly initials: readonly { readonly member: string; readonly party: string; readonly partyCode: string }[];
  /** False when the version does not verify (content, order or a signature). */
  readonly verified: boolean;
}

/** A compared side as the header names it. */
export interface StampedSide {
  readonly name: string;
  /** Absent for the working draft. */
  readonly stamp?: VersionStamp;
}

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * "“U.S.–Ukraine 20-point proposal”: hash 45df03718e9f, initialled by Dana
 * Whitfield (US) and Olena Kovalenko (UA)." An external redline names the
 * parties that initialled, not the people.
 */
export function stampLine(side: StampedSide, audience: Audience = 'internal'): string {
  const stamp = side.stamp;
  if (stamp === undefined) return `“${side.name}”: not a named version, so no hash and no initials.`;
  const hash = stamp.hash === null ? 'no recorded hash' : `hash ${shortHash(stamp.hash)}`;
  const who =
    audience === 'external'
      ? [...new Set(stamp.initials.map((i) => i.party))]
      : stamp.initials.map((i) => `${i.member} (${i.partyCode})`);
  const initials = who.length === 0 ? 'not initialled' : `initialled by ${listed(who)}`;
  const warning = stamp.verified ? '' : ' It does NOT verify: its content, place in the chain or a signature has changed (draftroom verify).';
  return `“${side.name}”: ${hash}, ${initials}.${warning}`;
}

/** The header lines of a comparison's two sides: a stamp line each, then the full hashes on one line (none if neither is a named version). */
export function stampLines(sides: readonly StampedSide[], audience: Audience = 'internal'): string[] {
  if (sides.every((s) => s.stamp === undefined)) return [];
  const full = sides
    .filter((s): s is StampedSide & { stamp: VersionStamp & { hash: string } } => s.stamp?.hash != null)
    .map((s) => `“${s.name}” ${s.stamp.hash}`);
  return [...sides.map((side) => stampLine(side, audience)), ...(full.length > 0 ? [`Full SHA-256 hashes: ${full.join('; ')}.`] : [])];
}

/** `stampLines` as header paragraphs (the Word file's header is made of paragraphs). */
export function stampParagraphs(lines: readonly string[]): RedlineParagraph[] {
  return lines.map((line) => ({ role: 'note', clauseId: '', inlines: [textRun(line)] }));
}
