/**
 * Test harness for the suggestion engine: identities and mark helpers (the
 * DOM-free EditorView stand-in is `shared/editing/headless-view.ts`).
 */
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { trackTransaction } from '../../../shared/suggest/track';

/** Parties of the tests. */
export const PARTIES: Record<'us' | 'ua' | 'ru', Party> = {
  us: { id: 'p-us', name: 'United States', code: 'US', colour: '#1f4e9c' },
  ua: { id: 'p-ua', name: 'Ukraine', code: 'UA', colour: '#d4a300' },
  ru: { id: 'p-ru', name: 'Russia', code: 'RU', colour: '#b22222' },
};

function identity(id: string, name: string, party: Party, role: Member['role']): Identity {
  return { member: { id, name, partyId: party.id, role }, party };
}

/** Members of the tests, one identity each. */
export const WHO = {
  usLead: identity('m-us-lead', 'Avery (US lead)', PARTIES.us, 'lead'),
  usDrafter: identity('m-us-drafter', 'Blake (US)', PARTIES.us, 'drafter'),
  uaSuggester: identity('m-ua', 'Oksana (UA)', PARTIES.ua, 'suggester'),
  uaSecond: identity('m-ua-2', 'Taras (UA)', PARTIES.ua, 'suggester'),
  ruSuggester: identity('m-ru', 'Dmitri (RU)', PARTIES.ru, 'suggester'),
  observer: identity('m-obs', 'Olive (observer)', PARTIES.us, 'observer'),
} as const;

/** All members of the tests. */
export const MEMBERS: Member[] = Object.values(WHO).map((w) => w.member);

/** The ids of insertion/deletion marks in a document, in order of first appearance. */
export function changeIds(doc: PMNode): string[] {
  const out: string[] = [];
  doc.descendants((node) => {
    for (const mark of node.marks) {
      if (mark.type.name !== 'insertion' && mark.type.name !== 'deletion') continue;
      const id = String(mark.attrs['id']);
      if (!out.includes(id)) out.push(id);
    }
    return true;
  });
  return out;
}

/** True if some node other than a clause or text carries a suggestion mark (those would not survive Yjs). */
export function hasNonClauseBlockMarks(doc: PMNode): boolean {
  let found = false;
  doc.descendants((node) => {
    if (!node.isText && node.type.name !== 'clause' && node.marks.length > 0) found = true;
    return !found;
  });
  return found;
}

/** Matches a UUID v4 (change ids must be globally unique, not counters). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The Ukrainian suggester's DOM-free editor with suggestion tracking on: her
 * own pending changes are the ids starting with "mine", her new ones are
 * "mine-new1", "mine-new2", …; a transaction the tracking refuses throws.
 */
export function suggesterEditor(doc: PMNode): HeadlessView {
  let ids = 0;
  return new HeadlessView(EditorState.create({ doc }), function (tr) {
    const outcome = trackTransaction(this.state, tr, {
      identity: WHO.uaSuggester,
      isOwnProposedChange: (id) => id.startsWith('mine'),
      generateId: () => `mine-new${++ids}`,
    });
    if (outcome.action === 'refuse') throw new Error(outcome.message);
    this.updateState(this.state.apply(outcome.tr));
  });
}
