import type { Stance } from '../../shared/negotiation/position-schema';
import { writePackage } from '../../shared/negotiation/packages';
import { recordPosition } from '../../shared/negotiation/positions';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import type { DocumentScribe } from './document-scribe';
import { sampleIdentity } from './peace-framework-brackets';
import type { MemberHandle } from './sample-people';

/**
 * Each party's position on every point of the 20-point text (and on Russia's
 * three proposed clauses), as the sample
 * records them on 29 December (after Russia's suggestions, before the
 * brackets of 30 December, so the positions on the territory and ZNPP points
 * show as stale). Illustrative, in our own words: a reading of where the
 * public reporting put each delegation, not any delegation's statement.
 */

type Row = readonly [clauseId: string, us: Stance, ua: Stance, eu: Stance, ru: Stance, note?: string];

/** Clause id, then the U.S., Ukrainian, European and Russian stance; a note for Russia's where it differs. */
const POSITIONS: readonly Row[] = [
  ['pf-sovereignty', 'agreed', 'agreed', 'agreed', 'can-accept'],
  ['pf-non-aggression-pact', 'agreed', 'agreed', 'agreed', 'agreed'],
  ['pf-no-further-attacks', 'agreed', 'agreed', 'agreed', 'reserves', 'Russia reads “again” as an admission it does not make.'],
  ['pf-security-guarantees', 'agreed', 'agreed', 'agreed', 'rejects', 'No guarantees that amount to Western forces in Ukraine.'],
  ['pf-armed-forces-cap', 'agreed', 'agreed', 'agreed', 'rejects', 'Russia holds to the 600,000 of the first draft.'],
  ['pf-us-guarantee-terms', 'agreed', 'agreed', 'can-accept', 'reserves'],
  ['pf-eu-membership', 'agreed', 'agreed', 'agreed', 'can-accept'],
  ['pf-reconstruction', 'agreed', 'agreed', 'agreed', 'reserves', 'Not from frozen Russian assets.'],
  ['pf-compliance-group', 'agreed', 'can-accept', 'reserves', 'agreed'],
  ['pf-non-aggression-law', 'agreed', 'agreed', 'agreed', 'can-accept'],
  ['pf-non-nuclear-status', 'agreed', 'agreed', 'agreed', 'agreed'],
  ['pf-zaporizhzhia-npp', 'agreed', 'reserves', 'can-accept', 'rejects', 'The plant stays under the management that runs it today.'],
  ['pf-education-tolerance', 'agreed', 'agreed', 'agreed', 'reserves', 'Wants the pledge on Nazi ideology back.'],
  ['pf-territory', 'agreed', 'reserves', 'can-accept', 'rejects', 'Ukrainian forces must leave Donetsk region first.'],
  ['pf-no-change-by-force', 'agreed', 'agreed', 'agreed', 'can-accept'],
  ['pf-river-and-sea-trade', 'agreed', 'agreed', 'agreed', 'can-accept'],
  ['pf-humanitarian-committee', 'agreed', 'agreed', 'agreed', 'agreed'],
  ['pf-elections', 'agreed', 'agreed', 'agreed', 'reserves', 'Wants a date after martial law ends.'],
  ['pf-binding-oversight', 'agreed', 'agreed', 'can-accept', 'reserves'],
  ['pf-ceasefire', 'agreed', 'agreed', 'agreed', 'can-accept'],
  // Russia's proposed clauses in the working draft.
  ['pf-ru-neutrality-pledges', 'rejects', 'rejects', 'rejects', 'agreed', 'Russia’s own proposal.'],
  ['pf-ru-no-nato-forces', 'reserves', 'rejects', 'rejects', 'agreed', 'Russia’s own proposal.'],
  ['pf-ru-amnesty', 'can-accept', 'reserves', 'reserves', 'agreed', 'Russia’s own proposal.'],
];

/** Who records each party's positions. */
const RECORDERS: readonly MemberHandle[] = ['usDrafter', 'uaDrafter', 'euDrafter', 'ruDrafter'];

/** Ids of the clauses of the 20-point text that carry positions. */
export const SAMPLE_POSITION_CLAUSES: readonly string[] = POSITIONS.map((row) => row[0]);

/** Writes every party's positions, one commit per party (its member, its time). */
export function writeSamplePositions(scribe: DocumentScribe): void {
  RECORDERS.forEach((handle, column) => {
    const at = `2025-12-29T${String(15 + column).padStart(2, '0')}:00:00.000Z`;
    scribe.commit(handle, at, () => {
      const doc = readSuggestedDoc(scribe.ydoc);
      for (const row of POSITIONS) {
        const stance = row[column + 1] as Stance;
        const note = column === 3 ? (row[5] ?? '') : column === 1 && stance !== 'agreed' ? 'Held open until the bracket is settled.' : '';
        recordPosition(scribe.ydoc, doc, sampleIdentity(handle), { clauseId: row[0], stance, note }, { now: at });
      }
    });
  });
}

/** The sample's package: the territory and the guarantees stand or fall together (illustrative). */
export const SAMPLE_PACKAGE = {
  id: 'pkg-territory-guarantees',
  name: 'Territory and guarantees',
  clauseIds: ['pf-security-guarantees', 'pf-us-guarantee-terms', 'pf-non-nuclear-status', 'pf-territory', 'pf-no-change-by-force'],
} as const;

/** The Ukrainian lead groups the territory and guarantee points into one package. */
export function writeSamplePackage(scribe: DocumentScribe): void {
  const at = '2025-12-29T19:00:00.000Z';
  scribe.commit('uaLead', at, () => {
    writePackage(scribe.ydoc, sampleIdentity('uaLead'), { name: SAMPLE_PACKAGE.name, clauseIds: [...SAMPLE_PACKAGE.clauseIds] }, { now: at, generateId: () => SAMPLE_PACKAGE.id });
  });
}
