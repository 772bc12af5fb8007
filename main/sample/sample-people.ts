import type { MemberRole } from '../../shared/domain/types';

/**
 * The parties and members of the sample negotiation. Party names are the
 * real delegations; every person is fictional (the sample puts words in
 * their mouths, so it must not use real officials' names).
 */

/** One-line label carried by the sample wherever it shows (workspace name, version notes, README). */
export const SAMPLE_NOTE = 'Illustrative sample based on public reporting (Dec 2025); not an official text.';

/** Name of the sample workspace. */
export const SAMPLE_WORKSPACE_NAME = 'Peace talks, Nov–Dec 2025 (illustrative sample)';

/** A party of the sample, with a stable id. */
export interface SampleParty {
  readonly id: string;
  readonly name: string;
  readonly code: 'US' | 'UA' | 'EU' | 'RU';
  /** Calm colour with at least 4.5:1 contrast on white (Okabe–Ito hues, darkened). */
  readonly colour: string;
}

/** The four delegations. */
export const SAMPLE_PARTIES = {
  US: { id: 'party-us', name: 'United States', code: 'US', colour: '#0072b2' },
  UA: { id: 'party-ua', name: 'Ukraine', code: 'UA', colour: '#a66300' },
  EU: { id: 'party-eu', name: 'Europe', code: 'EU', colour: '#00795c' },
  RU: { id: 'party-ru', name: 'Russia', code: 'RU', colour: '#a8466f' },
} as const satisfies Record<string, SampleParty>;

/** A member of the sample, with a stable id. */
export interface SampleMember {
  readonly id: string;
  readonly name: string;
  readonly party: keyof typeof SAMPLE_PARTIES;
  readonly role: MemberRole;
}

/** Every member, keyed by a short handle used by the sample's scripts. */
export const SAMPLE_MEMBERS = {
  usLead: { id: 'us-whitfield', name: 'Dana Whitfield', party: 'US', role: 'lead' },
  usDrafter: { id: 'us-hale', name: 'Marcus Hale', party: 'US', role: 'drafter' },
  usSuggester: { id: 'us-raman', name: 'Priya Raman', party: 'US', role: 'suggester' },
  uaLead: { id: 'ua-kovalenko', name: 'Olena Kovalenko', party: 'UA', role: 'lead' },
  uaDrafter: { id: 'ua-melnyk', name: 'Taras Melnyk', party: 'UA', role: 'drafter' },
  uaSuggester: { id: 'ua-bondar', name: 'Iryna Bondar', party: 'UA', role: 'suggester' },
  euDrafter: { id: 'eu-dubois', name: 'Claire Dubois', party: 'EU', role: 'drafter' },
  euSuggester: { id: 'eu-weber', name: 'Jonas Weber', party: 'EU', role: 'suggester' },
  euObserver: { id: 'eu-rossi', name: 'Sofia Rossi', party: 'EU', role: 'observer' },
  ruDrafter: { id: 'ru-orlov', name: 'Dmitri Orlov', party: 'RU', role: 'drafter' },
  ruSuggester: { id: 'ru-volkova', name: 'Anna Volkova', party: 'RU', role: 'suggester' },
  ruObserver: { id: 'ru-sokolov', name: 'Pavel Sokolov', party: 'RU', role: 'observer' },
} as const satisfies Record<string, SampleMember>;

/** Handle of a sample member (`usLead`, `ruDrafter`, …). */
export type MemberHandle = keyof typeof SAMPLE_MEMBERS;

/** Member id and party id of a handle, as update metadata and records need them. */
export function who(handle: MemberHandle): { memberId: string; partyId: string } {
  const member = SAMPLE_MEMBERS[handle];
  return { memberId: member.id, partyId: SAMPLE_PARTIES[member.party].id };
}
