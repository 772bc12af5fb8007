import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { INTACT_STATE_OFFER } from '../../../shared/api/damage';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import { optionalId, requireBytes, requireTime } from '../input-checks';
import { STREAMING_CACHE_KIB, withPageCache } from '../connection';
import { logUpdates, plainBytes, singleRowChunk } from '../log-chunks';
import { checksumMatches, damagedRowError, updateChecksum, updateChecksumFrom, updateChecksumSeed } from '../row-checksums';
import type {
  Contributor,
  IntactDocumentState,
  LogChunk,
  StoredDocumentLog,
  StoredDocumentState,
  UpdateMeta,
  UpdateToAppend,
} from '../store-types';
import type { DocumentTable } from './document-table';
import type { MemberTable } from './member-table';
import type { PartyTable } from './party-table';
import type { SnapshotTable } from './snapshot-table';

/** Attribution of a log row, resolved to keys and checked. */
interface Attribution {
  readonly memberKey: number | null;
  readonly partyKey: number | null;
  /** Unix ms. */
  readonly at: number;
}

interface ContributorRow {
  party_id: string | null;
  member_id: string | null;
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
    const detail = errorText(error);
    throw new DraftroomError('invalid-argument', `${what} is not a Yjs update (${detail}).`);
  }
  return update;
}

/** Log rows per chunk of the chunked read (at most). */
const READ_CHUNK_ROWS = 4096;

/** The log read up to the first damaged row (`damagedSeq`, null if none), as chunks. */
type IntactDocumentLog = StoredDocumentLog & { readonly damagedSeq: number | null };

/** Statements on the append-only `update_log`, and reading a document's stored state. */
export class UpdateLogTable {
  private readonly insert: Database.Statement<[number, Uint8Array, number | null, number | null, number, number]>;
  private readonly selectTailChunk: Database.Statement<[number, number], unknown[]>;
  private readonly selectTail: Database.Statement<[number, number], unknown>;
  private readonly selectTailChecksums: Database.Statement<[number, number], unknown>;
  private readonly selectSeqAt: Database.Statement<[number, number, number], number>;
  private readonly selectMaxSeq: Database.Statement<[number], number | null>;
  private readonly selectCount: Database.Statement<[number], number>;
  private readonly selectContributors: Database.Statement<[number, number], ContributorRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly documents: DocumentTable,
    private readonly members: MemberTable,
    private readonly parties: PartyTable,
    private readonly snapshots: SnapshotTable,
  ) {
    this.insert = db.prepare('INSERT INTO update_log (doc_key, data, member_key, party_key, at, checksum) VALUES (?, ?, ?, ?, ?, ?)');
    // The next chunk of the log after a sequence number (`readTailChunked`): up to READ_CHUNK_ROWS rows in seq order (the
    // index's), as one blob of their data with their lengths and checksums as text, and the last seq to read on from: a few
    // values instead of one Buffer per row. Every aggregate sees the subquery's rows in the same order. Rows whose types are
    // not what was written are counted (`odd`), so that they are read one by one. (A GROUP BY over seq ranges instead sorts
    // all the rows in a temporary B-tree first: a fifth slower.)
    this.selectTailChunk = db
      .prepare<[number, number], unknown[]>(
        `SELECT count(*), sum(typeof(data) <> 'blob' OR typeof(checksum) <> 'integer'),
                CAST(group_concat(data, '') AS BLOB), group_concat(length(data)), group_concat(checksum), max(seq)
           FROM (SELECT seq, data, checksum FROM update_log WHERE doc_key = ? AND seq > ? ORDER BY seq LIMIT ${READ_CHUNK_ROWS})`,
      )
      .raw();
    // Data and checksums as two plucked lists (same transaction, same order), for a log the chunked read refuses.
    this.selectTail = db.prepare<[number, number], unknown>('SELECT data FROM update_log WHERE doc_key = ? AND seq > ? ORDER BY seq').pluck();
    this.selectTailChecksums = db
      .prepare<[number, number], unknown>('SELECT checksum FROM update_log WHERE doc_key = ? AND seq > ? ORDER BY seq')
      .pluck();
    this.selectSeqAt = db
      .prepare<[number, number, number], number>('SELECT seq FROM update_log WHERE doc_key = ? AND seq > ? ORDER BY seq LIMIT 1 OFFSET ?')
      .pluck();
    this.selectMaxSeq = db.prepare<[number], number | null>('SELECT max(seq) FROM update_log WHERE doc_key = ?').pluck();
    this.selectCount = db.prepare<[number], number>('SELECT count(*) FROM update_log WHERE doc_key = ?').pluck();
    this.selectContributors = db.prepare(
      `SELECT p.id AS party_id, m.id AS member_id, g.updates, g.first_at, g.last_at
         FROM (SELECT party_key, member_key, sum(updates) AS updates, min(first_at) AS first_at, max(last_at) AS last_at
                 FROM (SELECT party_key, member_key, updates, first_at, last_at FROM compacted_attribution WHERE doc_key = ?
                       UNION ALL
                       SELECT coalesce(party_key, 0), coalesce(member_key, 0), count(*), min(at), max(at)
                         FROM update_log WHERE doc_key = ? GROUP BY 1, 2)
                GROUP BY party_key, member_key) AS g
         LEFT JOIN parties p ON p.party_key = g.party_key
         LEFT JOIN members m ON m.member_key = g.member_key
        ORDER BY g.first_at, g.party_key, g.member_key`,
    );
  }

  /** Appends one update (autocommit: durable when this returns); returns its sequence number. */
  append(docId: string, update: Uint8Array, meta?: UpdateMeta): number {
    const docKey = this.documents.keyOf(docId);
    const data = requireYjsUpdate(update, 'The update');
    const who = this.resolveAttribution(meta);
    return Number(this.insert.run(docKey, data, who.memberKey, who.partyKey, who.at, updateChecksum(docKey, data)).lastInsertRowid);
  }

  /** Appends several updates in one transaction; returns their sequence numbers in order. */
  appendMany(docId: string, updates: readonly Uint8Array[], meta?: UpdateMeta): number[] {
    const docKey = this.documents.keyOf(docId);
    if (!Array.isArray(updates)) throw new DraftroomError('invalid-argument', 'The updates must be a list.');
    const data = updates.map((update, i) => requireYjsUpdate(update, `Update ${i + 1}`));
    const who = this.resolveAttribution(meta);
    return this.db
      .transaction(() =>
        data.map((update) =>
          Number(this.insert.run(docKey, update, who.memberKey, who.partyKey, who.at, updateChecksum(docKey, update)).lastInsertRowid),
        ),
      )
      .immediate();
  }

  /**
   * Appends updates of one or more documents, each with its own
   * attribution, in one transaction (all checked before anything is
   * written); returns their sequence numbers in order.
   */
  appendBatch(updates: readonly UpdateToAppend[]): number[] {
    if (!Array.isArray(updates)) throw new DraftroomError('invalid-argument', 'The updates must be a list.');
    const keys = new Map<string, number>();
    const rows = updates.map(({ docId, update, meta }, i) => {
      let docKey = keys.get(docId);
      if (docKey === undefined) keys.set(docId, (docKey = this.documents.keyOf(docId)));
      return { docKey, data: requireYjsUpdate(update, `Update ${i + 1}`), who: this.resolveAttribution(meta) };
    });
    return this.db
      .transaction(() =>
        rows.map(({ docKey, data, who }) => Number(this.insert.run(docKey, data, who.memberKey, who.partyKey, who.at, updateChecksum(docKey, data)).lastInsertRowid)),
      )
      .immediate();
  }

  /**
   * Latest snapshot plus the log after it, read in one transaction (a
   * consistent picture). Every row is checked against its checksum: `corrupt`,
   * naming the document and the row, at the first that does not match.
   */
  readState(docId: string): StoredDocumentState {
    return withUpdates(this.readLog(docId));
  }

  /** What `readState` reads, the log tail as the chunks it was read in (see `LogChunk`). */
  readLog(docId: string): StoredDocumentLog {
    const log = this.readChecked(docId);
    if (log.damagedSeq !== null) {
      throw damagedRowError({
        document: this.documents.label(docId),
        row: `stored edit ${log.damagedSeq}`,
        remedy: INTACT_STATE_OFFER,
      });
    }
    return log;
  }

  /**
   * What `readState` returns, cut before the first log row that does not
   * match its checksum (`damagedSeq` names it; null if none): the last
   * intact state of the working draft. `corrupt` if the snapshot itself is
   * damaged (then no intact working draft remains).
   */
  readIntactState(docId: string): IntactDocumentState {
    const log = this.readChecked(docId);
    return { ...withUpdates(log), damagedSeq: log.damagedSeq };
  }

  private readChecked(docId: string): IntactDocumentLog {
    const docKey = this.documents.keyOf(docId);
    return this.db.transaction((): IntactDocumentLog => {
      const snapshot = this.snapshots.get(docKey);
      if (snapshot && !snapshot.intact) {
        throw damagedRowError({
          document: this.documents.label(docId),
          row: 'its compacted snapshot',
          remedy: 'No intact working draft remains; its named versions may still be read.',
        });
      }
      const snapshotSeq = snapshot?.coversSeq ?? 0;
      const seed = updateChecksumSeed(docKey);
      const maxSeq = this.selectMaxSeq.get(docKey) ?? 0;
      const lastSeq = Math.max(maxSeq, snapshotSeq);
      const head = { snapshot: snapshot?.state ?? null, snapshotSeq, lastSeq };
      const chunked = withPageCache(this.db, STREAMING_CACHE_KIB, () => this.readTailChunked(docKey, snapshotSeq, seed));
      if (chunked !== null) return { ...head, ...chunked, damagedSeq: null };
      // Something is off (a damaged row, a value of another type, a chunk too big for SQLite): row by row, to name the first damaged one.
      const rows = this.selectTail.all(docKey, snapshotSeq);
      const checksums = this.selectTailChecksums.all(docKey, snapshotSeq);
      const chunks: LogChunk[] = [];
      for (const [i, data] of rows.entries()) {
        if (!(data instanceof Uint8Array) || !checksumMatches(checksums[i], updateChecksumFrom(seed, data))) break;
        chunks.push(singleRowChunk(data));
      }
      const damagedSeq = chunks.length < rows.length ? (this.selectSeqAt.get(docKey, snapshotSeq, chunks.length) ?? null) : null;
      return { ...head, chunks, rows: chunks.length, damagedSeq };
    })();
  }

  /**
   * The log after `afterSeq`, every row checked against its checksum, read in
   * chunks (`selectTailChunk`) and kept as them (`LogChunk`: the chunk's blob
   * and each row's size). Null, to read row by row instead, if any row does
   * not match its checksum or holds a value of another type, or SQLite
   * refuses a chunk (one larger than its largest value): the chunked read
   * never decides what is damaged, it only passes what is intact.
   */
  private readTailChunked(docKey: number, afterSeq: number, seed: number): { chunks: LogChunk[]; rows: number } | null {
    const chunks: LogChunk[] = [];
    let rows = 0;
    try {
      for (let after = afterSeq; ; ) {
        const [count, odd, data, lengths, checksums, lastSeq] = this.selectTailChunk.get(docKey, after)!;
        if (count === 0) break;
        if (
          odd !== 0 ||
          typeof count !== 'number' ||
          !(data instanceof Uint8Array) ||
          typeof lengths !== 'string' ||
          typeof checksums !== 'string' ||
          typeof lastSeq !== 'number' ||
          lastSeq <= after
        ) {
          return null;
        }
        const sizes = lengths.split(',');
        const sums = checksums.split(',');
        if (sizes.length !== count || sums.length !== count) return null;
        const bytes = plainBytes(data);
        const chunkSizes = new Uint32Array(count);
        let at = 0;
        for (let i = 0; i < count; i++) {
          const size = Number(sizes[i]);
          const update = bytes.subarray(at, at + size);
          at += size;
          if (update.length !== size || updateChecksumFrom(seed, update) !== Number(sums[i])) return null;
          chunkSizes[i] = size;
        }
        if (at !== data.length) return null;
        chunks.push({ bytes: data, sizes: chunkSizes });
        rows += count;
        after = lastSeq;
      }
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'SQLITE_TOOBIG') return null;
      throw error;
    }
    return { chunks, rows };
  }

  /** Number of log rows of the document not yet compacted. */
  length(docId: string): number {
    return this.selectCount.get(this.documents.keyOf(docId)) ?? 0;
  }

  /** Update counts per party and member over the whole history, earliest contributor first. */
  contributors(docId: string): Contributor[] {
    const docKey = this.documents.keyOf(docId);
    return this.selectContributors.all(docKey, docKey).map((row) => ({
      partyId: row.party_id,
      memberId: row.member_id,
      updates: row.updates,
      firstAt: new Date(row.first_at).toISOString(),
      lastAt: new Date(row.last_at).toISOString(),
    }));
  }

  private resolveAttribution(meta: UpdateMeta | undefined): Attribution {
    const memberId = optionalId(meta?.memberId, 'Member id');
    const partyId = optionalId(meta?.partyId, 'Party id');
    const at = Date.parse(requireTime(meta?.at, 'Update time'));
    if (memberId !== null) {
      const member = this.members.attributionOf(memberId);
      if (member === undefined) throw new DraftroomError('unknown-member', `There is no member with id ${memberId}.`);
      if (partyId !== null && partyId !== member.partyId) {
        throw new DraftroomError('invalid-argument', `Member ${memberId} belongs to party ${member.partyId}, not ${partyId}.`);
      }
      return { memberKey: member.memberKey, partyKey: member.partyKey, at };
    }
    if (partyId !== null) {
      const partyKey = this.parties.keyOf(partyId);
      if (partyKey === undefined) throw new DraftroomError('unknown-party', `There is no party with id ${partyId}.`);
      return { memberKey: null, partyKey, at };
    }
    return { memberKey: null, partyKey: null, at };
  }
}

/** A stored log with its tail as one update per row (`readState`'s form). */
function withUpdates(log: StoredDocumentLog): StoredDocumentState {
  return { snapshot: log.snapshot, snapshotSeq: log.snapshotSeq, updates: logUpdates(log.chunks), lastSeq: log.lastSeq };
}
