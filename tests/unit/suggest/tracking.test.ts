import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { ySyncPluginKey } from 'y-prosemirror';
import type { Identity } from '../../../shared/domain/types';
import { insertClauseAt, moveClauseTo, removeClauseById } from '../../../shared/editing/clause-commands';
import { listClauses } from '../../../shared/schema/clauses';
import { withSuggestionTracking, type Refusal } from '../../../shared/suggest/dispatch';
import { SUGGEST_META } from '../../../shared/suggest/meta';
import { addedClause, clause, del, ins, li, p, posAfter, proposal, rangeOf, removedClause, ul } from '../../helpers/builders';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { changeIds, hasNonClauseBlockMarks, UUID, WHO } from './harness';

interface Setup {
  view: HeadlessView;
  as(who: Identity): void;
  refusals: Refusal[];
  setEnabled(on: boolean): void;
}

function setup(doc: PMNode, who: Identity = WHO.uaSuggester): Setup {
  let current = who;
  let enabled = true;
  const refusals: Refusal[] = [];
  const dispatch = withSuggestionTracking({
    identity: () => current,
    enabled: () => enabled,
    onRefused: (r) => refusals.push(r),
  });
  const view = new HeadlessView(EditorState.create({ doc }), dispatch);
  return {
    view,
    as: (w) => {
      current = w;
    },
    refusals,
    setEnabled: (on) => {
      enabled = on;
    },
  };
}

const troops = (): PMNode =>
  proposal(clause('c1', p('Troop cap of 600,000 men.')), clause('c2', p('Second clause.')), clause('c3', p('Third clause.')));

describe('typing, deleting, replacing', () => {
  it('typed text becomes one tracked insertion with a globally unique id', () => {
    const { view } = setup(troops());
    view.select(posAfter(view.doc, 'Troop cap of ')).type('up to ');
    const [id] = changeIds(view.doc);
    expect(id).toMatch(UUID);
    expect(view.doc.eq(proposal(clause('c1', p('Troop cap of ', ins(id!, 'up to '), '600,000 men.')), clause('c2', p('Second clause.')), clause('c3', p('Third clause.'))))).toBe(true);
  });

  it('deleted text stays visible with a deletion mark, consecutive backspaces form one change', () => {
    const { view } = setup(troops());
    view.select(posAfter(view.doc, ' men')).backspace(4);
    const ids = changeIds(view.doc);
    expect(ids).toHaveLength(1);
    expect(view.doc.eq(proposal(clause('c1', p('Troop cap of 600,000', del(ids[0]!, ' men'), '.')), clause('c2', p('Second clause.')), clause('c3', p('Third clause.'))))).toBe(true);
  });

  it('replacing a selection is one change: deletion and insertion with the same id', () => {
    const { view } = setup(troops());
    view.selectText('600,000').type('800,000');
    const ids = changeIds(view.doc);
    expect(ids).toHaveLength(1);
    const id = ids[0]!;
    expect(view.doc.eq(proposal(clause('c1', p('Troop cap of ', del(id, '600,000'), ins(id, '800,000'), ' men.')), clause('c2', p('Second clause.')), clause('c3', p('Third clause.'))))).toBe(true);
  });

  it('the transaction produced carries the suggest meta of the member', () => {
    let seen: unknown;
    const dispatch = withSuggestionTracking({ identity: () => WHO.uaSuggester }, function (tr) {
      seen = tr.getMeta(SUGGEST_META);
      this.updateState(this.state.apply(tr));
    });
    const view = new HeadlessView(EditorState.create({ doc: troops() }), dispatch);
    view.select(posAfter(view.doc, 'Troop')).type('s');
    expect(seen).toEqual({ memberId: WHO.uaSuggester.member.id });
  });

  it('a whole deleted list item is marked on its text, not with a block mark Yjs would drop', () => {
    const doc = proposal(clause('c1', p('Lists:'), ul(li('one'), li('two'), li('three'))));
    const { view } = setup(doc);
    const from = rangeOf(view.doc, 'two').from - 2;
    const item = view.doc.nodeAt(from)!;
    expect(item.type.name).toBe('list_item');
    view.dispatch(view.state.tr.delete(from, from + item.nodeSize));
    const [id] = changeIds(view.doc);
    expect(hasNonClauseBlockMarks(view.doc)).toBe(false);
    expect(view.doc.eq(proposal(clause('c1', p('Lists:'), ul(li('one'), li(del(id!, 'two')), li('three')))))).toBe(true);
  });
});

describe('grouping', () => {
  it('consecutive keystrokes by the same member in the same place extend one change', () => {
    const { view } = setup(troops());
    view.select(posAfter(view.doc, 'Troop cap of ')).type('a');
    view.type('bc');
    view.select(posAfter(view.doc, 'abc')).type('d');
    expect(changeIds(view.doc)).toHaveLength(1);
    expect(listClauses(view.doc, 'marked')[0]!.text).toBe('Troop cap of [+abcd+]600,000 men.');
  });

  it('typing next to another member’s change starts a new change and leaves theirs alone', () => {
    const s = setup(troops(), WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, 'Troop cap of ')).type('ab');
    const [first] = changeIds(s.view.doc);
    s.as(WHO.ruSuggester);
    s.view.select(posAfter(s.view.doc, 'ab')).type('XY');
    s.view.select(posAfter(s.view.doc, 'Troop cap of ')).type('Z');
    const ids = changeIds(s.view.doc);
    expect(ids).toHaveLength(3);
    const [z, a, x] = [ids[0]!, ids[1]!, ids[2]!];
    expect(a).toBe(first);
    expect(s.view.doc.child(0).eq(clause('c1', p('Troop cap of ', ins(z, 'Z'), ins(a, 'ab'), ins(x, 'XY'), '600,000 men.')))).toBe(true);
  });

  it('a member of the same party is still another member: a new change', () => {
    const s = setup(troops(), WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, 'Troop cap of ')).type('ab');
    s.as(WHO.uaSecond);
    s.view.type('cd');
    expect(changeIds(s.view.doc)).toHaveLength(2);
  });

  it('deleting next to another member’s deletion does not relabel or extend it', () => {
    const s = setup(troops(), WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, '600,000')).backspace(3);
    const [theirs] = changeIds(s.view.doc);
    s.as(WHO.ruSuggester);
    s.view.select(rangeOf(s.view.doc, '600,').to).backspace(2);
    const ids = changeIds(s.view.doc);
    expect(ids).toHaveLength(2);
    const mine = ids.find((i) => i !== theirs)!;
    expect(s.view.doc.child(0).eq(clause('c1', p('Troop cap of 60', del(mine, '0,'), del(theirs!, '000'), ' men.')))).toBe(true);
  });

  // keeps-others-text (56 of its 76 hub refusals in seeds 1–12): the library joins a strike to the adjacent one, whoever
  // made it, so striking her own struck text again beside another member's strike put that member's mark on it too.
  it('striking one’s own struck text again beside another member’s strike adds no mark of theirs', () => {
    const s = setup(proposal(clause('c1', p('the partie', del('theirs', 's'), del('mine', ' agree on item 1.')))), WHO.uaSuggester);
    const r = rangeOf(s.view.doc, ' agree ');
    s.view.select(r.from, r.to).backspace();
    expect(s.refusals).toEqual([]);
    expect(s.view.doc.child(0).eq(clause('c1', p('the partie', del('theirs', 's'), del('mine', ' agree on item 1.'))))).toBe(true);
  });

  it('typing in two places makes two changes', () => {
    const { view } = setup(troops());
    view.select(posAfter(view.doc, 'Troop')).type('s');
    view.select(posAfter(view.doc, 'Second')).type('!');
    expect(changeIds(view.doc)).toHaveLength(2);
  });
});

describe('what is never tracked', () => {
  it('remote transactions (y-sync change origin) and undo/redo pass untouched', () => {
    const { view } = setup(troops());
    const remote = view.state.tr.insertText('REMOTE ', 1 + 1).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    view.dispatch(remote);
    const undo = view.state.tr.insertText('UNDO ', 2).setMeta(ySyncPluginKey, { isChangeOrigin: true, isUndoRedoOperation: true });
    view.dispatch(undo);
    expect(changeIds(view.doc)).toEqual([]);
    expect(view.doc.child(0).eq(clause('c1', p('UNDO REMOTE Troop cap of 600,000 men.')))).toBe(true);
  });

  it('direct editing (suggestion mode off) passes edits untouched', () => {
    const s = setup(troops(), WHO.usLead);
    s.setEnabled(false);
    s.view.selectText('600,000').type('800,000');
    expect(s.view.doc.eq(proposal(clause('c1', p('Troop cap of 800,000 men.')), clause('c2', p('Second clause.')), clause('c3', p('Third clause.'))))).toBe(true);
  });

  it('an observer cannot edit', () => {
    const s = setup(troops(), WHO.observer);
    s.view.select(posAfter(s.view.doc, 'Troop')).type('s');
    expect(s.view.doc.eq(troops())).toBe(true);
    expect(s.refusals[0]?.reason).toBe('observer');
  });

  it('deleting another member’s proposed insertion is refused, one’s own is really deleted', () => {
    const s = setup(troops(), WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, 'Troop cap of ')).type('abc');
    s.as(WHO.ruSuggester);
    s.view.select(posAfter(s.view.doc, 'abc')).backspace();
    expect(s.refusals.map((r) => r.reason)).toEqual(['foreign-proposal']);
    s.as(WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, 'abc')).backspace();
    const [id] = changeIds(s.view.doc);
    expect(s.view.doc.child(0).eq(clause('c1', p('Troop cap of ', ins(id!, 'ab'), '600,000 men.')))).toBe(true);
  });
});

describe('clause-level operations', () => {
  it('an inserted clause carries a block insertion mark with a new id', () => {
    const { view } = setup(troops());
    view.run(insertClauseAt(1, 'c-new'));
    view.type('New point.');
    const [id] = changeIds(view.doc);
    expect(id).toMatch(UUID);
    expect(view.doc.eq(proposal(clause('c1', p('Troop cap of 600,000 men.')), addedClause(id!, 'c-new', p('New point.')), clause('c2', p('Second clause.')), clause('c3', p('Third clause.'))))).toBe(true);
  });

  it('a removed clause stays, struck through with a block deletion mark, and keeps its number', () => {
    const { view } = setup(troops());
    view.run(removeClauseById('c2'));
    const [id] = changeIds(view.doc);
    expect(view.doc.eq(proposal(clause('c1', p('Troop cap of 600,000 men.')), removedClause(id!, 'c2', p('Second clause.')), clause('c3', p('Third clause.'))))).toBe(true);
    const listed = listClauses(view.doc);
    expect(listed.map((c) => [c.number, c.pendingRemoval])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('removing a clause again, or someone else’s proposed clause, is refused; withdrawing one’s own removes it', () => {
    const s = setup(troops(), WHO.uaSuggester);
    s.view.run(removeClauseById('c2'));
    s.view.run(removeClauseById('c2'));
    s.view.run(insertClauseAt(3, 'c-ua'));
    s.as(WHO.ruSuggester);
    s.view.run(removeClauseById('c-ua'));
    expect(s.refusals.map((r) => r.reason)).toEqual(['already-removed', 'foreign-proposal']);
    s.as(WHO.uaSuggester);
    s.view.run(removeClauseById('c-ua'));
    expect(listClauses(s.view.doc).map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('a move keeps the same clause node and id and adds no marks', () => {
    const { view } = setup(troops());
    const moved = view.doc.child(0);
    view.run(moveClauseTo('c1', 2));
    expect(changeIds(view.doc)).toEqual([]);
    expect(view.doc.child(2)).toBe(moved);
    expect(view.doc.eq(proposal(clause('c2', p('Second clause.')), clause('c3', p('Third clause.')), clause('c1', p('Troop cap of 600,000 men.'))))).toBe(true);
  });

  it('text typed into another member’s proposed clause is the typist’s own change', () => {
    const s = setup(troops(), WHO.uaSuggester);
    s.view.run(insertClauseAt(1, 'c-ua'));
    s.view.type('Ceasefire.');
    const [clauseChange] = changeIds(s.view.doc);
    s.as(WHO.ruSuggester);
    s.view.select(posAfter(s.view.doc, 'Ceasefire')).type(' now');
    const ids = changeIds(s.view.doc);
    expect(ids).toHaveLength(2);
    const ru = ids.find((i) => i !== clauseChange)!;
    expect(s.view.doc.child(1).eq(addedClause(clauseChange!, 'c-ua', p('Ceasefire', ins(ru, ' now'), '.')))).toBe(true);
  });
});

describe('a lead editing directly', () => {
  /** The Ukrainian suggester proposes "abc " in clause 1; then the US lead edits directly (suggestion mode off). */
  function withUkrainianInsertion(): Setup {
    const s = setup(troops(), WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, 'Troop cap of ')).type('abc ');
    s.as(WHO.usLead);
    s.setEnabled(false);
    return s;
  }

  it('typing inside another member’s insertion, deleting it or striking across it is refused with a reason; the document is unchanged', () => {
    const s = withUkrainianInsertion();
    const before = s.view.doc;
    s.view.select(posAfter(s.view.doc, 'ab')).type('X');
    s.view.select(posAfter(s.view.doc, 'abc')).backspace();
    const [from, to] = [posAfter(s.view.doc, 'Troop cap'), posAfter(s.view.doc, 'abc')];
    s.view.select(from, to).type('X');
    expect(s.refusals.map((r) => r.reason)).toEqual(['foreign-proposal', 'foreign-proposal', 'foreign-proposal']);
    expect(s.refusals[0]!.message).toMatch(/another member’s pending suggestion: accept or reject it first, or comment on it\./);
    expect(s.view.doc.eq(before)).toBe(true);
  });

  it('text outside it, in other clauses and moving the clause whole go through untracked', () => {
    const s = withUkrainianInsertion();
    const [id] = changeIds(s.view.doc);
    s.view.select(posAfter(s.view.doc, ' men')).type(' at most');
    s.view.select(posAfter(s.view.doc, 'Second')).type(' and last');
    s.view.run(moveClauseTo('c1', 2));
    expect(s.refusals).toEqual([]);
    expect(changeIds(s.view.doc)).toEqual([id]);
    expect(s.view.doc.eq(proposal(clause('c2', p('Second and last clause.')), clause('c3', p('Third clause.')), clause('c1', p('Troop cap of ', ins(id!, 'abc '), '600,000 men at most.'))))).toBe(true);
  });

  it('a clause another member proposed is theirs even where its text carries no mark; one they proposed to remove may still be edited', () => {
    const doc = proposal(addedClause('ua-added', 'c-new', p('New point.')), removedClause('ua-removed', 'c2', p('Second clause.')), clause('c3', p('Third clause.')));
    const s = setup(doc, WHO.usLead);
    s.setEnabled(false);
    s.view.select(posAfter(s.view.doc, 'New point.')).type('X');
    s.view.select(posAfter(s.view.doc, 'New')).backspace();
    expect(s.refusals.map((r) => r.reason)).toEqual(['foreign-proposal', 'foreign-proposal']);
    s.view.select(posAfter(s.view.doc, 'Second')).backspace(6);
    s.view.select(posAfter(s.view.doc, 'clause.')).type(' Amended.');
    expect(s.refusals).toHaveLength(2);
    expect(s.view.doc.eq(proposal(addedClause('ua-added', 'c-new', p('New point.')), removedClause('ua-removed', 'c2', p(' clause. Amended.')), clause('c3', p('Third clause.'))))).toBe(true);
  });

  it('the lead’s own pending insertion stays hers to edit directly', () => {
    const s = setup(troops(), WHO.usLead);
    s.view.select(posAfter(s.view.doc, 'Troop cap of ')).type('up to ');
    s.setEnabled(false);
    s.view.select(posAfter(s.view.doc, 'up')).type('!');
    expect(s.refusals).toEqual([]);
    expect(s.view.doc.textContent).toContain('up! to ');
  });
});
