import type { ClauseText, ProposalModel } from './sample-model';
import { clauseFromText } from './sample-model';

/**
 * The sample's "Russian counter-draft" of the peace framework: how Russia
 * might answer the U.S.–Ukraine 20-point proposal, written in our own words
 * from what public analysis (Dec 2025) expected Moscow to insist on: the
 * whole of the Donbas, a cap on Ukraine's army, no NATO membership, no
 * foreign troops, the Zaporizhzhia plant as it is, amnesty, elections on a
 * fixed clock, sanctions relief. Illustrative, not a real document. It is
 * kept as a named version of the "Peace framework": the points it rewords
 * keep their ids (the four-column view aligns them by id); the points it
 * brings back from the 28-point draft are Russia's own clauses with new
 * ids, which the view aligns with the 28-point ones by their headings.
 */

/** Name of the version. */
export const VERSION_RU_NAME = 'Russian counter-draft';

/** Who kept it, and when (after the 20-point proposal, before Russia's suggestions in the working draft). */
export const VERSION_RU_TAKEN = { by: 'ruDrafter', at: '2025-12-26T15:00:00.000Z' } as const;

/** One change of the counter-draft against the 20-point text. */
export type CounterEdit =
  | { readonly kind: 'reword'; readonly clause: ClauseText }
  | { readonly kind: 'insert'; readonly after: string; readonly clause: ClauseText };

/** The counter-draft's changes to the 20 points, in order. */
export const RUSSIAN_COUNTER_EDITS: readonly CounterEdit[] = [
  {
    kind: 'reword',
    clause: {
      id: 'pf-security-guarantees',
      heading: 'Security guarantees',
      text: 'Ukraine will receive guarantees of its security from states acceptable to every party, Russia included. No guarantor will station forces on Ukrainian territory.',
    },
  },
  {
    kind: 'insert',
    after: 'pf-security-guarantees',
    clause: {
      id: 'ru-no-nato-accession',
      heading: 'NATO membership',
      text: 'Ukraine will state in its constitution that it will not join NATO, and NATO will record in its own rules that Ukraine will not be admitted.',
    },
  },
  {
    kind: 'insert',
    after: 'ru-no-nato-accession',
    clause: {
      id: 'ru-no-foreign-troops',
      heading: 'Foreign troops',
      text: 'No troops of NATO or of any of its member states will be stationed on Ukrainian territory, whether as peacekeepers, guarantors or trainers.',
    },
  },
  {
    kind: 'reword',
    clause: {
      id: 'pf-armed-forces-cap',
      heading: 'Armed forces',
      text: 'In peacetime, Ukraine’s armed forces will not exceed 600,000 personnel; limits on long-range weapons will be set out in an annex.',
    },
  },
  {
    kind: 'insert',
    after: 'pf-reconstruction',
    clause: {
      id: 'ru-sanctions-relief',
      heading: 'Russia and the world economy',
      text: 'Sanctions on Russia will be lifted in stages from the day this framework takes effect, and Russia will be brought back into the global economy.',
    },
  },
  {
    kind: 'reword',
    clause: {
      id: 'pf-zaporizhzhia-npp',
      heading: 'Zaporizhzhia nuclear power plant',
      text: 'The plant stays under its present Russian operation; the IAEA may observe its safety. How its output is shared will be set out in an annex.',
    },
  },
  {
    kind: 'reword',
    clause: {
      id: 'pf-education-tolerance',
      heading: 'Education and tolerance',
      text: 'Both countries will run school programmes that build understanding between cultures and counter racism and prejudice. Ukraine will prohibit Nazi ideology and its promotion by law.',
    },
  },
  {
    kind: 'insert',
    after: 'pf-education-tolerance',
    clause: {
      id: 'ru-language-church',
      heading: 'Language and religion',
      text: 'Ukraine will protect by law the use of the Russian language and the freedom of the Ukrainian Orthodox Church.',
    },
  },
  {
    kind: 'reword',
    clause: {
      id: 'pf-territory',
      heading: 'Territory',
      text: 'Crimea and the Donetsk and Luhansk regions (the Donbas) are recognised as Russian. Ukrainian forces will withdraw from the whole of the Donbas. In the Kherson and Zaporizhzhia regions the line of contact is frozen.',
    },
  },
  {
    kind: 'reword',
    clause: {
      id: 'pf-elections',
      heading: 'Elections',
      text: 'Ukraine will hold elections within 100 days of the lifting of martial law.',
    },
  },
  {
    kind: 'insert',
    after: 'pf-elections',
    clause: {
      id: 'ru-amnesty',
      heading: 'Amnesty',
      text: 'Everyone involved in the conflict receives a full amnesty for acts committed during the war, and the parties waive any future claims over them.',
    },
  },
];

/** The counter-draft: the 20-point model (settled, unmarked) with Russia's changes. Throws if a clause it names is missing. */
export function counterDraftModel(model20: ProposalModel, edits: readonly CounterEdit[] = RUSSIAN_COUNTER_EDITS): ProposalModel {
  let model = [...model20];
  for (const edit of edits) {
    const anchor = edit.kind === 'reword' ? edit.clause.id : edit.after;
    const at = model.findIndex((c) => c.id === anchor);
    if (at < 0) throw new Error(`sample: the counter-draft names no clause ${anchor}`);
    if (edit.kind === 'reword') model[at] = clauseFromText(edit.clause);
    else model = [...model.slice(0, at + 1), clauseFromText(edit.clause), ...model.slice(at + 1)];
  }
  return model;
}
