import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord } from '../../../shared/domain/types';
import { DraftroomError } from '../../../shared/api/errors';
import {
  clauseAcrossVersions,
  describeClauseAcrossVersions,
  earlierNumbers,
  type VersionClauses,
} from '../../../shared/history/clause-across-versions';
import { clauseHistoryRows, mergeRecords } from '../../../shared/history/clause-history-rows';
import { readVersionContents } from '../../../shared/history/version-clauses';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { clause, heading, p, proposal } from '../../helpers/builders';
import { documentWith, MEMBERS, PARTIES, record, WHO } from './fixtures';

/** The full state of a Y.Doc holding `content` and `records`, as main stores a version. */
function versionState(content: PMNode, records: readonly ChangeRecord[] = []): Uint8Array {
  return Y.encodeStateAsUpdate(documentWith(records, content));
}

const draft28 = proposal(
  clause('c-dialogue', heading('NATO–Russia dialogue'), p('A dialogue.')),
  clause('c-guarantees', heading('Security guarantees'), p('Guarantees.')),
  clause('c-cap', heading('Armed forces'), p('At most 600,000 personnel.')),
);
const proposal20 = proposal(clause('c-guarantees', heading('Security guarantees'), p('Guarantees.')), clause('c-cap', heading('Armed forces'), p('At most 800,000 personnel.')));

describe('readVersionContents', () => {
  it('numbers the clauses of a version state and returns its records', () => {
    const troop = record('ch-cap', { status: 'accepted', decidedBy: WHO.usLead.member.id, decidedAt: '2025-12-01T19:40:00.000Z' });
    const contents = readVersionContents(versionState(proposal20, [troop]));
    expect(contents.clauses.map((c) => [c.id, c.number, c.heading])).toEqual([
      ['c-guarantees', 1, 'Security guarantees'],
      ['c-cap', 2, 'Armed forces'],
    ]);
    expect(contents.records).toEqual([troop]);
  });

  it('marks clauses with pending clause-level suggestions as the engine projects them', () => {
    const removal = record('ch-drop', { kind: 'removed', clauseIds: ['c-dialogue'] });
    const contents = readVersionContents(versionState(draft28, [removal]));
    expect(contents.clauses.find((c) => c.id === 'c-dialogue')).toMatchObject({ number: 1, pendingRemoval: true });
  });

  it('refuses bytes that are not a Yjs state with invalid-argument', () => {
    let thrown: unknown = null;
    try {
      readVersionContents(new Uint8Array([1, 2, 3, 250, 255]));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DraftroomError);
    expect((thrown as DraftroomError).code).toBe('invalid-argument');
  });
});

describe('clauseAcrossVersions', () => {
  const versions: VersionClauses[] = [
    // Given newest first on purpose: the result is ordered by time.
    { versionId: 'v20', name: 'U.S.–Ukraine 20-point proposal', createdAt: '2025-12-21T18:00:00.000Z', clauses: readVersionContents(versionState(proposal20)).clauses },
    { versionId: 'v28', name: 'U.S. 28-point draft', createdAt: '2025-11-20T09:00:00.000Z', clauses: readVersionContents(versionState(draft28)).clauses },
  ];

  it('gives the clause number in every version, oldest first, and null where it is absent', () => {
    expect(clauseAcrossVersions(versions, 'c-cap').map((e) => [e.versionName, e.number])).toEqual([
      ['U.S. 28-point draft', 3],
      ['U.S.–Ukraine 20-point proposal', 2],
    ]);
    expect(clauseAcrossVersions(versions, 'c-dialogue').map((e) => e.number)).toEqual([1, null]);
  });

  it('describes it on one line and lists the versions where the number differed', () => {
    const cap = clauseAcrossVersions(versions, 'c-cap');
    expect(describeClauseAcrossVersions(cap)).toBe('U.S. 28-point draft: Point 3 · U.S.–Ukraine 20-point proposal: Point 2');
    expect(describeClauseAcrossVersions(clauseAcrossVersions(versions, 'c-dialogue'))).toBe(
      'U.S. 28-point draft: Point 1 · U.S.–Ukraine 20-point proposal: not in it',
    );
    expect(earlierNumbers(cap, 2)).toEqual([{ versionName: 'U.S. 28-point draft', number: 3 }]);
    expect(earlierNumbers(clauseAcrossVersions(versions, 'c-dialogue'), null)).toEqual([{ versionName: 'U.S. 28-point draft', number: 1 }]);
  });
});

describe('clause history rows', () => {
  const records: ChangeRecord[] = [
    record('ch-old', { createdAt: '2025-11-30T15:10:00.000Z', status: 'accepted', decidedBy: WHO.usLead.member.id, decidedAt: '2025-12-01T19:40:00.000Z', before: '600,000', after: '800,000' }),
    record('ch-new', { createdAt: '2025-12-27T09:30:00.000Z', status: 'proposed', partyId: PARTIES.us.id, authorId: WHO.usLead.member.id }),
    record('ch-rejected', { createdAt: '2025-12-05T09:30:00.000Z', status: 'rejected', decidedBy: WHO.uaDrafter.member.id }),
    record('ch-elsewhere', { createdAt: '2025-12-28T09:30:00.000Z', clauseIds: ['c-elections'] }),
  ];

  it('lists every change that touched the clause, any status, newest first, with names', () => {
    const doc = readSuggestedDoc(documentWith(records));
    const rows = clauseHistoryRows(doc, records, 'c-cap', Object.values(PARTIES), MEMBERS);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['ch-new', 'proposed'],
      ['ch-rejected', 'rejected'],
      ['ch-old', 'accepted'],
    ]);
    expect(rows[2]).toMatchObject({ partyName: 'Ukraine', authorName: WHO.uaDrafter.member.name, decidedByName: WHO.usLead.member.name, before: '600,000', after: '800,000', rationale: 'Because.' });
    expect(rows[0]).toMatchObject({ partyCode: 'US', clauseLabel: 'Point 1' });
  });

  it('merges records from versions, the working draft winning', () => {
    const inVersion = [record('ch-withdrawn', { rationale: 'Old idea.' }), record('ch-old', { status: 'proposed' })];
    const merged = mergeRecords(records, inVersion);
    expect(merged.map((r) => r.id).sort()).toEqual(['ch-elsewhere', 'ch-new', 'ch-old', 'ch-rejected', 'ch-withdrawn']);
    expect(merged.find((r) => r.id === 'ch-old')?.status).toBe('accepted');
  });
});
