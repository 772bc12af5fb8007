import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, type Command } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeKind, ChangeRecord, Identity } from '../../../shared/domain/types';
import { readChanges, writeChange } from '../../../shared/ydoc/layout';
import {
  acceptAll,
  acceptChange,
  acceptParty,
  planDecision,
  rejectAll,
  rejectChange,
  rejectParty,
} from '../../../shared/suggest/decide';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { DECISION_META, type DecisionMeta } from '../../../shared/suggest/meta';
import { addedClause, clause, del, ins, li, p, posAfter, proposal, rangeOf, removedClause, strong, ul } from '../../helpers/builders';
import { joinBackward, splitBlock, toggleMark } from 'prosemirror-commands';
import { wrapInList } from 'prosemirror-schema-list';
import { proposalSchema } from '../../../shared/schema/schema';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { changeIds, WHO } from './harness';

let clock = 0;
function rec(id: string, kind: ChangeKind, who: Identity, clauseIds: string[], extra: Partial<ChangeRecord> = {}): ChangeRecord {
  clock++;
  return {
    id,
    kind,
    partyId: who.party.id,
    authorId: who.member.id,
    createdAt: `2025-11-20T10:00:${String(clock % 60).padStart(2, '0')}.000Z`,
    rationale: 'because',
    status: 'proposed',
    clauseIds,
    ...extra,
  };
}

function decide(doc: PMNode, command: Command): { doc: PMNode; meta: DecisionMeta | undefined; ok: boolean } {
  let state = EditorState.create({ doc });
  let meta: DecisionMeta | undefined;
  const ok = command(state, (tr) => {
    meta = tr.getMeta(DECISION_META) as DecisionMeta;
    state = state.apply(tr);
  });
  return { doc: state.doc, meta, ok };
}

const c2 = (): PMNode => clause('c2', p('NATO–Russia dialogue.'));
const c3 = (): PMNode => clause('c3', p('Elections within 100 days.'));

describe('accepting and rejecting each kind restores exactly the expected document', () => {
  const amended = (): PMNode => proposal(clause('c1', p('Troop cap of ', del('ch1', '600,000'), ins('ch1', '800,000'), ' men.')), c2());
  const records = [rec('ch1', 'amended', WHO.uaSuggester, ['c1'])];

  it('amended: accept keeps the new text, reject the old', () => {
    expect(decide(amended(), acceptChange('ch1', records)).doc.eq(proposal(clause('c1', p('Troop cap of 800,000 men.')), c2()))).toBe(true);
    expect(decide(amended(), rejectChange('ch1', records)).doc.eq(proposal(clause('c1', p('Troop cap of 600,000 men.')), c2()))).toBe(true);
  });

  it('added: accept drops the mark, reject deletes the clause', () => {
    const doc = proposal(clause('c1', p('One.')), addedClause('ch2', 'c9', p('Ceasefire now.')), c2());
    const r = [rec('ch2', 'added', WHO.uaSuggester, ['c9'])];
    expect(decide(doc, acceptChange('ch2', r)).doc.eq(proposal(clause('c1', p('One.')), clause('c9', p('Ceasefire now.')), c2()))).toBe(true);
    expect(decide(doc, rejectChange('ch2', r)).doc.eq(proposal(clause('c1', p('One.')), c2()))).toBe(true);
  });

  it('removed: accept deletes the clause (the next one renumbers), reject drops the mark', () => {
    const doc = proposal(clause('c1', p('One.')), removedClause('ch3', 'c2', p('NATO–Russia dialogue.')), c3());
    const r = [rec('ch3', 'removed', WHO.usDrafter, ['c2'])];
    const accepted = decide(doc, acceptChange('ch3', r)).doc;
    expect(accepted.eq(proposal(clause('c1', p('One.')), c3()))).toBe(true);
    expect(decide(doc, rejectChange('ch3', r)).doc.eq(proposal(clause('c1', p('One.')), c2(), c3()))).toBe(true);
  });

  it('removed: a decision about one removed clause leaves the adjacent removed clause alone', () => {
    const doc = proposal(clause('c1', p('One.')), removedClause('r1', 'c2', p('NATO–Russia dialogue.')), removedClause('r2', 'c3', p('Elections within 100 days.')));
    const r = [rec('r1', 'removed', WHO.usDrafter, ['c2']), rec('r2', 'removed', WHO.ruSuggester, ['c3'])];
    expect(decide(doc, acceptChange('r1', r)).doc.eq(proposal(clause('c1', p('One.')), removedClause('r2', 'c3', p('Elections within 100 days.'))))).toBe(true);
  });

  it('removed: the clause goes even when the document came without its block mark', () => {
    const doc = proposal(clause('c1', p('One.')), c2(), c3());
    const r = [rec('ch3', 'removed', WHO.usDrafter, ['c2'])];
    expect(decide(doc, acceptChange('ch3', r)).doc.eq(proposal(clause('c1', p('One.')), c3()))).toBe(true);
  });

  it('clauses whose text carries the clause change’s id too (as the sample writes them) decide cleanly', () => {
    const doc = proposal(
      clause('c1', p('One.')),
      removedClause('rm', 'c2', p(del('rm', 'NATO–Russia dialogue.'))),
      addedClause('ad', 'c9', p(ins('ad', 'Ceasefire now.'))),
    );
    const r = [rec('rm', 'removed', WHO.ruSuggester, ['c2']), rec('ad', 'added', WHO.ruSuggester, ['c9'])];
    expect(decide(doc, rejectAll(r)).doc.eq(proposal(clause('c1', p('One.')), c2()))).toBe(true);
    expect(decide(doc, acceptAll(r)).doc.eq(proposal(clause('c1', p('One.')), clause('c9', p('Ceasefire now.'))))).toBe(true);
  });

  it('moved: accept only records, reject moves the clause back to its old number', () => {
    const doc = proposal(c3(), clause('c1', p('One.')), c2());
    const r = [rec('mv', 'moved', WHO.ruSuggester, ['c3'], { movedFrom: 3 })];
    const accepted = decide(doc, acceptChange('mv', r));
    expect(accepted.ok).toBe(true);
    expect(accepted.doc.eq(doc)).toBe(true);
    expect(decide(doc, rejectChange('mv', r)).doc.eq(proposal(clause('c1', p('One.')), c2(), c3()))).toBe(true);
  });
});

describe('block-level text changes made in the editor decide cleanly', () => {
  function tracked(doc: PMNode, edit: (view: HeadlessView) => void): { doc: PMNode; records: ChangeRecord[] } {
    const ydoc = new Y.Doc();
    const view = new HeadlessView(EditorState.create({ doc }), withSuggestionTracking({ identity: () => WHO.uaSuggester, ydoc }));
    edit(view);
    return { doc: view.doc, records: readChanges(ydoc) };
  }

  it('a deleted list item: accepting removes the item, rejecting restores it', () => {
    const original = proposal(clause('c1', p('Lists:'), ul(li('one'), li('two'), li('three'))));
    const { doc, records } = tracked(original, (view) => {
      const from = rangeOf(view.doc, 'two').from - 2;
      view.dispatch(view.state.tr.delete(from, from + view.doc.nodeAt(from)!.nodeSize));
    });
    const id = records[0]!.id;
    expect(decide(doc, acceptChange(id, records)).doc.eq(proposal(clause('c1', p('Lists:'), ul(li('one'), li('three')))))).toBe(true);
    expect(decide(doc, rejectChange(id, records)).doc.eq(original)).toBe(true);
  });

  it('a new paragraph: rejecting removes it entirely, accepting keeps it', () => {
    const original = proposal(clause('c1', p('First.'), p('Last.')));
    const { doc, records } = tracked(original, (view) => {
      const at = posAfter(view.doc, 'First.') + 1;
      view.dispatch(view.state.tr.insert(at, view.state.schema.nodes['paragraph']!.create(null, view.state.schema.text('Middle.'))));
    });
    const id = records[0]!.id;
    expect(decide(doc, rejectChange(id, records)).doc.eq(original)).toBe(true);
    expect(decide(doc, acceptChange(id, records)).doc.eq(proposal(clause('c1', p('First.'), p('Middle.'), p('Last.'))))).toBe(true);
  });

  it('a replacement typed in the editor: accept and reject give the two texts', () => {
    const original = proposal(clause('c1', p('Troop cap of 600,000 men.')));
    const { doc, records } = tracked(original, (view) => view.selectText('600,000').type('800,000'));
    const id = records[0]!.id;
    expect(decide(doc, acceptChange(id, records)).doc.eq(proposal(clause('c1', p('Troop cap of 800,000 men.'))))).toBe(true);
    expect(decide(doc, rejectChange(id, records)).doc.eq(original)).toBe(true);
  });
});

describe('everyday editor commands, tracked then decided', () => {
  const original = (): PMNode => proposal(clause('c1', p('Alpha beta gamma.'), p('Delta epsilon.')), clause('c2', p('Third.')));
  const cases: [string, (view: HeadlessView) => void, PMNode][] = [
    [
      'Enter in a paragraph, then typing',
      (view) => {
        view.select(posAfter(view.doc, 'Alpha '));
        view.run(splitBlock);
        view.type('X');
      },
      proposal(clause('c1', p('Alpha '), p('Xbeta gamma.'), p('Delta epsilon.')), clause('c2', p('Third.'))),
    ],
    [
      'Backspace at the start of a paragraph (join)',
      (view) => {
        view.select(rangeOf(view.doc, 'Delta').from);
        view.run(joinBackward);
      },
      proposal(clause('c1', p('Alpha beta gamma.Delta epsilon.')), clause('c2', p('Third.'))),
    ],
    [
      'bold',
      (view) => {
        view.selectText('beta');
        view.run(toggleMark(proposalSchema.marks['strong']!));
      },
      proposal(clause('c1', p('Alpha ', strong('beta'), ' gamma.'), p('Delta epsilon.')), clause('c2', p('Third.'))),
    ],
    [
      'turning a paragraph into a bullet list',
      (view) => {
        view.selectText('Third');
        view.run(wrapInList(proposalSchema.nodes['bullet_list']!));
      },
      proposal(clause('c1', p('Alpha beta gamma.'), p('Delta epsilon.')), clause('c2', ul(li('Third.')))),
    ],
  ];
  for (const [name, edit, acceptedDoc] of cases) {
    it(`${name}: accept gives the edited text, reject the original`, () => {
      const ydoc = new Y.Doc();
      const view = new HeadlessView(EditorState.create({ doc: original() }), withSuggestionTracking({ identity: () => WHO.uaSuggester, ydoc }));
      edit(view);
      const records = readChanges(ydoc);
      expect(records).toHaveLength(1);
      expect(decide(view.doc, acceptChange(records[0]!.id, records)).doc.eq(acceptedDoc)).toBe(true);
      expect(decide(view.doc, rejectChange(records[0]!.id, records)).doc.eq(original())).toBe(true);
    });
  }
});

describe('by party, all, and what gets recorded', () => {
  const doc = (): PMNode =>
    proposal(
      clause('c1', p('Troop cap of ', del('ua1', '600,000'), ins('ua1', '800,000'), ' men.')),
      removedClause('ru1', 'c2', p('NATO–Russia dialogue.')),
      clause('c3', p('Elections', ins('ua2', ' soon'), '.')),
    );
  const records = [rec('ua1', 'amended', WHO.uaSuggester, ['c1']), rec('ru1', 'removed', WHO.ruSuggester, ['c2']), rec('ua2', 'amended', WHO.uaSecond, ['c3'])];

  it('accepting one party’s changes leaves the others proposed', () => {
    const out = decide(doc(), acceptParty(WHO.uaSuggester.party.id, records));
    expect(out.meta?.changeIds.slice().sort()).toEqual(['ua1', 'ua2']);
    expect(out.doc.eq(proposal(clause('c1', p('Troop cap of 800,000 men.')), removedClause('ru1', 'c2', p('NATO–Russia dialogue.')), clause('c3', p('Elections soon.'))))).toBe(true);
  });

  it('rejecting one party’s changes', () => {
    const out = decide(doc(), rejectParty(WHO.ruSuggester.party.id, records));
    expect(out.meta?.changeIds).toEqual(['ru1']);
    expect(out.doc.eq(proposal(clause('c1', p('Troop cap of ', del('ua1', '600,000'), ins('ua1', '800,000'), ' men.')), clause('c2', p('NATO–Russia dialogue.')), clause('c3', p('Elections', ins('ua2', ' soon'), '.'))))).toBe(true);
  });

  it('accepting and rejecting all', () => {
    expect(decide(doc(), acceptAll(records)).doc.eq(proposal(clause('c1', p('Troop cap of 800,000 men.')), clause('c3', p('Elections soon.'))))).toBe(true);
    expect(decide(doc(), rejectAll(records)).doc.eq(proposal(clause('c1', p('Troop cap of 600,000 men.')), clause('c2', p('NATO–Russia dialogue.')), clause('c3', p('Elections.'))))).toBe(true);
  });

  it('commands refuse unknown, already decided or empty selections', () => {
    expect(decide(doc(), acceptChange('nope', records)).ok).toBe(false);
    expect(decide(doc(), rejectChange('ua1', [{ ...records[0]!, status: 'accepted' }])).ok).toBe(false);
    expect(decide(doc(), acceptParty('p-nobody', records)).ok).toBe(false);
    expect(() => planDecision(EditorState.create({ doc: doc() }), records, { changeId: 'nope' }, 'accepted')).toThrow(expect.objectContaining({ code: 'unknown-change' }));
  });

  it('a change inside a clause whose removal is accepted is swept away', () => {
    const d = proposal(clause('c1', p('One.')), removedClause('ru1', 'c2', p('NATO', ins('ua9', '–Russia'), ' dialogue.')));
    const r = [rec('ru1', 'removed', WHO.ruSuggester, ['c2']), rec('ua9', 'amended', WHO.uaSuggester, ['c2'])];
    const out = decide(d, acceptChange('ru1', r));
    expect(out.meta).toEqual({ decision: 'accepted', changeIds: ['ru1'], swept: ['ua9'] });
  });

  it('in the editor, a lead’s decision is not tracked and the records get status, decidedBy and decidedAt', () => {
    const ydoc = new Y.Doc();
    for (const r of records) writeChange(ydoc, r);
    const view = new HeadlessView(EditorState.create({ doc: doc() }), withSuggestionTracking({ identity: () => WHO.usLead, ydoc }));
    const before = new Date().toISOString();
    view.run(acceptChange('ua1', readChanges(ydoc)));
    view.run(rejectChange('ru1', readChanges(ydoc)));
    expect(changeIds(view.doc)).toEqual(['ua2']);
    const byId = new Map(readChanges(ydoc).map((r) => [r.id, r]));
    expect(byId.get('ua1')).toMatchObject({ status: 'accepted', decidedBy: WHO.usLead.member.id });
    expect(byId.get('ru1')).toMatchObject({ status: 'rejected', decidedBy: WHO.usLead.member.id });
    expect(byId.get('ua2')).toMatchObject({ status: 'proposed' });
    expect(byId.get('ua2')!.decidedBy).toBeUndefined();
    expect(byId.get('ua1')!.decidedAt! >= before).toBe(true);
  });
});
