/**
 * Fixtures for the comment and history tests: identities, a Y.Doc holding
 * a small proposal with change records, a deterministic clock and ids,
 * and replica exchange.
 */
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord, Identity, Member, Party } from '../../../shared/domain/types';
import { seedContent, writeChange } from '../../../shared/ydoc/layout';
import type { CommentWriteOptions } from '../../../shared/comments/comment-ops';
import { clause, heading, p, proposal } from '../../helpers/builders';

/** Parties of the tests. */
export const PARTIES: Record<'us' | 'ua' | 'eu', Party> = {
  us: { id: 'p-us', name: 'United States', code: 'US', colour: '#0072b2' },
  ua: { id: 'p-ua', name: 'Ukraine', code: 'UA', colour: '#a66300' },
  eu: { id: 'p-eu', name: 'Europe', code: 'EU', colour: '#00795c' },
};

function identity(id: string, name: string, party: Party, role: Member['role']): Identity {
  return { member: { id, name, partyId: party.id, role }, party };
}

/** One identity per role that matters. */
export const WHO = {
  usLead: identity('m-us-lead', 'Dana (US lead)', PARTIES.us, 'lead'),
  uaDrafter: identity('m-ua-drafter', 'Taras (UA)', PARTIES.ua, 'drafter'),
  uaSuggester: identity('m-ua-suggester', 'Iryna (UA)', PARTIES.ua, 'suggester'),
  euObserver: identity('m-eu-observer', 'Sofia (EU observer)', PARTIES.eu, 'observer'),
} as const;

/** Every member of the tests. */
export const MEMBERS: Member[] = Object.values(WHO).map((w) => w.member);

/** A small proposal: three clauses with stable ids. */
export function sampleProposal(): PMNode {
  return proposal(
    clause('c-cap', heading('Armed forces'), p('In peacetime, the armed forces will not exceed 800,000 personnel.')),
    clause('c-elections', heading('Elections'), p('Elections will be held as soon as possible.')),
    clause('c-amnesty', heading('Amnesty'), p('An amnesty is granted.')),
  );
}

/** A change record with sensible defaults. */
export function record(id: string, fields: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    id,
    kind: 'amended',
    partyId: PARTIES.ua.id,
    authorId: WHO.uaDrafter.member.id,
    createdAt: '2025-11-30T15:10:00.000Z',
    rationale: 'Because.',
    status: 'proposed',
    clauseIds: ['c-cap'],
    ...fields,
  };
}

/** A Y.Doc with `sampleProposal()` and the given change records. */
export function documentWith(records: readonly ChangeRecord[] = [], content: PMNode = sampleProposal()): Y.Doc {
  const ydoc = new Y.Doc();
  seedContent(ydoc, content);
  for (const r of records) writeChange(ydoc, r);
  return ydoc;
}

/** A replica of `source`: a new Y.Doc with its whole state. */
export function replicaOf(source: Y.Doc): Y.Doc {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(source));
  return ydoc;
}

/** Sends each replica what the other lacks. */
export function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/**
 * A deterministic clock (one minute per call from `start`) and id source
 * (`<prefix>-1`, `<prefix>-2`, …) for comment writes.
 */
export function clock(prefix: string, start = '2025-12-01T10:00:00.000Z'): Required<CommentWriteOptions> {
  let tick = 0;
  let ids = 0;
  const base = Date.parse(start);
  return {
    now: () => new Date(base + 60_000 * tick++).toISOString(),
    newId: () => `${prefix}-${++ids}`,
  };
}
