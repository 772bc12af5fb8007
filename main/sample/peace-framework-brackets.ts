import type { Identity } from '../../shared/domain/types';
import { addAlternativeInYDoc, openBracketInYDoc } from '../../shared/negotiation/bracket-ops';
import { rangeOfWords } from '../../shared/negotiation/word-range';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import type { DocumentScribe } from './document-scribe';
import { SAMPLE_MEMBERS, SAMPLE_PARTIES, type MemberHandle } from './sample-people';

/**
 * The sample's open brackets in the working draft of the peace framework,
 * in our own words (illustrative, not any delegation's text): the starting
 * point of the territory talks, where Ukraine's wording and Russia's stand
 * side by side, and how the Zaporizhzhia plant's output is shared, where the
 * U.S. text and Ukraine's alternative do. Ids and times are fixed so that the
 * sample is the same bytes every time.
 */

/** Ids of the sample's brackets and alternatives (stable). */
export const SAMPLE_BRACKET_IDS = {
  territory: 'br-territory',
  territoryUa: 'alt-territory-ua',
  territoryRu: 'alt-territory-ru',
  znpp: 'br-znpp',
  znppUs: 'alt-znpp-us',
  znppUa: 'alt-znpp-ua',
} as const;

/** The identity of a sample member. */
export function sampleIdentity(handle: MemberHandle): Identity {
  const m = SAMPLE_MEMBERS[handle];
  const p = SAMPLE_PARTIES[m.party];
  return { member: { id: m.id, name: m.name, partyId: p.id, role: m.role }, party: { ...p } };
}

/** Hands out the given ids in order (a bracket's id, its alternatives', then change ids). */
function ids(...list: string[]): () => string {
  let i = 0;
  return () => {
    const id = list[i++];
    if (id === undefined) throw new Error('sample: ran out of bracket ids');
    return id;
  };
}

/** Writes the brackets into the scribe's document, each step by its member at its time. */
export function writeSampleBrackets(scribe: DocumentScribe): void {
  const B = SAMPLE_BRACKET_IDS;
  const step = (by: MemberHandle, at: string, run: () => void) => scribe.commit(by, at, run);
  const doc = () => readSuggestedDoc(scribe.ydoc);

  step('uaDrafter', '2025-12-30T09:00:00.000Z', () => {
    openBracketInYDoc(
      scribe.ydoc,
      sampleIdentity('uaDrafter'),
      {
        ...rangeOfWords(doc(), 'pf-territory', 'The line of contact on the day this framework takes effect'),
        existingPartyId: SAMPLE_PARTIES.UA.id,
        existingRationale: 'Talks start from where the forces stand; no territory is handed over before they begin.',
        alternatives: [],
      },
      { now: '2025-12-30T09:00:00.000Z', generateId: ids(B.territory, B.territoryUa) },
    );
  });
  step('ruDrafter', '2025-12-30T11:20:00.000Z', () => {
    addAlternativeInYDoc(
      scribe.ydoc,
      sampleIdentity('ruDrafter'),
      {
        bracketId: B.territory,
        alternative: { text: 'The full administrative borders of the regions Russia claims in the east', rationale: 'Russia treats both regions as a whole; talks on anything less do not start.' },
      },
      { now: '2025-12-30T11:20:00.000Z', generateId: ids(B.territoryRu) },
    );
  });
  step('usDrafter', '2025-12-30T14:00:00.000Z', () => {
    openBracketInYDoc(
      scribe.ydoc,
      sampleIdentity('usDrafter'),
      {
        ...rangeOfWords(doc(), 'pf-zaporizhzhia-npp', 'set out in an annex'),
        existingPartyId: SAMPLE_PARTIES.US.id,
        existingRationale: 'The split is a technical matter for the annex.',
        alternatives: [],
      },
      { now: '2025-12-30T14:00:00.000Z', generateId: ids(B.znpp, B.znppUs) },
    );
  });
  step('uaDrafter', '2025-12-30T15:10:00.000Z', () => {
    addAlternativeInYDoc(
      scribe.ydoc,
      sampleIdentity('uaDrafter'),
      {
        bracketId: B.znpp,
        alternative: { text: 'decided by Ukraine, to whose grid the plant belongs', rationale: 'The plant is Ukrainian; its output is not a matter for a split.' },
      },
      { now: '2025-12-30T15:10:00.000Z', generateId: ids(B.znppUa) },
    );
  });
}
