import type { ScriptedChange } from './sample-script';

/**
 * The three weeks of U.S.–Ukraine talks (30 Nov – 21 Dec 2025) that turn the
 * 28-point draft into the 20-point proposal, as change records: every change
 * the public reporting lists, each proposed by one side with a rationale in
 * our own words and accepted by the other side's lead. Illustrative; the
 * people are fictional.
 */
export const PEACE_FRAMEWORK_TALKS: readonly ScriptedChange[] = [
  {
    id: 'ch-troop-cap-800k',
    change: { kind: 'amended', clauseId: 'pf-armed-forces-cap', edit: { before: '600,000', after: '800,000' } },
    author: 'uaDrafter',
    createdAt: '2025-11-30T15:10:00.000Z',
    rationale:
      'A ceiling of 600,000 would leave Ukraine too weak to deter a new attack. 800,000 is the peacetime strength Kyiv regards as the minimum for a credible defence.',
    decision: { by: 'usLead', at: '2025-12-01T19:40:00.000Z', accept: true },
  },
  {
    id: 'ch-drop-nato-russia-dialogue',
    change: { kind: 'removed', clauseId: 'pf-nato-russia-dialogue' },
    author: 'uaLead',
    createdAt: '2025-11-30T16:25:00.000Z',
    rationale:
      'A NATO–Russia dialogue has no place in a settlement between Russia and Ukraine. It complicates the talks and lends weight to the claim that NATO enlargement caused the 2022 invasion.',
    decision: { by: 'usLead', at: '2025-12-01T19:45:00.000Z', accept: true },
  },
  {
    id: 'ch-drop-nato-accession-ban',
    change: { kind: 'removed', clauseId: 'pf-no-nato-accession' },
    author: 'uaLead',
    createdAt: '2025-11-30T17:05:00.000Z',
    rationale:
      'Writing a permanent bar on NATO membership into Ukraine’s constitution is unacceptable to Kyiv. Taking it out does not bring membership closer, since every ally would still have to agree; it simply leaves the question outside this text.',
    decision: { by: 'usLead', at: '2025-12-01T20:10:00.000Z', accept: true },
  },
  {
    id: 'ch-drop-nato-troops-ban',
    change: { kind: 'removed', clauseId: 'pf-no-nato-troops' },
    author: 'uaDrafter',
    createdAt: '2025-12-01T10:30:00.000Z',
    rationale:
      'Ruling out allied troops altogether would get in the way of ceasefire monitoring and of the defence commitments being negotiated alongside this framework.',
    decision: { by: 'usLead', at: '2025-12-01T20:15:00.000Z', accept: true },
  },
  {
    id: 'ch-drop-jets-in-poland',
    change: { kind: 'removed', clauseId: 'pf-jets-in-poland' },
    author: 'usDrafter',
    createdAt: '2025-12-01T11:20:00.000Z',
    rationale:
      'Where allied aircraft are based belongs in the separate agreement on multilateral security guarantees, not in the peace framework itself.',
    decision: { by: 'uaLead', at: '2025-12-01T21:00:00.000Z', accept: true },
  },
  {
    id: 'ch-drop-russia-reintegration',
    change: { kind: 'removed', clauseId: 'pf-russia-reintegration' },
    author: 'usDrafter',
    createdAt: '2025-12-04T14:00:00.000Z',
    rationale:
      'Sanctions relief and Russia’s return to the world economy are for Washington and Moscow to take up between themselves; a bilateral trade track can cover it without a point in this text.',
    decision: { by: 'uaLead', at: '2025-12-08T16:30:00.000Z', accept: true },
  },
  {
    id: 'ch-drop-frozen-assets',
    change: { kind: 'removed', clauseId: 'pf-frozen-assets' },
    author: 'usLead',
    createdAt: '2025-12-04T15:30:00.000Z',
    rationale:
      'Spelling out what happens to Russia’s frozen assets would draw firm opposition from Moscow and stall the talks. Recovery funding stays in the reconstruction point, which leaves room to return to the assets if Moscow stalls.',
    decision: { by: 'uaLead', at: '2025-12-08T16:40:00.000Z', accept: true },
  },
  {
    id: 'ch-drop-arms-control-talks',
    change: { kind: 'removed', clauseId: 'pf-arms-control-talks' },
    author: 'usSuggester',
    createdAt: '2025-12-05T09:45:00.000Z',
    rationale:
      'Nuclear arms control between Washington and Moscow is a separate track; it does not belong in a text about ending the war in Ukraine.',
    decision: { by: 'uaLead', at: '2025-12-08T16:50:00.000Z', accept: true },
  },
  {
    id: 'ch-drop-amnesty',
    change: { kind: 'removed', clauseId: 'pf-amnesty' },
    author: 'uaSuggester',
    createdAt: '2025-12-05T13:15:00.000Z',
    rationale:
      'A blanket amnesty would shield those responsible for crimes committed during the war and cut across international legal proceedings. Ukraine cannot sign away accountability.',
    decision: { by: 'usLead', at: '2025-12-09T18:20:00.000Z', accept: true },
  },
  {
    id: 'ch-znpp-no-iaea-role',
    change: {
      kind: 'amended',
      clauseId: 'pf-zaporizhzhia-npp',
      edit: {
        before: 'under the supervision of the International Atomic Energy Agency (IAEA)',
        after: 'under an operating arrangement agreed by the parties',
      },
    },
    author: 'uaDrafter',
    createdAt: '2025-12-15T10:40:00.000Z',
    rationale:
      'The IAEA team on site is welcome as a safeguard, but putting the restart under its supervision risks freezing today’s situation at the plant. How it is run should be settled between the parties.',
    decision: { by: 'usLead', at: '2025-12-20T17:30:00.000Z', accept: true },
  },
  {
    id: 'ch-education-no-nazism',
    change: {
      kind: 'amended',
      clauseId: 'pf-education-tolerance',
      edit: { before: ' Both parties will renounce Nazi ideology and prohibit its promotion.', after: '' },
    },
    author: 'uaLead',
    createdAt: '2025-12-15T12:05:00.000Z',
    rationale:
      'The sentence on Nazi ideology would give credence to the pretext Moscow invented for its invasion. The commitment to tolerance stands on its own without it.',
    decision: { by: 'usLead', at: '2025-12-20T17:45:00.000Z', accept: true },
  },
  {
    id: 'ch-elections-no-deadline',
    change: {
      kind: 'amended',
      clauseId: 'pf-elections',
      edit: {
        before: 'within 100 days of the lifting of martial law',
        after: 'as soon as practicable after the agreement is signed',
      },
    },
    author: 'uaDrafter',
    createdAt: '2025-12-19T15:20:00.000Z',
    rationale:
      'A fixed 100-day deadline is Moscow’s demand. Kyiv has begun preparing for a vote and should set the date itself; it may also put the final agreement to a referendum.',
    decision: { by: 'usLead', at: '2025-12-21T14:10:00.000Z', accept: true },
  },
];

/** When the 28-point draft was kept as a version, and by whom. */
export const VERSION_28_TAKEN = { by: 'usLead', at: '2025-11-20T12:00:00.000Z' } as const;

/** When the 20-point proposal was kept as a version, and by whom. */
export const VERSION_20_TAKEN = { by: 'uaLead', at: '2025-12-22T18:00:00.000Z' } as const;
