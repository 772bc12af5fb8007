import type { ClauseText } from './sample-model';

/**
 * The sample's "U.S. 28-point draft" of the peace framework, in our own
 * words: a short heading and one or two sentences per point, paraphrasing
 * what was publicly reported in November 2025. Illustrative, not the
 * official text. Clause ids are descriptive and never change, whatever the
 * clause's number becomes.
 */

/** Title of the sample's main document. */
export const PEACE_FRAMEWORK_TITLE = 'Peace framework';

/** Stable id of the "Peace framework" document. */
export const PEACE_FRAMEWORK_DOC_ID = 'doc-peace-framework';

/** Name of the first kept version (28 clauses). */
export const VERSION_28_NAME = 'U.S. 28-point draft';

/** Name of the second kept version (20 clauses); note the en dash. */
export const VERSION_20_NAME = 'U.S.–Ukraine 20-point proposal';

/** The 28 points, in order. */
export const PEACE_FRAMEWORK_28: readonly ClauseText[] = [
  {
    id: 'pf-sovereignty',
    heading: 'Sovereignty',
    text: 'Ukraine’s sovereignty is reaffirmed. Nothing in this framework limits its right to govern its own affairs.',
  },
  {
    id: 'pf-non-aggression-pact',
    heading: 'Non-aggression agreement',
    text: 'Russia, Ukraine and the states of Europe will conclude a comprehensive non-aggression agreement that settles the disputes left open over the past three decades.',
  },
  {
    id: 'pf-no-further-attacks',
    heading: 'Neighbouring states',
    text: 'Russia undertakes not to attack Ukraine or any other neighbouring state again.',
  },
  {
    id: 'pf-nato-russia-dialogue',
    heading: 'NATO–Russia dialogue',
    text: 'The United States will broker a dialogue between NATO and Russia on their security concerns, to lower tensions and prepare the ground for wider cooperation.',
  },
  {
    id: 'pf-security-guarantees',
    heading: 'Security guarantees',
    text: 'Ukraine will receive dependable guarantees of its security. Their form, and the states that give them, will be set out in a separate agreement.',
  },
  {
    id: 'pf-armed-forces-cap',
    heading: 'Armed forces',
    text: 'In peacetime, Ukraine’s armed forces will not exceed 600,000 personnel.',
  },
  {
    id: 'pf-no-nato-accession',
    heading: 'NATO membership',
    text: 'Ukraine will state in its constitution that it will not join NATO, and NATO will record in its own rules that Ukraine will not be admitted.',
  },
  {
    id: 'pf-no-nato-troops',
    heading: 'Foreign troops',
    text: 'NATO will not station troops anywhere on Ukrainian territory.',
  },
  {
    id: 'pf-jets-in-poland',
    heading: 'Air cover',
    text: 'European fighter aircraft will be based in Poland.',
  },
  {
    id: 'pf-us-guarantee-terms',
    heading: 'Terms of the U.S. guarantee',
    text: 'The United States will be compensated for the guarantee it gives. The guarantee lapses if Ukraine attacks Russia without provocation; if Russia attacks Ukraine again, all sanctions return and a coordinated response follows.',
  },
  {
    id: 'pf-eu-membership',
    heading: 'European Union',
    text: 'Ukraine is eligible for membership of the European Union and will have preferential access to the European market while its application is considered.',
  },
  {
    id: 'pf-reconstruction',
    heading: 'Reconstruction',
    text: 'An international package will pay for Ukraine’s recovery, including a development fund for growth industries and the rebuilding of cities, power networks and transport.',
  },
  {
    id: 'pf-russia-reintegration',
    heading: 'Russia and the world economy',
    text: 'Sanctions on Russia will be lifted in stages, case by case, and Russia will be brought back into the global economy, including through long-term economic cooperation with the United States and an invitation to rejoin the G8.',
  },
  {
    id: 'pf-frozen-assets',
    heading: 'Frozen Russian assets',
    text: 'A large part of Russia’s frozen sovereign assets will be invested in rebuilding Ukraine under U.S. leadership; the rest will go into a joint U.S.–Russian investment vehicle.',
  },
  {
    id: 'pf-compliance-group',
    heading: 'Compliance working group',
    text: 'A joint U.S.–Russian security working group will be set up to promote and check compliance with this framework.',
  },
  {
    id: 'pf-non-aggression-law',
    heading: 'Non-aggression in law',
    text: 'Russia will write into law a policy of non-aggression toward Ukraine and the rest of Europe.',
  },
  {
    id: 'pf-arms-control-talks',
    heading: 'Arms control',
    text: 'The United States and Russia will resume talks on nuclear arms control, including extending the New START treaty.',
  },
  {
    id: 'pf-non-nuclear-status',
    heading: 'Non-nuclear status',
    text: 'Ukraine remains a non-nuclear-weapon state under the Treaty on the Non-Proliferation of Nuclear Weapons.',
  },
  {
    id: 'pf-zaporizhzhia-npp',
    heading: 'Zaporizhzhia nuclear power plant',
    text: 'The plant will be restarted under the supervision of the International Atomic Energy Agency (IAEA). How its output is shared will be set out in an annex.',
  },
  {
    id: 'pf-education-tolerance',
    heading: 'Education and tolerance',
    text: 'Both countries will run school programmes that build understanding between cultures and counter racism and prejudice. Both parties will renounce Nazi ideology and prohibit its promotion.',
  },
  {
    id: 'pf-territory',
    heading: 'Territory',
    text: 'The line of contact on the day this framework takes effect is the starting point for talks on territorial arrangements, to be settled in a separate agreement.',
  },
  {
    id: 'pf-no-change-by-force',
    heading: 'No change by force',
    text: 'Once territorial arrangements are agreed, neither Russia nor Ukraine will try to change them by force.',
  },
  {
    id: 'pf-river-and-sea-trade',
    heading: 'River and sea trade',
    text: 'Russia will not hinder Ukraine’s commercial use of the Dnipro river, and the parties will agree safe passage for grain shipments across the Black Sea.',
  },
  {
    id: 'pf-humanitarian-committee',
    heading: 'Humanitarian committee',
    text: 'A humanitarian committee will oversee the exchange of all prisoners and of the remains of the dead, the return of detained civilians and children, and the reunification of families.',
  },
  {
    id: 'pf-elections',
    heading: 'Elections',
    text: 'Ukraine will hold elections within 100 days of the lifting of martial law.',
  },
  {
    id: 'pf-amnesty',
    heading: 'Amnesty',
    text: 'Everyone involved in the conflict receives a full amnesty for acts committed during the war, and the parties waive any future claims over them.',
  },
  {
    id: 'pf-binding-oversight',
    heading: 'Binding force and oversight',
    text: 'This framework will be legally binding. A peace council chaired by the President of the United States will oversee its implementation, with penalties for violations.',
  },
  {
    id: 'pf-ceasefire',
    heading: 'Ceasefire',
    text: 'Once every party has accepted this framework, a ceasefire takes effect at once and forces pull back to the agreed positions.',
  },
];
