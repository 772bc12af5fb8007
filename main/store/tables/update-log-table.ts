import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import { optionalId, requireBytes, requireText, requireTime } from '../input-checks';
import { isConstraintError } from '../sqlite-errors';
import type { Contributor, StoredDocumentState, UpdateMeta } from '../store-types';
import type { DocumentTable } from './document-table';
import type { MemberTable } from './member-table';
import type { SnapshotTable } from './snapshot-table';

/** Attribution of a log row, resolved and checked. */
interface Attribution {
  readonly memberId: string | null;
  readonly partyId: string | null;
  /** Unix ms. */
  readonly at: number;
}

interface ContributorRow {
  party_id: string;
  member_id: string;
  updates: number;
  first_at: number;
  last_at: number;
}

/** Throws `invalid-argument` unless the bytes decode as a Yjs (V1) update. */
export function requireYjsUpdate(value: unknown, what: string): Uint8Array {
  const update = requireBytes(value, what);
  try {
    Y.decodeUpdate(update);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DraftroomError('invalid-argument', `${what} is not a Yjs update (${detail}).`);
  }
  return update;
}

/** Statements on the append-only `update_log`, and reading a document's stored state. */
export class UpdateLogTable {
  private readonly insert: Database.Statement<[string, Uint8Array, string | null, string | null, number]>;
  private readonly selectTail: Database.Statement<[string, number], Buffer>;
  private readonly selectMaxSeq: Database.Statement<[string], number | null>;
  private readonly selectCount: Database.Statement<[string], number>;
  private readonly selectPartyExists: Database.Statement<[string], number>;
  private readonly selectContributors: Database.Statement<[string, string], ContributorRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly documents: DocumentTable,
    private readonly members: MemberTable,
    private readonly snapshots: SnapshotTable,
  ) {
    this.insert = db.prepare('INSERT INTO update_log (doc_id, data, member_id, party_id, at) VALUES (?, ?, ?, ?, ?)');
    this.selectTail = db.prepare<[string, number], Buffer>('SELECT data FROM update_log WHERE doc_id = ? AND seq > ? ORDER BY seq').pluck();
    this.selectMaxSeq = db.prepare<[string], number | null>('SELECT max(seq) FROM update_log WHERE doc_id = ?').pluck();
    this.selectCount = db.prepare<[string], number>('SELECT count(*) FROM update_log WHERE doc_id = ?').pluck();
    this.selectPartyExists = db.prepare<[string], number>('SELECT 1 FROM parties WHERE id = ?').pluck();
    this.selectContributors = db.prepare(
      `SELECT party_id, member_id, sum(updates) AS updates, min(first_at) AS first_at, max(last_at) AS last_at
         FROM (SELECT party_id, member_id, updates, first_at, last_at FROM compacted_attribution WHERE doc_id = ?
               UNION ALL
               SELECT coalesce(party_id, ''), coalesce(member_id, ''), count(*), min(at), max(at)
                 FROM update_log WHERE doc_id = ? GROUP BY 1, 2)
        GROUP BY party_id, member_id
        ORDER BY min(first_at), party_id, member_id`,
    );
  }

  /** Appends one update (autocommit: durable when this returns); returns its sequence number. */
  append(docId: string, update: Uint8Array, meta?: UpdateMeta): number {
    const id = requireText(docId, 'Document id');
    const data = requireYjsUpdate(update, 'The update');
    const who = this.resolveAttribution(meta);
    return this.insertRow(id, data, who);
  }

  /** Appends several updates in one transaction; returns their sequence numbers in order. */
  appendMany(docId: string, updates: readonly Uint8Array[], meta?: UpdateMeta): number[] {
    const id = requireText(docId, 'Document id');
    if (!Array.isArray(updates)) throw new DraftroomError('invalid-argument', 'The updates must be a list.');
    const data = updates.map((update, i) => requireYjsUpdate(update, `Update ${i + 1}`));
    const who = this.resolveAttribution(meta);
    return this.db.transaction(() => data.map((update) => this.insertRow(id, update, who))).immediate();
  }

  /** Latest snapshot plus the log after it, read in one transaction (a consistent picture). */
  readState(docId: string): StoredDocumentState {
    return this.db.transaction((): StoredDocumentState => {
      this.documents.requireId(docId);
      const snapshot = this.snapshots.get(docId);
      const snapshotSeq = snapshot?.coversSeq ?? 0;
      const updates = this.selectTail.all(docId, snapshotSeq);
      const maxSeq = this.selectMaxSeq.get(docId) ?? null;
      return { snapshot: snapshot?.state ?? null, snapshotSeq, updates, lastSeq: Math.max(maxSeq ?? 0, snapshotSeq) };
    })();
  }

  /** Number of log rows of the document not yet compacted. */
  length(docId: string): number {
    this.documents.requireId(docId);
    return this.selectCount.get(docId) ?? 0;
  }

  /** Update counts per party and member over the whole history, earliest contributor first. */
  contributors(docId: string): Contributor[] {
    this.documents.requireId(docId);
    return this.selectContributors.all(docId, docId).map((row) => ({
      partyId: row.party_id === '' ? null : row.party_id,
      memberId: row.member_id === '' ? null : row.member_id,
      updates: row.updates,
      firstAt: new Date(row.first_at).toISOString(),
      lastAt: new Date(row.last_at).toISOString(),
    }));
  }

  private resolveAttribution(meta: UpdateMeta | undefined): Attribution {
    const memberId = optionalId(meta?.memberId, 'Member id');
    let partyId = optionalId(meta?.partyId, 'Party id');
    const at = Date.parse(requireTime(meta?.at, 'Update time'));
    if (memberId !== null) {
      const memberParty = this.members.partyOf(memberId);
      if (memberParty === undefined) throw new DraftroomError('unknown-member', `There is no member with id ${memberId}.`);
      if (partyId !== null && partyId !== memberParty) {
        throw new DraftroomError('invalid-argument', `Member ${memberId} belongs to party ${memberParty}, not ${partyId}.`);
      }
      partyId = memberParty;
    }
    return { memberId, partyId, at };
  }

  private insertRow(docId: string, data: Uint8Array, who: Attribution): number {
    try {
      return Number(this.insert.run(docId, data, who.memberId, who.partyId, who.at).lastInsertRowid);
    } catch (error) {
      if (isConstraintError(error, 'FOREIGNKEY')) {
        this.documents.requireId(docId);
        if (who.partyId !== null && !this.selectPartyExists.get(who.partyId)) {
          throw new DraftroomError('unknown-party', `There is no party with id ${who.partyId}.`);
        }
      }
      throw error;
    }
  }
}
