import { describe, expect, it } from 'vitest';
import type { ChangeRecord, CommentRecord, Member, Party } from '../../../shared/domain/types';
import { alignById, movedClauseIds } from '../../../shared/redline/align';
import { attributeDifference, CandidateIndex, candidateRecords } from '../../../shared/redline/attribution';
import { compareRedline, COMPARISON_AUTHOR } from '../../../shared/redline/compare-redline';
import { redlineFileName } from '../../../shared/redline/file-name';
import type { RedlineHeader } from '../../../shared/redline/header';
import { pendingRedline } from '../../../shared/redline/pending-redline';
import { diffPieces, type DiffSegment } from '../../../shared/redline/word-diff';
import { addedClause, clause, del, em, heading, ins, li, p, proposal, removedClause, strong, ul } from '../../helpers/builders';
import { clauseHeads, commentWith, paragraphText, trackedRuns } from './fixtures';

const parties: Party[] = [
  { id: 'p-ua', name: 'Ukraine', code: 'UA', colour: '#a66300' },
  { id: 'p-ru', name: 'Russia', code: 'RU', colour: '#a8466f' },
  { id: 'p-us', name: 'United States', code: 'US', colour: '#0072b2' },
];
const members: Member[] = [
  { id: 'm-taras', name: 'Taras Melnyk', partyId: 'p-ua', role: 'drafter' },
  { id: 'm-anna', name: 'Anna Volkova', partyId: 'p-ru', role: 'suggester' },
  { id: 'm-dana', name: 'Dana Whitfield', partyId: 'p-us', role: 'lead' },
];
const people = { parties, members };
const header: RedlineHeader = { title: 'Framework', workspaceName: 'Talks', exportedAt: new Date('2025-12-30T12:00:00Z'), exportedBy: 'Anna Volkova (Russia)' };

function record(fields: Partial<ChangeRecord> & Pick<ChangeRecord, 'id' | 'kind' | 'clauseIds'>): ChangeRecord {
  return { partyId: 'p-ru', authorId: 'm-anna', createdAt: '2025-12-10T10:00:00.000Z', rationale: '', status: 'proposed', ...fields };
}

function render(segments: DiffSegment[]): string {
  const text = (pieces: readonly { text: string }[]): string => pieces.map((x) => x.text).join('');
  return segments.map((s) => (s.kind === 'equal' ? text(s.pieces) : `[-${text(s.deleted)}-][+${text(s.inserted)}+]`)).join('');
}

const plain = (text: string) => [{ text, bold: false, italic: false }];

describe('clause alignment by stable id', () => {
  it('follows ids across renumbering: moved, removed (after its old neighbour) and added clauses', () => {
    const rows = alignById(['c1', 'c2', 'c3', 'c4'], ['c4', 'c1', 'c3', 'c5'], (id) => id);
    expect(rows.map((r) => `${r.before ? `${r.before.item}@${r.before.number}` : '-'}→${r.after ? `${r.after.item}@${r.after.number}` : '-'}`)).toEqual([
      'c4@4→c4@1',
      'c1@1→c1@2',
      'c2@2→-',
      'c3@3→c3@3',
      '-→c5@4',
    ]);
  });

  it('never pairs clauses by number: a clause inserted at the top shifts nothing', () => {
    const rows = alignById(['a', 'b'], ['new', 'a', 'b'], (id) => id);
    expect(rows.map((r) => [r.before?.item ?? null, r.after?.item ?? null])).toEqual([
      [null, 'new'],
      ['a', 'a'],
      ['b', 'b'],
    ]);
  });
});

describe('which clauses moved', () => {
  const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `c${i + 1}`);
  const moved = (before: string[], after: string[], recorded: string[] = []): string[] =>
    [...movedClauseIds(alignById(before, after, (id) => id), (id) => id, new Set(recorded))].sort();

  it('is the clause taken from Point 9 to Point 3, not the six it jumped over', () => {
    const before = ids(12);
    const after = ['c1', 'c2', 'c9', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c10', 'c11', 'c12'];
    expect(moved(before, after)).toEqual(['c9']);
  });

  it('is nothing when clauses were only added or removed before others', () => {
    expect(moved(ids(6), ['new', 'c1', 'c3', 'c4', 'c6'])).toEqual([]);
    expect(moved(ids(5), ['c2', 'c3', 'x', 'c4', 'c5'])).toEqual([]);
  });

  it('follows a move record when two clauses swapped', () => {
    expect(moved(['a', 'b'], ['b', 'a'], ['a'])).toEqual(['a']);
    expect(moved(['a', 'b'], ['b', 'a'], ['b'])).toEqual(['b']);
    expect(moved(['a', 'b'], ['b', 'a'])).toHaveLength(1);
  });
});

describe('word diff', () => {
  it('changes whole words: 600,000 → 800,000, not 600 → 800 before ",000"', () => {
    expect(render(diffPieces(plain('Troop cap of 600,000 personnel.'), plain('Troop cap of 800,000 personnel.')))).toBe(
      'Troop cap of [-600,000-][+800,000+] personnel.',
    );
  });

  it('joins changes separated by a short shared word into one readable change', () => {
    expect(
      render(diffPieces(plain('Elections within 100 days of the lifting of martial law.'), plain('Elections as soon as practicable after the agreement is signed.'))),
    ).toBe('Elections [-within 100 days of the lifting of martial law.-][+as soon as practicable after the agreement is signed.+]');
  });

  it('keeps formatting: kept text takes the new side’s, deleted text the old side’s', () => {
    const before = [
      { text: 'Cap of ', bold: false, italic: false },
      { text: '600,000', bold: true, italic: false },
    ];
    const after = [
      { text: 'Cap of ', bold: false, italic: true },
      { text: '800,000', bold: true, italic: false },
    ];
    const segments = diffPieces(before, after);
    expect(segments[0]).toEqual({ kind: 'equal', pieces: [{ text: 'Cap of ', bold: false, italic: true }] });
    expect(segments[1]).toEqual({
      kind: 'change',
      deleted: [{ text: '600,000', bold: true, italic: false }],
      inserted: [{ text: '800,000', bold: true, italic: false }],
    });
  });

  it('falls back to replacing the whole text when the edit budget is exceeded', () => {
    const segments = diffPieces(plain('a b c d e f'), plain('u v w x y z'), { maxEditLength: 1 });
    expect(render(segments)).toBe('[-a b c d e f-][+u v w x y z+]');
  });
});

describe('attribution', () => {
  const window = { from: '2025-11-20T12:00:00.000Z', to: '2025-12-22T18:00:00.000Z' };

  it('takes records accepted or created in the interval, never rejected ones or those of other clauses', () => {
    const records = [
      record({ id: 'in', kind: 'amended', clauseIds: ['c1'], status: 'accepted', createdAt: '2025-11-01T00:00:00.000Z', decidedAt: '2025-12-01T00:00:00.000Z' }),
      record({ id: 'early', kind: 'amended', clauseIds: ['c1'], status: 'accepted', createdAt: '2025-11-01T00:00:00.000Z', decidedAt: '2025-11-02T00:00:00.000Z' }),
      record({ id: 'rejected', kind: 'amended', clauseIds: ['c1'], status: 'rejected', createdAt: '2025-12-01T00:00:00.000Z' }),
      record({ id: 'pending', kind: 'amended', clauseIds: ['c1'], createdAt: '2025-12-05T00:00:00.000Z' }),
      record({ id: 'other', kind: 'amended', clauseIds: ['c2'], status: 'accepted', decidedAt: '2025-12-01T00:00:00.000Z' }),
    ];
    expect(candidateRecords(records, 'c1', window).map((r) => r.id)).toEqual(['in', 'pending']);
    expect(candidateRecords(records, 'c1', { from: window.to, to: window.from })).toEqual([]);
  });

  it('indexes the candidates of every clause exactly as candidateRecords filters them (same records, same order)', () => {
    const records = [
      record({ id: 'two', kind: 'moved', clauseIds: ['c1', 'c2', 'c1'], createdAt: '2025-12-02T00:00:00.000Z' }),
      record({ id: 'in', kind: 'amended', clauseIds: ['c1'], status: 'accepted', createdAt: '2025-11-01T00:00:00.000Z', decidedAt: '2025-12-01T00:00:00.000Z' }),
      record({ id: 'early', kind: 'amended', clauseIds: ['c1'], status: 'accepted', createdAt: '2025-11-01T00:00:00.000Z', decidedAt: '2025-11-02T00:00:00.000Z' }),
      record({ id: 'rejected', kind: 'amended', clauseIds: ['c2'], status: 'rejected', createdAt: '2025-12-01T00:00:00.000Z' }),
      record({ id: 'pending', kind: 'amended', clauseIds: ['c2'], createdAt: '2025-12-05T00:00:00.000Z' }),
      record({ id: 'late', kind: 'added', clauseIds: ['c3'], createdAt: '2026-01-05T00:00:00.000Z' }),
    ];
    const index = new CandidateIndex(records, window);
    for (const clauseId of ['c1', 'c2', 'c3', 'none']) {
      expect(index.of(clauseId).map((r) => r.id)).toEqual(candidateRecords(records, clauseId, window).map((r) => r.id));
    }
    expect(index.of('c1').map((r) => r.id)).toEqual(['two', 'in']);
    // A fresh array each time: a caller filtering or sorting it changes nothing for the next.
    index.of('c1').pop();
    expect(index.of('c1')).toHaveLength(2);
  });

  it('prefers the record whose snippets hold the difference', () => {
    const a = record({ id: 'a', kind: 'amended', clauseIds: ['c1'], before: 'under IAEA supervision', after: 'under an agreed arrangement' });
    const b = record({ id: 'b', kind: 'amended', clauseIds: ['c1'], before: 'within 100 days', after: 'as soon as practicable', createdAt: '2025-12-11T00:00:00.000Z' });
    expect(attributeDifference([a, b], { deleted: 'IAEA supervision', inserted: 'an agreed arrangement', kind: 'amended' })?.id).toBe('a');
    expect(attributeDifference([a, b], { deleted: 'nothing alike', inserted: '', kind: 'amended' })?.id).toBe('b');
    expect(attributeDifference([], { deleted: 'x', inserted: '', kind: 'removed' })).toBeUndefined();
  });
});

describe('comparison redline', () => {
  const before = proposal(
    clause('c-cap', heading('Armed forces'), p('Troop cap of 600,000 personnel.')),
    clause('c-dialogue', heading('Dialogue'), p('NATO and Russia will talk.')),
    clause('c-late', p('Removed long ago.')),
    clause('c-ceasefire', p('Ceasefire at once.')),
  );
  const after = proposal(
    clause('c-ceasefire', p('Ceasefire at once.')),
    clause('c-cap', heading('Armed forces'), p('Troop cap of 800,000 personnel.')),
    clause('c-new', heading('Monitoring'), p('Observers ', em('may'), ' monitor.')),
  );
  const records = [
    record({
      id: 'r-cap',
      kind: 'amended',
      clauseIds: ['c-cap'],
      partyId: 'p-ua',
      authorId: 'm-taras',
      rationale: '600,000 is too few.',
      status: 'accepted',
      decidedBy: 'm-dana',
      decidedAt: '2025-12-01T19:40:00.000Z',
      before: 'Troop cap of 600,000',
      after: 'Troop cap of 800,000',
    }),
    record({ id: 'r-dialogue', kind: 'removed', clauseIds: ['c-dialogue'], partyId: 'p-ua', authorId: 'm-taras', rationale: 'Not ours.', status: 'accepted', decidedAt: '2025-12-02T00:00:00.000Z' }),
    // Decided before the first version: it cannot explain a difference between them.
    record({ id: 'r-late', kind: 'removed', clauseIds: ['c-late'], status: 'accepted', createdAt: '2025-10-30T00:00:00.000Z', decidedAt: '2025-11-01T00:00:00.000Z' }),
    record({ id: 'r-new', kind: 'added', clauseIds: ['c-new'], createdAt: '2025-12-10T00:00:00.000Z' }),
  ];
  const model = compareRedline({
    before: { name: 'Draft', time: '2025-11-20T12:00:00.000Z', doc: before, records: [] },
    after: { name: 'Proposal', time: '2025-12-22T18:00:00.000Z', doc: after, records },
    people,
    header,
  });

  it('numbers clauses in the new order, "(was M)" only on the clause that moved; removed clauses wholly deleted with their old number', () => {
    // The ceasefire clause moved from 4 to 1; the troop cap went from 1 to 2 only because of it: no "(was 1)".
    expect(clauseHeads(model).map((h) => [h.text, h.revision ?? null])).toEqual([
      ['1.\t(was 4)', null],
      ['2.\tArmed forces', null],
      ['2.\tDialogue', 'deletion'],
      ['3.', 'deletion'],
      ['3.\tMonitoring', 'insertion'],
    ]);
  });

  it('word-diffs the changed clause and attributes it to the accepted record, with its rationale and decision', () => {
    expect(trackedRuns(model, 'deletion').filter((r) => r.clauseId === 'c-cap')).toEqual([
      { text: '600,000', author: 'Taras Melnyk (Ukraine)', id: 'r-cap', clauseId: 'c-cap' },
    ]);
    expect(trackedRuns(model, 'insertion').filter((r) => r.clauseId === 'c-cap').map((r) => r.text)).toEqual(['800,000']);
    const comment = commentWith(model, '600,000 is too few.');
    expect(comment.author).toBe('Taras Melnyk (Ukraine)');
    expect(comment.paragraphs).toEqual(['UA — amended — Rationale: 600,000 is too few.', 'Accepted by Dana Whitfield (United States), 1 Dec 2025']);
  });

  it('gives a difference no record explains to "Draftroom comparison", without a comment', () => {
    const late = trackedRuns(model, 'deletion').filter((r) => r.clauseId === 'c-late');
    expect(late.length).toBeGreaterThan(0);
    expect(new Set(late.map((r) => r.author))).toEqual(new Set([COMPARISON_AUTHOR]));
    expect(model.comments.some((c) => c.anchor.includes('comparison'))).toBe(false);
    // A pending record created in the interval explains the new clause (and says it is undecided).
    expect(new Set(trackedRuns(model, 'insertion').filter((r) => r.clauseId === 'c-new').map((r) => r.author))).toEqual(new Set(['Anna Volkova (Russia)']));
    expect(commentWith(model, 'RU — added — Rationale missing').paragraphs[1]).toBe('Proposed, not yet decided');
  });

  it('explains an accepted move on the number line: "Moved from Point 3"', () => {
    const moved = compareRedline({
      before: { name: 'A', time: '2025-11-20T12:00:00.000Z', doc: proposal(clause('a', p('A.')), clause('b', p('B.')), clause('c', p('C.'))), records: [] },
      after: {
        name: 'B',
        time: '2025-12-22T18:00:00.000Z',
        doc: proposal(clause('c', p('C.')), clause('a', p('A.')), clause('b', p('B.'))),
        records: [record({ id: 'mv', kind: 'moved', clauseIds: ['c'], movedFrom: 3, rationale: 'C first.', status: 'accepted', decidedBy: 'm-dana', decidedAt: '2025-12-01T00:00:00.000Z' })],
      },
      people,
      header,
    });
    expect(clauseHeads(moved).map((h) => h.text)).toEqual(['1.\t(was 3)', '2.', '3.']);
    expect(moved.revisions).toEqual([]);
    expect(commentWith(moved, 'C first.').paragraphs).toEqual(['RU — moved — Rationale: C first.', 'Moved from Point 3', 'Accepted by Dana Whitfield (United States), 1 Dec 2025']);
    const head = moved.paragraphs.find((q) => q.role === 'clause-head' && q.clauseId === 'c')!;
    expect(head.inlines.map((i) => i.kind)).toEqual(['comment-start', 'text', 'text', 'text', 'comment-end']);
  });

  it('says the same number on the moved clause’s line and in its comment: its number in the older version', () => {
    // A clause was added at the top after the first version, then "e" (5th there, 6th by then) was moved up.
    const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const before = proposal(...letters.map((id) => clause(id, heading(id.toUpperCase()), p(`${id}.`))));
    const after = proposal(...['x', 'e', 'a', 'b', 'c', 'd', 'f', 'g'].map((id) => clause(id, heading(id.toUpperCase()), p(`${id}.`))));
    const moved = compareRedline({
      before: { name: 'A', time: '2025-11-20T12:00:00.000Z', doc: before, records: [] },
      after: {
        name: 'B',
        time: '2025-12-22T18:00:00.000Z',
        doc: after,
        records: [
          record({ id: 'add-x', kind: 'added', clauseIds: ['x'], status: 'accepted', decidedAt: '2025-12-01T00:00:00.000Z' }),
          record({ id: 'mv-e', kind: 'moved', clauseIds: ['e'], movedFrom: 6, rationale: 'E early.', status: 'accepted', decidedAt: '2025-12-02T00:00:00.000Z' }),
        ],
      },
      people,
      header,
    });
    const heads = clauseHeads(moved).map((h) => h.text);
    expect(heads).toEqual(['1.\tX', '2.\tE (was 5)', '3.\tA', '4.\tB', '5.\tC', '6.\tD', '7.\tF', '8.\tG']);
    expect(commentWith(moved, 'E early.').paragraphs[1]).toBe('Moved from Point 5');
  });

  it('anchors every comment between a range start and end', () => {
    for (const comment of model.comments) {
      const starts = model.paragraphs.flatMap((q) => q.inlines).filter((i) => i.kind === 'comment-start' && i.commentId === comment.id);
      const ends = model.paragraphs.flatMap((q) => q.inlines).filter((i) => i.kind === 'comment-end' && i.commentId === comment.id);
      expect([starts.length, ends.length]).toEqual([1, 1]);
    }
  });
});

describe('pending-suggestions redline', () => {
  const doc = proposal(
    clause('c1', heading('Armed forces'), p('Troop cap of ', del('ch-cap', '800,000'), ins('ch-cap', '600,000'), ' personnel.')),
    addedClause('ch-new', 'c2', heading(ins('ch-new', 'No NATO forces')), p(ins('ch-new', 'No forces of NATO.'))),
    clause('c3', heading('Elections'), p('Elections ', strong('soon'), '.'), ul(li('first'), li('second'))),
    removedClause('ch-drop', 'c4', heading(del('ch-drop', 'Amnesty')), p(del('ch-drop', 'A full amnesty.'))),
  );
  const records = [
    record({ id: 'ch-cap', kind: 'amended', clauseIds: ['c1'], rationale: 'A smaller army.' }),
    record({ id: 'ch-new', kind: 'added', clauseIds: ['c2'], rationale: 'No foreign troops.' }),
    record({ id: 'ch-drop', kind: 'removed', clauseIds: ['c4'], partyId: 'p-ua', authorId: 'm-taras', rationale: '' }),
    record({ id: 'ch-move', kind: 'moved', clauseIds: ['c3'], movedFrom: 1, rationale: 'Elections first.' }),
    record({ id: 'ch-old', kind: 'amended', clauseIds: ['c1'], status: 'accepted', rationale: 'Decided long ago.' }),
  ];
  const comments: CommentRecord[] = [
    { id: 'k1', target: { type: 'change', changeId: 'ch-cap' }, parentId: null, authorId: 'm-taras', partyId: 'p-ua', body: 'Never.', createdAt: '2025-12-11T00:00:00.000Z' },
    { id: 'k2', target: { type: 'clause', clauseId: 'c3' }, parentId: null, authorId: 'm-dana', partyId: 'p-us', body: 'Date?', createdAt: '2025-12-12T00:00:00.000Z' },
    { id: 'k3', target: { type: 'clause', clauseId: 'c3' }, parentId: null, authorId: 'm-dana', partyId: 'p-us', body: 'Settled.', createdAt: '2025-12-13T00:00:00.000Z', resolved: true },
  ];
  const model = pendingRedline({ doc, records, comments, people, header });

  it('starts with the title, the byline and what it shows', () => {
    expect(model.paragraphs.slice(0, 2).map(paragraphText)).toEqual(['Framework', 'Talks — Redline exported 30 Dec 2025 by Anna Volkova (Russia)']);
    expect(paragraphText(model.paragraphs[2]!)).toMatch(/^Pending suggestions in the working draft/);
  });

  it('numbers clauses as the app does: a proposed clause inserted, a proposed removal deleted but keeping its number, a move "(was M)" after its heading', () => {
    expect(clauseHeads(model).map((h) => [h.text, h.revision ?? null])).toEqual([
      ['1.\tArmed forces', null],
      ['2.\tNo NATO forces', 'insertion'],
      ['3.\tElections (was 1)', null],
      ['4.\tAmnesty', 'deletion'],
    ]);
    const bodies = model.paragraphs.filter((q) => q.clauseId === 'c3' && q.role === 'body');
    expect(bodies.map((q) => [paragraphText(q), q.list?.kind ?? null])).toEqual([
      ['Elections soon.', null],
      ['first', 'bullet'],
      ['second', 'bullet'],
    ]);
    expect(bodies[0]!.inlines.some((i) => i.kind === 'text' && i.text === 'soon' && i.bold === true)).toBe(true);
  });

  it('makes every pending suggestion a tracked change by "<member> (<party>)" at the change’s time', () => {
    expect(trackedRuns(model, 'deletion').filter((r) => r.clauseId === 'c1')).toEqual([{ text: '800,000', author: 'Anna Volkova (Russia)', id: 'ch-cap', clauseId: 'c1' }]);
    expect(trackedRuns(model, 'insertion').filter((r) => r.clauseId === 'c1').map((r) => r.text)).toEqual(['600,000']);
    expect(new Set(trackedRuns(model, 'deletion').filter((r) => r.clauseId === 'c4').map((r) => r.author))).toEqual(new Set(['Taras Melnyk (Ukraine)']));
    expect(model.revisions.find((r) => r.id === 'ch-cap')).toMatchObject({ id: 'ch-cap', author: 'Anna Volkova (Russia)', date: '2025-12-10T10:00:00.000Z', party: 'Russia' });
  });

  it('carries each rationale as a comment on its change, a move’s on its number line, threads as replies', () => {
    expect(commentWith(model, 'A smaller army.').paragraphs).toEqual(['RU — amended — Rationale: A smaller army.']);
    expect(commentWith(model, 'UA — removed').paragraphs).toEqual(['UA — removed — Rationale missing']);
    expect(commentWith(model, 'Elections first.').paragraphs).toEqual(['RU — moved — Rationale: Elections first.', 'Moved from Point 1']);
    expect(commentWith(model, 'Never.')).toMatchObject({ author: 'Taras Melnyk (Ukraine)', parentId: 'rationale:ch-cap' });
    expect(commentWith(model, 'Date?').parentId).toBeUndefined();
    expect(model.comments.some((c) => c.paragraphs.includes('Settled.'))).toBe(false);
    expect(model.comments.some((c) => c.paragraphs.some((t) => t.includes('Decided long ago.')))).toBe(false);
    // The move's comment covers the number line of the moved clause.
    const head = model.paragraphs.find((q) => q.role === 'clause-head' && q.clauseId === 'c3')!;
    expect(head.inlines[0]).toEqual({ kind: 'comment-start', commentId: 'rationale:ch-move' });
  });
});

describe('file name', () => {
  it('is "<title> – redline – <yyyy-mm-dd>.docx" with unsafe characters replaced', () => {
    expect(redlineFileName('Peace framework', new Date(2025, 11, 30, 12))).toBe('Peace framework – redline – 2025-12-30.docx');
    expect(redlineFileName('A/B: "draft"?', new Date(2025, 0, 2, 12))).toBe('A-B- -draft-- – redline – 2025-01-02.docx');
    expect(redlineFileName('  ', new Date(2025, 0, 2, 12))).toBe('Untitled – redline – 2025-01-02.docx');
  });

  it('names what it holds: the pending suggestions, or the two versions compared (also sanitised)', () => {
    const day = new Date(2025, 11, 30, 12);
    expect(redlineFileName('Peace framework', day, 'docx', false, { kind: 'pending' })).toBe('Peace framework – pending suggestions – 2025-12-30.docx');
    expect(redlineFileName('Peace framework', day, 'pdf', true, { kind: 'compare', from: 'U.S. 28-point draft', to: 'Working draft' })).toBe(
      'Peace framework – U.S. 28-point draft → Working draft (external) – 2025-12-30.pdf',
    );
    expect(redlineFileName('Peace framework', day, 'md', false, { kind: 'compare', from: 'Draft 1/2', to: 'Final: "signed"?' })).toBe(
      'Peace framework – Draft 1-2 → Final- -signed-- – 2025-12-30.md',
    );
  });
});
