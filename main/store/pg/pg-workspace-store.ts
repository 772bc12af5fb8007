import { randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import { newId } from '../../../shared/domain/ids';
import { MEMBER_ROLES, type DocumentInfo, type Member, type MemberRole, type Party, type VersionInfo } from '../../../shared/domain/types';
import { foldCase, optionalId, requireString, requireText, requireTime } from '../input-checks';
import type { ServerStore } from '../server-store';
import type {
  AccessToken,
  CompactionResult,
  Contributor,
  IssuedToken,
  StoredDocumentState,
  StoredVersion,
  TokenCheck,
  UpdateMeta,
  UpdateToAppend,
  WorkspaceMeta,
} from '../store-types';
import { hashSecret, parseTokenString, TOKEN_PREFIX } from '../tables/token-table';
import { requireYjsUpdate } from '../tables/update-log-table';
import { pgCode, toPgStoreError } from './pg-errors';

const COLOUR = /^#[0-9a-fA-F]{6}$/;
const MAX_NOTE_LENGTH = 10_000;
const SECRET_BYTES = 32;
/**
 * First half of the advisory lock key a compaction holds, per schema (advisory locks are per database, and
 * document keys repeat from one schema to the next); the second half is the document's key.
 */
const COMPACTION_LOCK_CLASS = "hashtext(current_schema() || ':draftroom-compaction')";

/** What the log holds after a sequence number (see `readLogAfter`). */
export interface LogTail {
  /** The snapshot, when it covers sequence numbers after the one asked for (their rows were compacted away). */
  readonly snapshot: { readonly state: Uint8Array; readonly coversSeq: number } | null;
  /** Log rows after max(the asked sequence number, the snapshot's), in order. */
  readonly updates: readonly { readonly seq: number; readonly data: Uint8Array; readonly memberId: string | null }[];
  /** The highest sequence number handed out for the document. */
  readonly lastSeq: number;
}

interface TokenRow {
  id: string;
  member_id: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function toToken(row: TokenRow): AccessToken {
  return { id: row.id, memberId: row.member_id, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

function bytes(value: Buffer): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function requireRole(role: unknown): MemberRole {
  if (!MEMBER_ROLES.includes(role as MemberRole)) {
    throw new DraftroomError('invalid-argument', `Member role must be one of ${MEMBER_ROLES.join(', ')} (got "${String(role)}").`);
  }
  return role as MemberRole;
}

/**
 * One workspace in PostgreSQL: the asynchronous `ServerStore` with the same
 * concepts and rules as a workspace file (see `workspace-store.ts`), on a
 * shared `pg` pool. Every write is committed before its promise resolves.
 * Each document's log has contiguous sequence numbers: an append takes the
 * next one under the document row's lock, in the same statement that
 * inserts the row. Compaction holds a transaction-scoped advisory lock per
 * document, so one instance at a time compacts it, and deletes only rows it
 * merged (an append committed meanwhile has a higher sequence number).
 */
export class PgWorkspaceStore implements ServerStore {
  private readonly docKeys = new Map<string, number>();

  constructor(
    private readonly pool: pg.Pool,
    /** The workspace this store serves. */
    readonly workspaceId: string,
    private readonly schemaVersion: number,
    /** `postgres://…#<workspace id>`, without the password. */
    readonly location: string,
  ) {}

  private async query<R extends pg.QueryResultRow>(what: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw toPgStoreError(error, what);
    }
  }

  private async transaction<T>(what: string, body: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toPgStoreError(error, what);
    }
    let broken = false;
    try {
      await client.query(begin);
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw toPgStoreError(error, what);
    } finally {
      client.release(broken);
    }
  }

  /** Workspace id, name, schema version, creation time. */
  async meta(): Promise<WorkspaceMeta> {
    const result = await this.query<{ id: string; name: string; created_at: string }>('Reading the workspace', 'SELECT id, name, created_at FROM workspaces WHERE id = $1', [
      this.workspaceId,
    ]);
    const row = result.rows[0];
    if (row === undefined) throw new DraftroomError('not-found', `workspace ${this.workspaceId} is no longer in the database`);
    return { id: row.id, name: row.name, schemaVersion: this.schemaVersion, createdAt: row.created_at };
  }

  /** All parties, in the order they were added. */
  async listParties(): Promise<Party[]> {
    const result = await this.query<Party>('Listing parties', 'SELECT id, name, code, colour FROM parties WHERE workspace_id = $1 ORDER BY party_key', [this.workspaceId]);
    return result.rows.map((r) => ({ id: r.id, name: r.name, code: r.code, colour: r.colour }));
  }

  /** Adds a party; `conflict` if its id, code or name (case-insensitive) is taken. */
  async addParty(input: { id?: string; name: string; code: string; colour: string }): Promise<Party> {
    const party: Party = {
      id: input.id === undefined ? newId() : requireText(input.id, 'Party id'),
      name: requireText(input.name, 'Party name'),
      code: requireText(input.code, 'Party code', 16),
      colour: requireText(input.colour, 'Party colour'),
    };
    if (!COLOUR.test(party.colour)) throw new DraftroomError('invalid-argument', `Party colour must look like #rrggbb (got "${party.colour}").`);
    for (const other of await this.listParties()) {
      if (other.id === party.id) throw new DraftroomError('conflict', `A party with id ${party.id} already exists.`);
      if (foldCase(other.code) === foldCase(party.code)) throw new DraftroomError('conflict', `The party code "${party.code}" is already used by ${other.name}.`);
      if (foldCase(other.name) === foldCase(party.name)) throw new DraftroomError('conflict', `A party named "${party.name}" already exists.`);
    }
    await this.query('Adding a party', 'INSERT INTO parties (workspace_id, id, name, code, colour) VALUES ($1, $2, $3, $4, $5)', [
      this.workspaceId,
      party.id,
      party.name,
      party.code,
      party.colour,
    ]);
    return party;
  }

  /** A party by id, code or name (case-insensitive); undefined if none. */
  async findParty(ref: string): Promise<Party | undefined> {
    if (typeof ref !== 'string') return undefined;
    const parties = await this.listParties();
    const key = foldCase(ref.trim());
    return parties.find((p) => p.id === ref) ?? parties.find((p) => foldCase(p.code) === key) ?? parties.find((p) => foldCase(p.name) === key);
  }

  /** All members, in the order they were added. */
  async listMembers(): Promise<Member[]> {
    const result = await this.query<{ id: string; name: string; party_id: string; role: MemberRole }>(
      'Listing members',
      'SELECT id, name, party_id, role FROM members WHERE workspace_id = $1 ORDER BY member_key',
      [this.workspaceId],
    );
    return result.rows.map((r) => ({ id: r.id, name: r.name, partyId: r.party_id, role: r.role }));
  }

  /** Adds a member of an existing party (`unknown-party` otherwise). */
  async addMember(input: { id?: string; name: string; partyId: string; role: MemberRole }): Promise<Member> {
    const member: Member = {
      id: input.id === undefined ? newId() : requireText(input.id, 'Member id'),
      name: requireText(input.name, 'Member name'),
      partyId: requireText(input.partyId, 'Party id'),
      role: requireRole(input.role),
    };
    try {
      await this.pool.query('INSERT INTO members (workspace_id, id, name, party_id, role) VALUES ($1, $2, $3, $4, $5)', [
        this.workspaceId,
        member.id,
        member.name,
        member.partyId,
        member.role,
      ]);
    } catch (error) {
      if (pgCode(error) === '23503') throw new DraftroomError('unknown-party', `There is no party with id ${member.partyId}.`);
      if (pgCode(error) === '23505') throw new DraftroomError('conflict', `A member with id ${member.id} already exists.`);
      throw toPgStoreError(error, 'Adding a member');
    }
    return member;
  }

  /** A member by id; undefined if none. */
  async getMember(id: string): Promise<Member | undefined> {
    if (typeof id !== 'string') return undefined;
    const result = await this.query<{ id: string; name: string; party_id: string; role: MemberRole }>(
      'Reading a member',
      'SELECT id, name, party_id, role FROM members WHERE workspace_id = $1 AND id = $2',
      [this.workspaceId, id],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : { id: row.id, name: row.name, partyId: row.party_id, role: row.role };
  }

  /** Changes a member's role (`unknown-member` if none). */
  async setMemberRole(id: string, role: MemberRole): Promise<Member> {
    requireRole(role);
    const result = await this.query('Changing a role', 'UPDATE members SET role = $3 WHERE workspace_id = $1 AND id = $2', [this.workspaceId, id, role]);
    if (result.rowCount === 0) throw new DraftroomError('unknown-member', `There is no member with id ${id}.`);
    return (await this.getMember(id))!;
  }

  /** All documents, in the order they were created. */
  async listDocuments(): Promise<DocumentInfo[]> {
    const result = await this.query<{ id: string; title: string; created_at: string }>(
      'Listing documents',
      'SELECT id, title, created_at FROM documents WHERE workspace_id = $1 ORDER BY doc_key',
      [this.workspaceId],
    );
    return result.rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.created_at }));
  }

  /** Creates an empty document; `conflict` if the id or the title (case-insensitive) is taken. */
  async createDocument(input: { id?: string; title: string; createdAt?: string }): Promise<DocumentInfo> {
    const info: DocumentInfo = {
      id: input.id === undefined ? newId() : requireText(input.id, 'Document id'),
      title: requireText(input.title, 'Document title'),
      createdAt: requireTime(input.createdAt, 'Document time'),
    };
    for (const other of await this.listDocuments()) {
      if (other.id === info.id) throw new DraftroomError('conflict', `A document with id ${info.id} already exists.`);
      if (foldCase(other.title) === foldCase(info.title)) throw new DraftroomError('conflict', `A document titled "${other.title}" already exists.`);
    }
    await this.query('Creating a document', 'INSERT INTO documents (workspace_id, id, title, created_at) VALUES ($1, $2, $3, $4)', [
      this.workspaceId,
      info.id,
      info.title,
      info.createdAt,
    ]);
    return info;
  }

  /** A document by id or exact title (then case-insensitive title); `unknown-document` if none. */
  async getDocument(ref: string): Promise<DocumentInfo> {
    if (typeof ref !== 'string' || ref.trim() === '') throw new DraftroomError('unknown-document', 'No document was named.');
    const documents = await this.listDocuments();
    const title = ref.trim();
    const found =
      documents.find((d) => d.id === ref) ?? documents.find((d) => d.title === title) ?? documents.find((d) => foldCase(d.title) === foldCase(title));
    if (found === undefined) {
      const known = documents.map((d) => `"${d.title}"`).join(', ') || 'none';
      throw new DraftroomError('unknown-document', `There is no document "${ref}" (documents: ${known}).`);
    }
    return found;
  }

  /** The document's integer key; `unknown-document` if there is no document with this id. */
  private async keyOf(docId: string): Promise<number> {
    const cached = this.docKeys.get(docId);
    if (cached !== undefined) return cached;
    const result = await this.query<{ doc_key: number }>('Finding a document', 'SELECT doc_key FROM documents WHERE workspace_id = $1 AND id = $2', [
      this.workspaceId,
      docId,
    ]);
    const key = result.rows[0]?.doc_key;
    if (key === undefined) throw new DraftroomError('unknown-document', `There is no document with id ${String(docId)}.`);
    this.docKeys.set(docId, key);
    return key;
  }

  /** Appends one Yjs update; committed when the promise resolves; resolves to its sequence number. */
  async appendUpdate(docId: string, update: Uint8Array, meta: UpdateMeta = {}): Promise<number> {
    const [seq] = await this.appendUpdates(docId, [update], meta);
    return seq!;
  }

  /**
   * Appends updates of one document in one statement (one transaction): the
   * document row's `last_seq` moves on by their count under its row lock,
   * and the rows take the numbers in between. Resolves to their sequence
   * numbers.
   */
  appendUpdates(docId: string, updates: readonly Uint8Array[], meta: UpdateMeta = {}): Promise<number[]> {
    if (!Array.isArray(updates)) return Promise.reject(new DraftroomError('invalid-argument', 'The updates must be a list.'));
    return this.appendBatch(updates.map((update) => ({ docId, update, meta })));
  }

  /**
   * Appends updates of one or more documents, each with its own
   * attribution, in one transaction: one statement per document (as
   * `appendUpdates`), so a burst from many connections costs one commit.
   * Resolves to their sequence numbers, in the order given.
   */
  async appendBatch(updates: readonly UpdateToAppend[]): Promise<number[]> {
    if (!Array.isArray(updates)) throw new DraftroomError('invalid-argument', 'The updates must be a list.');
    if (updates.length === 0) return [];
    const partyOf = new Map<string, string | null>();
    const groups = new Map<number, { at: number[]; data: Buffer[]; memberIds: (string | null)[]; partyIds: (string | null)[]; times: number[] }>();
    for (const [i, { docId, update, meta = {} }] of updates.entries()) {
      const data = Buffer.from(requireYjsUpdate(update, `Update ${i + 1}`));
      const memberId = optionalId(meta.memberId, 'Member id');
      let partyId = optionalId(meta.partyId, 'Party id');
      if (memberId !== null && partyId === null) {
        if (!partyOf.has(memberId)) partyOf.set(memberId, (await this.getMember(memberId))?.partyId ?? null);
        partyId = partyOf.get(memberId)!;
      }
      const time = Date.parse(requireTime(meta.at, 'Update time'));
      const docKey = await this.keyOf(docId);
      let group = groups.get(docKey);
      if (group === undefined) groups.set(docKey, (group = { at: [], data: [], memberIds: [], partyIds: [], times: [] }));
      group.at.push(i);
      group.data.push(data);
      group.memberIds.push(memberId);
      group.partyIds.push(partyId);
      group.times.push(time);
    }
    const seqs: number[] = new Array<number>(updates.length);
    const appendAll = async (run: (sql: string, params: unknown[]) => Promise<{ rows: { seq: number }[] }>): Promise<number[]> => {
      for (const [docKey, group] of groups) {
        const result = await run(
          `WITH bumped AS (
             UPDATE documents SET last_seq = last_seq + $2 WHERE doc_key = $1 RETURNING last_seq
           )
           INSERT INTO update_log (doc_key, seq, data, member_id, party_id, at)
           SELECT $1, bumped.last_seq - $2 + u.ord, u.data, u.member_id, u.party_id, u.at
             FROM bumped, unnest($3::bytea[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY AS u (data, member_id, party_id, at, ord)
           RETURNING seq`,
          [docKey, group.data.length, group.data, group.memberIds, group.partyIds, group.times],
        );
        const sorted = result.rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
        group.at.forEach((index, k) => (seqs[index] = sorted[k]!));
      }
      return seqs;
    };
    if (groups.size === 1) return appendAll((sql, params) => this.query<{ seq: number }>('Saving an edit', sql, params));
    return this.transaction('Saving edits', (client) => appendAll((sql, params) => client.query<{ seq: number }>(sql, params)));
  }

  /** Latest snapshot plus the log tail after it, read in one snapshot of the database. */
  async readDocumentState(docId: string): Promise<StoredDocumentState> {
    const docKey = await this.keyOf(docId);
    const tail = await this.readTail('Reading a document', docKey, 0);
    return {
      snapshot: tail.snapshot?.state ?? null,
      snapshotSeq: tail.snapshot?.coversSeq ?? 0,
      updates: tail.updates.map((u) => u.data),
      lastSeq: tail.lastSeq,
    };
  }

  /**
   * What an instance that has applied everything up to `afterSeq` lacks: the
   * log rows after it (and the snapshot first, if compaction already merged
   * some of them), read in one snapshot of the database.
   */
  async readLogAfter(docId: string, afterSeq: number): Promise<LogTail> {
    return this.readTail('Catching up a document', await this.keyOf(docId), afterSeq);
  }

  private async readTail(what: string, docKey: number, afterSeq: number): Promise<LogTail> {
    return this.transaction(
      what,
      async (client) => {
        const doc = await client.query<{ last_seq: number }>('SELECT last_seq FROM documents WHERE doc_key = $1', [docKey]);
        const snap = await client.query<{ state: Buffer; covers_seq: number }>('SELECT state, covers_seq FROM snapshots WHERE doc_key = $1', [docKey]);
        const snapshotRow = snap.rows[0];
        const snapshot = snapshotRow !== undefined && snapshotRow.covers_seq > afterSeq ? { state: bytes(snapshotRow.state), coversSeq: snapshotRow.covers_seq } : null;
        const from = Math.max(afterSeq, snapshotRow?.covers_seq ?? 0);
        const rows = await client.query<{ seq: number; data: Buffer; member_id: string | null }>(
          'SELECT seq, data, member_id FROM update_log WHERE doc_key = $1 AND seq > $2 ORDER BY seq',
          [docKey, from],
        );
        return { snapshot, updates: rows.rows.map((r) => ({ seq: r.seq, data: bytes(r.data), memberId: r.member_id })), lastSeq: doc.rows[0]?.last_seq ?? 0 };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  /**
   * Folds the log into the snapshot in one transaction, holding the
   * document's compaction advisory lock (another instance compacting the
   * same document meanwhile makes this one return `merged: 0` at once). It
   * merges the rows up to the highest committed sequence number it reads and
   * deletes exactly those: an append committed meanwhile has a higher
   * number and stays in the log.
   */
  async compact(docId: string): Promise<CompactionResult> {
    const docKey = await this.keyOf(docId);
    return this.transaction('Compacting a document', async (client) => {
      const lock = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(${COMPACTION_LOCK_CLASS}, $1::integer) AS locked`, [docKey]);
      const snap = await client.query<{ state: Buffer; covers_seq: number }>('SELECT state, covers_seq FROM snapshots WHERE doc_key = $1', [docKey]);
      const previous = snap.rows[0];
      const fromSeq = previous?.covers_seq ?? 0;
      if (lock.rows[0]?.locked !== true) return { merged: 0, snapshotSeq: fromSeq };
      const rows = await client.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM update_log WHERE doc_key = $1 AND seq > $2 ORDER BY seq', [docKey, fromSeq]);
      if (rows.rows.length === 0) return { merged: 0, snapshotSeq: fromSeq };
      const upTo = rows.rows[rows.rows.length - 1]!.seq;
      const ydoc = new Y.Doc();
      ydoc.transact(() => {
        if (previous !== undefined) Y.applyUpdate(ydoc, previous.state);
        for (const row of rows.rows) Y.applyUpdate(ydoc, row.data);
      });
      const state = Buffer.from(Y.encodeStateAsUpdate(ydoc));
      ydoc.destroy();
      await client.query(
        `INSERT INTO compacted_attribution (doc_key, party_id, member_id, updates, first_at, last_at)
         SELECT doc_key, coalesce(party_id, ''), coalesce(member_id, ''), count(*), min(at), max(at)
           FROM update_log WHERE doc_key = $1 AND seq > $2 AND seq <= $3 GROUP BY 1, 2, 3
         ON CONFLICT (doc_key, party_id, member_id) DO UPDATE SET
           updates = compacted_attribution.updates + excluded.updates,
           first_at = least(compacted_attribution.first_at, excluded.first_at),
           last_at = greatest(compacted_attribution.last_at, excluded.last_at)`,
        [docKey, fromSeq, upTo],
      );
      await client.query(
        `INSERT INTO snapshots (doc_key, state, covers_seq, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc_key) DO UPDATE SET state = excluded.state, covers_seq = excluded.covers_seq, created_at = excluded.created_at`,
        [docKey, state, upTo, new Date().toISOString()],
      );
      const deleted = await client.query('DELETE FROM update_log WHERE doc_key = $1 AND seq > $2 AND seq <= $3', [docKey, fromSeq, upTo]);
      if (deleted.rowCount !== rows.rows.length) throw new Error(`compaction read ${rows.rows.length} log rows but would delete ${deleted.rowCount}`);
      return { merged: rows.rows.length, snapshotSeq: upTo };
    });
  }

  /** Number of log rows not yet compacted. */
  async logLength(docId: string): Promise<number> {
    const docKey = await this.keyOf(docId);
    const result = await this.query<{ n: number }>('Reading a document', 'SELECT count(*)::bigint AS n FROM update_log WHERE doc_key = $1', [docKey]);
    return result.rows[0]?.n ?? 0;
  }

  /** Update counts per party and member over the whole history (compacted updates included). */
  async listContributors(docId: string): Promise<Contributor[]> {
    const docKey = await this.keyOf(docId);
    const result = await this.query<{ party_id: string; member_id: string; updates: number; first_at: number; last_at: number }>(
      'Reading contributors',
      `SELECT party_id, member_id, sum(updates)::bigint AS updates, min(first_at) AS first_at, max(last_at) AS last_at FROM (
         SELECT party_id, member_id, updates, first_at, last_at FROM compacted_attribution WHERE doc_key = $1
         UNION ALL
         SELECT coalesce(party_id, ''), coalesce(member_id, ''), count(*), min(at), max(at) FROM update_log WHERE doc_key = $1 GROUP BY 1, 2
       ) g GROUP BY party_id, member_id ORDER BY min(first_at), party_id, member_id`,
      [docKey],
    );
    return result.rows.map((r) => ({
      partyId: r.party_id === '' ? null : r.party_id,
      memberId: r.member_id === '' ? null : r.member_id,
      updates: r.updates,
      firstAt: new Date(r.first_at).toISOString(),
      lastAt: new Date(r.last_at).toISOString(),
    }));
  }

  /**
   * Adds attribution history that was compacted elsewhere (a workspace moved
   * from a file by `migrate-store`), merged with what is there.
   */
  async importContributors(docId: string, contributors: readonly Contributor[]): Promise<void> {
    const docKey = await this.keyOf(docId);
    for (const c of contributors) {
      await this.query(
        'Copying contributors',
        `INSERT INTO compacted_attribution (doc_key, party_id, member_id, updates, first_at, last_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (doc_key, party_id, member_id) DO UPDATE SET
           updates = compacted_attribution.updates + excluded.updates,
           first_at = least(compacted_attribution.first_at, excluded.first_at),
           last_at = greatest(compacted_attribution.last_at, excluded.last_at)`,
        [docKey, c.partyId ?? '', c.memberId ?? '', c.updates, Date.parse(c.firstAt), Date.parse(c.lastAt)],
      );
    }
  }

  /**
   * Gives a new, empty document its whole state at once (a workspace moved
   * from a file by `migrate-store`): a snapshot covering sequence number 1,
   * with no log row and no attribution of its own. `conflict` if the
   * document already has anything stored.
   */
  async importDocumentState(docId: string, state: Uint8Array): Promise<void> {
    const data = Buffer.from(requireYjsUpdate(state, 'The document state'));
    const docKey = await this.keyOf(docId);
    await this.transaction('Copying a document', async (client) => {
      const bumped = await client.query('UPDATE documents SET last_seq = 1 WHERE doc_key = $1 AND last_seq = 0', [docKey]);
      if (bumped.rowCount !== 1) throw new DraftroomError('conflict', `document ${docId} already has stored edits`);
      await client.query('INSERT INTO snapshots (doc_key, state, covers_seq, created_at) VALUES ($1, $2, 1, $3)', [docKey, data, new Date().toISOString()]);
    });
  }

  /** Keeps a named version; `conflict` if the name is taken for that document. */
  async createVersion(input: {
    id?: string;
    docId: string;
    name: string;
    note?: string;
    authorId?: string | null;
    partyId?: string | null;
    createdAt?: string;
    state: Uint8Array;
  }): Promise<VersionInfo> {
    const info: VersionInfo = {
      id: input.id === undefined ? newId() : requireText(input.id, 'Version id'),
      docId: requireText(input.docId, 'Document id'),
      name: requireText(input.name, 'Version name'),
      note: requireString(input.note ?? '', 'Version note', MAX_NOTE_LENGTH),
      authorId: optionalId(input.authorId, 'Author id'),
      partyId: optionalId(input.partyId, 'Party id'),
      createdAt: requireTime(input.createdAt, 'Version time'),
    };
    const state = Buffer.from(requireYjsUpdate(input.state, 'The version state'));
    const docKey = await this.keyOf(info.docId);
    for (const other of await this.listVersions(info.docId)) {
      if (other.id === info.id) throw new DraftroomError('conflict', `A version with id ${info.id} already exists.`);
      if (foldCase(other.name) === foldCase(info.name)) throw new DraftroomError('conflict', `A version named "${other.name}" already exists for this document.`);
    }
    await this.query(
      'Saving a version',
      'INSERT INTO versions (doc_key, id, name, note, author_id, party_id, created_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [docKey, info.id, info.name, info.note, info.authorId, info.partyId, info.createdAt, state],
    );
    return info;
  }

  /** The document's named versions, oldest first (metadata only). */
  async listVersions(docId: string): Promise<VersionInfo[]> {
    const docKey = await this.keyOf(docId);
    const result = await this.query<{ id: string; name: string; note: string; author_id: string | null; party_id: string | null; created_at: string }>(
      'Listing versions',
      'SELECT id, name, note, author_id, party_id, created_at FROM versions WHERE doc_key = $1 ORDER BY created_at, version_key',
      [docKey],
    );
    return result.rows.map((r) => ({ id: r.id, docId, name: r.name, note: r.note, authorId: r.author_id, partyId: r.party_id, createdAt: r.created_at }));
  }

  /** A version by id or name (case-insensitive), with its state; `unknown-version` if none. */
  async getVersion(docId: string, ref: string): Promise<StoredVersion> {
    const docKey = await this.keyOf(docId);
    const result = await this.query<{ id: string; name: string; note: string; author_id: string | null; party_id: string | null; created_at: string; state: Buffer }>(
      'Reading a version',
      'SELECT id, name, note, author_id, party_id, created_at, state FROM versions WHERE doc_key = $1 ORDER BY created_at, version_key',
      [docKey],
    );
    const wanted = typeof ref === 'string' ? foldCase(ref.trim()) : '';
    const row = result.rows.find((r) => r.id === ref) ?? result.rows.find((r) => foldCase(r.name) === wanted);
    if (row === undefined) throw new DraftroomError('unknown-version', `There is no version "${String(ref)}" of this document.`);
    return { id: row.id, docId, name: row.name, note: row.note, authorId: row.author_id, partyId: row.party_id, createdAt: row.created_at, state: bytes(row.state) };
  }

  /** Every access token of the workspace, oldest first (never their secrets). */
  async listTokens(): Promise<AccessToken[]> {
    const result = await this.query<TokenRow>(
      'Listing tokens',
      'SELECT id, member_id, created_at, last_used_at, revoked_at FROM access_tokens WHERE workspace_id = $1 ORDER BY token_key',
      [this.workspaceId],
    );
    return result.rows.map(toToken);
  }

  /** A token by id; undefined if none. */
  async getToken(id: string): Promise<AccessToken | undefined> {
    const result = await this.query<TokenRow>(
      'Reading a token',
      'SELECT id, member_id, created_at, last_used_at, revoked_at FROM access_tokens WHERE workspace_id = $1 AND id = $2',
      [this.workspaceId, id],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : toToken(row);
  }

  /** Makes a token acting as a member (`unknown-member` if none); the returned string is the only copy of its secret. */
  async createToken(memberId: string): Promise<IssuedToken> {
    const member = requireText(memberId, 'Member id');
    if ((await this.getMember(member)) === undefined) throw new DraftroomError('unknown-member', `There is no member with id ${member}.`);
    const id = newId();
    const secret = randomBytes(SECRET_BYTES).toString('hex');
    const createdAt = new Date().toISOString();
    await this.query('Making a token', 'INSERT INTO access_tokens (workspace_id, id, member_id, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
      this.workspaceId,
      id,
      member,
      hashSecret(secret),
      createdAt,
    ]);
    return { token: { id, memberId: member, createdAt, lastUsedAt: null, revokedAt: null }, secret: `${TOKEN_PREFIX}${id}_${secret}` };
  }

  /**
   * Keeps a token made elsewhere, by its hash (a workspace moved from a
   * file by `migrate-store`: its members' tokens keep working).
   */
  async importToken(token: AccessToken, secretHash: Uint8Array): Promise<void> {
    await this.query(
      'Copying a token',
      'INSERT INTO access_tokens (workspace_id, id, member_id, secret_hash, created_at, last_used_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [this.workspaceId, token.id, token.memberId, Buffer.from(secretHash), token.createdAt, token.lastUsedAt, token.revokedAt],
    );
  }

  /** Every token with the hash of its secret (for `migrate-store --to-file`). */
  async tokenHashes(): Promise<{ token: AccessToken; secretHash: Uint8Array }[]> {
    const result = await this.query<TokenRow & { secret_hash: Buffer }>(
      'Listing tokens',
      'SELECT id, member_id, created_at, last_used_at, revoked_at, secret_hash FROM access_tokens WHERE workspace_id = $1 ORDER BY token_key',
      [this.workspaceId],
    );
    return result.rows.map((r) => ({ token: toToken(r), secretHash: bytes(r.secret_hash) }));
  }

  /** Revokes a token (`not-found` if none); revoking twice keeps the first time. */
  async revokeToken(id: string): Promise<AccessToken> {
    await this.query('Revoking a token', 'UPDATE access_tokens SET revoked_at = $3 WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL', [
      this.workspaceId,
      id,
      new Date().toISOString(),
    ]);
    const token = await this.getToken(id);
    if (token === undefined) throw new DraftroomError('not-found', `There is no token with id ${id}.`);
    return token;
  }

  /** Checks a token string (shape, secret in constant time, not revoked); writes nothing. */
  async checkToken(token: string): Promise<TokenCheck> {
    const parts = typeof token === 'string' ? parseTokenString(token.trim()) : null;
    if (parts === null) return { ok: false, reason: 'malformed', message: 'not a Draftroom token (drt_<id>_<secret>)' };
    const result = await this.query<TokenRow & { secret_hash: Buffer }>(
      'Checking a token',
      'SELECT id, member_id, created_at, last_used_at, revoked_at, secret_hash FROM access_tokens WHERE workspace_id = $1 AND id = $2',
      [this.workspaceId, parts.id],
    );
    const row = result.rows[0];
    const presented = hashSecret(parts.secret);
    const stored = row?.secret_hash ?? Buffer.alloc(presented.length);
    const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
    if (row === undefined || !matches) return { ok: false, reason: 'unknown', message: 'this token does not open this workspace' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked', message: `token ${row.id} was revoked` };
    return { ok: true, token: toToken(row) };
  }

  /** Records when a token was last used. */
  async touchToken(id: string, at: string): Promise<void> {
    await this.query('Recording token use', 'UPDATE access_tokens SET last_used_at = $3 WHERE workspace_id = $1 AND id = $2', [this.workspaceId, id, at]);
  }

  /** Nothing to do: the pool belongs to the `PgDatabase`. */
  async close(): Promise<void> {
    // The pool is shared by every workspace of the database and closed with it.
  }
}
