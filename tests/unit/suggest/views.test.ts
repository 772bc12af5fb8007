import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import type { ChangeRecord } from '../../../shared/domain/types';
import { moveClauseTo, removeClauseById } from '../../../shared/editing/clause-commands';
import { readChanges } from '../../../shared/ydoc/layout';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { changeSummaries } from '../../../shared/suggest/change-summaries';
import { changeLocations, clauseHistory, clauseLabels, filterChanges, nextChange, previousChange } from '../../../shared/suggest/views';
import { clause, del, ins, p, proposal, rangeOf, removedClause } from '../../helpers/builders';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { MEMBERS, PARTIES, WHO } from './harness';

const parties = Object.values(PARTIES);

describe('clause labels', () => {
  it('a moved clause reads "Point 9 (was 12)"; a clause proposed for removal keeps its number', () => {
    const clauses = Array.from({ length: 12 }, (_, i) => clause(`c${i + 1}`, p(`Point text ${i + 1}.`)));
    const ydoc = new Y.Doc();
    const view = new HeadlessView(EditorState.create({ doc: proposal(...clauses) }), withSuggestionTracking({ identity: () => WHO.ruSuggester, ydoc }));
    view.run(moveClauseTo('c12', 8));
    view.run(removeClauseById('c2'));
    const labels = clauseLabels(view.doc, readChanges(ydoc));
    const byId = new Map(labels.map((l) => [l.clauseId, l]));
    expect(byId.get('c12')).toMatchObject({ number: 9, was: 12, label: 'Point 9 (was 12)' });
    expect(byId.get('c9')).toMatchObject({ number: 10, label: 'Point 10' });
    expect(byId.get('c9')!.was).toBeUndefined();
    expect(byId.get('c2')).toMatchObject({ number: 2, label: 'Point 2', pendingRemoval: true });
    expect(labels.map((l) => l.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('once the move is decided the "was" goes', () => {
    const doc = proposal(clause('c3', p('Three.')), clause('c1', p('One.')), clause('c2', p('Two.')));
    const move: ChangeRecord = {
      id: 'mv',
      kind: 'moved',
      partyId: PARTIES.ru.id,
      authorId: WHO.ruSuggester.member.id,
      createdAt: '2025-11-20T10:00:00.000Z',
      rationale: '',
      status: 'proposed',
      clauseIds: ['c3'],
      movedFrom: 3,
    };
    expect(clauseLabels(doc, [move])[0]!.label).toBe('Point 1 (was 3)');
    expect(clauseLabels(doc, [{ ...move, status: 'accepted' }])[0]!.label).toBe('Point 1');
  });
});

function record(over: Partial<ChangeRecord> & { id: string }): ChangeRecord {
  return {
    kind: 'amended',
    partyId: PARTIES.ua.id,
    authorId: WHO.uaSuggester.member.id,
    createdAt: '2025-11-20T10:00:00.000Z',
    rationale: '',
    status: 'proposed',
    clauseIds: [],
    ...over,
  };
}

const doc = proposal(
  clause('c1', p('Troop cap of ', del('ua1', '600,000'), ins('ua1', '800,000'), ' men.')),
  removedClause('ru1', 'c2', p('NATO–Russia dialogue.')),
  clause('c3', p('Elections', ins('ru2', ' soon'), '.')),
);
const records: ChangeRecord[] = [
  record({ id: 'ua1', clauseIds: ['c1'], rationale: 'Matches today’s army.', before: 'Troop cap of 600,000 men.', after: 'Troop cap of 800,000 men.', createdAt: '2025-11-20T10:00:01.000Z' }),
  record({ id: 'ru1', kind: 'removed', partyId: PARTIES.ru.id, authorId: WHO.ruSuggester.member.id, clauseIds: ['c2'], createdAt: '2025-11-20T10:00:02.000Z' }),
  record({ id: 'ru2', partyId: PARTIES.ru.id, authorId: WHO.ruSuggester.member.id, clauseIds: ['c3'], createdAt: '2025-11-20T10:00:03.000Z' }),
  record({ id: 'old', clauseIds: ['c1'], status: 'accepted', decidedBy: WHO.usLead.member.id, decidedAt: '2025-11-19T12:00:00.000Z', createdAt: '2025-11-19T10:00:00.000Z', rationale: 'Earlier.' }),
];

describe('changes panel', () => {
  it('summaries carry party, kind, clause number, snippet, rationale and the missing-rationale flag', () => {
    const rows = changeSummaries(doc, records, parties, MEMBERS);
    expect(rows.map((r) => r.id)).toEqual(['ua1', 'ru1', 'ru2', 'old']);
    expect(rows[0]).toMatchObject({
      partyName: 'Ukraine',
      partyCode: 'UA',
      colour: PARTIES.ua.colour,
      authorName: WHO.uaSuggester.member.name,
      kind: 'amended',
      clauseLabel: 'Point 1',
      before: 'Troop cap of 600,000 men.',
      after: 'Troop cap of 800,000 men.',
      missingRationale: false,
      live: true,
    });
    expect(rows[1]).toMatchObject({ partyCode: 'RU', kind: 'removed', clauseLabel: 'Point 2', missingRationale: true, live: true });
    expect(rows[3]).toMatchObject({ status: 'accepted', decidedByName: WHO.usLead.member.name, live: false, missingRationale: false, position: null });
    const ua1 = rows[0]!.position!;
    expect(doc.textBetween(ua1.from, ua1.to)).toBe('600,000800,000');
  });

  it('filters by party, status, kind, clause and missing rationale', () => {
    const ids = (f: Parameters<typeof filterChanges>[1]): string[] => filterChanges(records, f).map((r) => r.id);
    expect(ids({ partyIds: [PARTIES.ru.id] })).toEqual(['ru1', 'ru2']);
    expect(ids({ statuses: ['accepted'] })).toEqual(['old']);
    expect(ids({ kinds: ['removed'] })).toEqual(['ru1']);
    expect(ids({ clauseIds: ['c1'] })).toEqual(['ua1', 'old']);
    expect(ids({ missingRationale: true })).toEqual(['ru1', 'ru2']);
    expect(ids({ partyIds: [PARTIES.ua.id], statuses: ['proposed'] })).toEqual(['ua1']);
    expect(ids({})).toEqual(['ua1', 'ru1', 'ru2', 'old']);
  });

  it('clause history lists every change of a clause, whatever its status, newest first', () => {
    expect(clauseHistory(records, 'c1').map((r) => [r.id, r.status])).toEqual([
      ['ua1', 'proposed'],
      ['old', 'accepted'],
    ]);
    expect(clauseHistory(records, 'c9')).toEqual([]);
  });
});

describe('next and previous change', () => {
  it('walks the proposed changes in document order and wraps around', () => {
    const locations = changeLocations(doc, records);
    expect(locations.map((l) => l.changeId)).toEqual(['ua1', 'ru1', 'ru2']);
    const start = 0;
    const first = nextChange(doc, start, records)!;
    expect(first.changeId).toBe('ua1');
    const second = nextChange(doc, first.from, records)!;
    expect(second.changeId).toBe('ru1');
    expect(nextChange(doc, second.from, records)!.changeId).toBe('ru2');
    expect(nextChange(doc, doc.content.size, records)!.changeId).toBe('ua1');
    expect(nextChange(doc, doc.content.size, records, false)).toBeNull();
    const inThird = rangeOf(doc, ' soon').to;
    expect(previousChange(doc, inThird, records)!.changeId).toBe('ru2');
    expect(previousChange(doc, second.from, records)!.changeId).toBe('ua1');
    expect(previousChange(doc, 0, records)!.changeId).toBe('ru2');
  });

  it('a decided change is skipped even if its marks are still around', () => {
    const decided = records.map((r) => (r.id === 'ru1' ? { ...r, status: 'rejected' as const } : r));
    expect(changeLocations(doc, decided).map((l) => l.changeId)).toEqual(['ua1', 'ru2']);
  });
});
