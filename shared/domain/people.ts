import type { Member, Party } from './types';

/** A workspace's parties and members, as the workspace info, a manifest or an export carries them. */
export interface PeopleSource {
  readonly parties: readonly Party[];
  readonly members: readonly Member[];
}

/** How an id this workspace does not know is named (a member or party removed, or from another file). */
export const UNKNOWN_MEMBER = 'Unknown member';
/** See `UNKNOWN_MEMBER`. */
export const UNKNOWN_PARTY = 'Unknown party';
/** The code shown for a party this workspace does not know. */
export const UNKNOWN_PARTY_CODE = '?';

/**
 * The one lookup of a workspace's people by id, with the one set of
 * fallbacks for ids it does not know: the changes panel, comments, history,
 * the change popover and the redlines all name people through it.
 */
export class People {
  readonly parties: readonly Party[];
  readonly members: readonly Member[];
  private readonly partyById: ReadonlyMap<string, Party>;
  private readonly memberById: ReadonlyMap<string, Member>;

  constructor(source: PeopleSource) {
    this.parties = source.parties;
    this.members = source.members;
    this.partyById = new Map(source.parties.map((p) => [p.id, p]));
    this.memberById = new Map(source.members.map((m) => [m.id, m]));
  }

  /** A party, or undefined when unknown here. */
  party(partyId: string): Party | undefined {
    return this.partyById.get(partyId);
  }

  /** A member, or undefined when unknown here. */
  member(memberId: string): Member | undefined {
    return this.memberById.get(memberId);
  }

  /** The member's name, or "Unknown member". */
  memberName(memberId: string): string {
    return this.memberById.get(memberId)?.name ?? UNKNOWN_MEMBER;
  }

  /** The party's name, or "Unknown party". */
  partyName(partyId: string): string {
    return this.partyById.get(partyId)?.name ?? UNKNOWN_PARTY;
  }

  /** The party's short code ("RU"), or "?". */
  partyCode(partyId: string): string {
    return this.partyById.get(partyId)?.code ?? UNKNOWN_PARTY_CODE;
  }

  /** "Anna Volkova (Russia)": how a tracked change or comment names its author. */
  author(memberId: string, partyId: string): string {
    return `${this.memberName(memberId)} (${this.partyName(partyId)})`;
  }

  /** "Dana Whitfield (United States)" for a member whose party is looked up. */
  memberWithParty(memberId: string): string {
    const member = this.memberById.get(memberId);
    return member ? this.author(member.id, member.partyId) : this.memberName(memberId);
  }

  /** The member's initials ("AV"), for Word's comment markers. */
  initials(memberId: string): string {
    return initialsOf(this.memberName(memberId));
  }
}

/** Nobody: the people when no workspace is open. */
export const NO_PEOPLE = new People({ parties: [], members: [] });

const cache = new WeakMap<PeopleSource, People>();

/** The people of a workspace (`NO_PEOPLE` for none), built once per source object. */
export function peopleOf(source: PeopleSource | null | undefined): People {
  if (!source) return NO_PEOPLE;
  let people = cache.get(source);
  if (!people) {
    people = new People(source);
    cache.set(source, people);
  }
  return people;
}

/** "AV" for "Anna Volkova"; at most three letters. */
export function initialsOf(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .map((word) => word[0]!.toUpperCase());
  return letters.slice(0, 3).join('') || '?';
}
