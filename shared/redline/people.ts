import type { Member, Party } from '../domain/types';

/**
 * Names of people and parties as the redline prints them: tracked-change
 * authors are "<member> (<party>)", so Word colours each member of each
 * party apart and the counterpart sees who proposed what.
 */

/** The workspace's parties and members. */
export interface RedlinePeople {
  readonly parties: readonly Party[];
  readonly members: readonly Member[];
}

/** Look-ups of members and parties by id, with readable fallbacks for unknown ids. */
export class PeopleIndex {
  private readonly parties: ReadonlyMap<string, Party>;
  private readonly members: ReadonlyMap<string, Member>;

  constructor(people: RedlinePeople) {
    this.parties = new Map(people.parties.map((p) => [p.id, p]));
    this.members = new Map(people.members.map((m) => [m.id, m]));
  }

  /** The member's name, or "Unknown member" for an id this workspace does not know. */
  memberName(memberId: string): string {
    return this.members.get(memberId)?.name ?? 'Unknown member';
  }

  /** The party's name, or "Unknown party". */
  partyName(partyId: string): string {
    return this.parties.get(partyId)?.name ?? 'Unknown party';
  }

  /** The party's short code ("RU"), or "?". */
  partyCode(partyId: string): string {
    return this.parties.get(partyId)?.code ?? '?';
  }

  /** "Anna Volkova (Russia)": how a tracked change or comment names its author. */
  author(memberId: string, partyId: string): string {
    return `${this.memberName(memberId)} (${this.partyName(partyId)})`;
  }

  /** "Dana Whitfield (United States)" for a member whose party is looked up. */
  memberWithParty(memberId: string): string {
    const member = this.members.get(memberId);
    return member ? this.author(member.id, member.partyId) : this.memberName(memberId);
  }

  /** The member's initials ("AV"), for Word's comment markers. */
  initials(memberId: string): string {
    return initialsOf(this.memberName(memberId));
  }
}

/** "AV" for "Anna Volkova"; at most three letters. */
export function initialsOf(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .map((word) => word[0]!.toUpperCase());
  return letters.slice(0, 3).join('') || '?';
}
