import { People, type PeopleSource } from '../domain/people';
import type { Audience } from './model';

/** Colour of changes no party made (a comparison's unexplained differences). */
export const NEUTRAL_COLOUR = '#6a707a';

/**
 * The workspace's people as a redline names them, for its audience. For the
 * team (`internal`) exactly `People`: authors "Anna Volkova (Russia)". For
 * the counterpart (`external`) every person becomes their party: authors
 * "Russia", decisions "Accepted by United States", no member names at all.
 */
export class RedlinePeople extends People {
  constructor(
    source: PeopleSource,
    /** Who the redline is for. */
    readonly audience: Audience = 'internal',
  ) {
    super(source);
  }

  /** True when member names and rationales must stay out. */
  get external(): boolean {
    return this.audience === 'external';
  }

  /** The party's colour, or a neutral grey. */
  partyColour(partyId: string): string {
    return this.party(partyId)?.colour ?? NEUTRAL_COLOUR;
  }

  /** The member's name for this audience: null for the external one. */
  visibleMember(memberId: string): string | null {
    return this.external ? null : this.memberName(memberId);
  }

  /** "Anna Volkova (Russia)", or "Russia" for the external audience. */
  override author(memberId: string, partyId: string): string {
    return this.external ? this.partyName(partyId) : super.author(memberId, partyId);
  }

  /** "Dana Whitfield (United States)", or "United States" for the external audience. */
  override memberWithParty(memberId: string): string {
    if (!this.external) return super.memberWithParty(memberId);
    const member = this.member(memberId);
    return member ? this.partyName(member.partyId) : 'a lead';
  }

  /** The member's initials, or the party's code for the external audience (Word wants some). */
  override initials(memberId: string): string {
    if (!this.external) return super.initials(memberId);
    const member = this.member(memberId);
    return member ? this.partyCode(member.partyId) : '?';
  }
}
