import type { ScriptedChange, ScriptedComment } from './sample-script';

/**
 * The working draft after the 20-point proposal: suggestions Russia is likely
 * to push, as public analysis (Dec 2025) expected, still pending (proposed,
 * not decided), and a few comments on them. Rationales are written in our
 * own words in the proposing side's voice. Illustrative; people fictional.
 */
export const PEACE_FRAMEWORK_PENDING: readonly ScriptedChange[] = [
  {
    id: 'ru-donetsk-withdrawal',
    change: {
      kind: 'amended',
      clauseId: 'pf-territory',
      edit: {
        before: '',
        after: ' Ukrainian forces will withdraw from the parts of Donetsk region they still hold, which will become a demilitarised zone.',
      },
    },
    author: 'ruDrafter',
    createdAt: '2025-12-27T09:30:00.000Z',
    rationale:
      'Russia holds that a lasting settlement needs Ukrainian forces to leave Donetsk region; otherwise the line of contact simply stays a front line.',
  },
  {
    id: 'ru-neutrality-pledges',
    change: {
      kind: 'added',
      after: 'pf-security-guarantees',
      clause: {
        id: 'pf-ru-neutrality-pledges',
        heading: 'Neutrality and “denazification” pledges',
        text: 'Ukraine pledges not to seek membership of NATO. It further pledges to remove from its laws and schools what Russia calls Nazi ideology (“denazification”).',
      },
    },
    author: 'ruSuggester',
    createdAt: '2025-12-27T10:15:00.000Z',
    rationale:
      'Russia can accept these commitments as pledges rather than binding provisions, but it will not sign a text that says nothing about NATO membership or “denazification”.',
  },
  {
    id: 'ru-znpp-status-quo',
    change: {
      kind: 'amended',
      clauseId: 'pf-zaporizhzhia-npp',
      edit: {
        before: 'under an operating arrangement agreed by the parties',
        after: 'under the management that runs it today',
      },
    },
    author: 'ruDrafter',
    createdAt: '2025-12-27T11:00:00.000Z',
    rationale:
      'The plant should stay under its present management. Changing who runs a nuclear site during a fragile ceasefire adds risk for no gain.',
  },
  {
    id: 'ru-no-nato-forces',
    change: {
      kind: 'added',
      after: 'pf-ru-neutrality-pledges',
      clause: {
        id: 'pf-ru-no-nato-forces',
        heading: 'No NATO forces',
        text: 'No forces of NATO or of its member states will be deployed on Ukrainian territory. Unarmed third-party observers may help monitor the ceasefire.',
      },
    },
    author: 'ruSuggester',
    createdAt: '2025-12-28T09:40:00.000Z',
    rationale:
      'Russia opposes any foreign military presence in Ukraine. It can live with unarmed observers for monitoring, not with armed forces from NATO states.',
  },
  {
    id: 'ru-amnesty',
    change: {
      kind: 'added',
      after: 'pf-humanitarian-committee',
      clause: {
        id: 'pf-ru-amnesty',
        heading: 'Amnesty and legal claims',
        text: 'The parties grant an amnesty for acts committed during the war and withdraw the international legal actions brought against each other in connection with it.',
      },
    },
    author: 'ruDrafter',
    createdAt: '2025-12-28T10:30:00.000Z',
    rationale:
      'Russia expects international legal action against it to be dropped as part of any settlement. The 28-point draft provided for this, and its removal is not acceptable to Moscow.',
  },
];

/** Comments on the working draft: questions from Ukraine and Europe on Russia's suggestions, and one on elections. */
export const PEACE_FRAMEWORK_COMMENTS: readonly ScriptedComment[] = [
  {
    id: 'cm-elections-referendum',
    target: { type: 'clause', clauseId: 'pf-elections' },
    author: 'uaLead',
    createdAt: '2025-12-22T19:00:00.000Z',
    body: 'Kyiv may also put the final agreement to a referendum. We will propose wording for this point before the next round.',
  },
  {
    id: 'cm-donetsk-red-line',
    target: { type: 'change', changeId: 'ru-donetsk-withdrawal' },
    author: 'uaDrafter',
    createdAt: '2025-12-29T08:15:00.000Z',
    body: 'Pulling out of territory Ukraine still holds is a red line for Kyiv. How can this go into a joint text at all?',
  },
  {
    id: 'cm-donetsk-reply',
    target: { type: 'change', changeId: 'ru-donetsk-withdrawal' },
    parentId: 'cm-donetsk-red-line',
    author: 'usDrafter',
    createdAt: '2025-12-29T13:40:00.000Z',
    body: 'Understood. Let us hold this one for the leaders’ meeting rather than trade it against the troop figure now.',
  },
  {
    id: 'cm-znpp-oversight',
    target: { type: 'change', changeId: 'ru-znpp-status-quo' },
    author: 'euDrafter',
    createdAt: '2025-12-29T10:05:00.000Z',
    body: 'Keeping today’s management would leave Europe’s largest nuclear plant without independent oversight. At the very least the IAEA team’s presence on site should be acknowledged.',
  },
  {
    id: 'cm-pledges-question',
    target: { type: 'change', changeId: 'ru-neutrality-pledges' },
    author: 'uaSuggester',
    createdAt: '2025-12-29T11:30:00.000Z',
    body: 'Even as a pledge, “denazification” would lend credit to the pretext for the invasion. Is there any wording here we could accept, or do we ask for a rejection?',
  },
];
