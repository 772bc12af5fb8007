import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord, Member, Party } from '../../shared/domain/types';
import { listClauses } from '../../shared/schema/clauses';
import { readChanges, readProseMirrorDoc } from '../../shared/ydoc/layout';
import type { WorkspaceStoreApi } from '../store/store-types';
import { ydocFromState, type DraftView } from './draft-views';

/** A party as the CLI prints it. */
export interface PartyRef {
  readonly id: string;
  readonly name: string;
  readonly code: string;
}

/** A member as the CLI prints it. */
export interface MemberRef {
  readonly id: string;
  readonly name: string;
}

/** A clause a change touches, located in the working draft (or, if gone, in the newest version that has it). */
export interface ClauseRef {
  readonly id: string;
  /** Its number in the working draft, or null if it is no longer there. */
  readonly number: number | null;
  readonly heading: string;
  /** Where it was last seen when it is no longer in the working draft. */
  readonly lastSeen?: { readonly version: string; readonly number: number };
}

/** A change record as `draftroom changes --json` prints it. */
export interface ChangeView {
  readonly id: string;
  readonly kind: ChangeRecord['kind'];
  readonly status: ChangeRecord['status'];
  readonly party: PartyRef;
  readonly author: MemberRef;
  readonly rationale: string;
  readonly clauses: readonly ClauseRef[];
  readonly createdAt: string;
  readonly decidedBy: MemberRef | null;
  readonly decidedAt: string | null;
  readonly before: string | null;
  readonly after: string | null;
  readonly movedFrom: number | null;
}

/** Which change records to show. */
export interface ChangeFilter {
  readonly partyId?: string;
  readonly status?: ChangeRecord['status'];
  readonly kind?: ChangeRecord['kind'];
}

type ClauseIndex = Map<string, { number: number; heading: string; version?: string }>;

function indexClauses(doc: PMNode, version?: string, into: ClauseIndex = new Map()): ClauseIndex {
  for (const clause of listClauses(doc, 'current')) {
    if (!into.has(clause.id)) {
      into.set(clause.id, { number: clause.number, heading: clause.heading, ...(version ? { version } : {}) });
    }
  }
  return into;
}

/**
 * Builds a lookup from clause id to its place: the working draft first, then
 * the named versions from newest to oldest (for clauses since removed). The
 * versions are only read when some change touches a clause that is gone.
 */
function clauseLocator(store: WorkspaceStoreApi, draft: DraftView): (id: string) => ClauseRef {
  const current = indexClauses(draft.doc);
  let history: ClauseIndex | undefined;
  return (id) => {
    const here = current.get(id);
    if (here) return { id, number: here.number, heading: here.heading };
    if (!history) {
      history = new Map();
      for (const version of store.listVersions(draft.document.id).reverse()) {
        const stored = store.getVersion(draft.document.id, version.id);
        indexClauses(readProseMirrorDoc(ydocFromState(stored.state)), version.name, history);
      }
    }
    const seen = history.get(id);
    if (!seen) return { id, number: null, heading: '' };
    return { id, number: null, heading: seen.heading, lastSeen: { version: seen.version ?? '', number: seen.number } };
  }
}

function partyRef(parties: Map<string, Party>, id: string): PartyRef {
  const party = parties.get(id);
  return party ? { id, name: party.name, code: party.code } : { id, name: id, code: '?' };
}

function memberRef(members: Map<string, Member>, id: string): MemberRef {
  return { id, name: members.get(id)?.name ?? id };
}

/** The document's change records, oldest first, filtered, with parties, members and clause numbers resolved. */
export function describeChanges(store: WorkspaceStoreApi, draft: DraftView, filter: ChangeFilter = {}): ChangeView[] {
  const parties = new Map(store.listParties().map((p) => [p.id, p]));
  const members = new Map(store.listMembers().map((m) => [m.id, m]));
  const locate = clauseLocator(store, draft);
  return readChanges(draft.ydoc)
    .filter((c) => !filter.partyId || c.partyId === filter.partyId)
    .filter((c) => !filter.status || c.status === filter.status)
    .filter((c) => !filter.kind || c.kind === filter.kind)
    .map((c) => ({
      id: c.id,
      kind: c.kind,
      status: c.status,
      party: partyRef(parties, c.partyId),
      author: memberRef(members, c.authorId),
      rationale: c.rationale ?? '',
      clauses: (c.clauseIds ?? []).map(locate),
      createdAt: c.createdAt,
      decidedBy: c.decidedBy ? memberRef(members, c.decidedBy) : null,
      decidedAt: c.decidedAt ?? null,
      before: c.before ?? null,
      after: c.after ?? null,
      movedFrom: c.movedFrom ?? null,
    }));
}

/** A clause reference in words: "Point 6 (Armed forces)" or "removed: NATO membership (was 7 in …)". */
export function describeClause(ref: ClauseRef): string {
  const heading = ref.heading ? ` (${ref.heading})` : '';
  if (ref.number !== null) return `Point ${ref.number}${heading}`;
  if (ref.lastSeen) return `no longer in the draft${heading}, was point ${ref.lastSeen.number} in "${ref.lastSeen.version}"`;
  return `clause ${ref.id} (not found)`;
}
