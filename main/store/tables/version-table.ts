import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { newId } from '../../../shared/domain/ids';
import type { VersionInfo } from '../../../shared/domain/types';
import { foldCase, optionalId, requireString, requireText, requireTime } from '../input-checks';
import { isConstraintError } from '../sqlite-errors';
import { checksumMatches, damagedRowError, versionChecksum } from '../row-checksums';
import type { StoredVersion, VersionChainRow } from '../store-types';
import { VERSION_PROJECTION_FORMAT } from '../../../shared/redline/version-projection';
import { versionContentOfState, versionHashOfContent } from '../version-hash';
import type { DocumentTable } from './document-table';
import type { VersionProjectionTable } from './version-projection-table';
import { requireYjsUpdate } from './update-log-table';

interface VersionRow {
  id: string;
  doc_id: string;
  name: string;
  note: string;
  author_id: string | null;
  party_id: string | null;
  created_at: string;
}

/** Longest note kept with a version. */
const MAX_NOTE_LENGTH = 10_000;

function toInfo(row: VersionRow): VersionInfo {
  return {
    id: row.id,
    docId: row.doc_id,
    name: row.name,
    note: row.note,
    authorId: row.author_id,
    partyId: row.party_id,
    createdAt: row.created_at,
  };
}

/** What `VersionTable.create` takes (the store API's `createVersion` input). */
export interface NewVersion {
  readonly id?: string;
  readonly docId: string;
  readonly name: string;
  readonly note?: string;
  readonly authorId?: string | null;
  readonly partyId?: string | null;
  readonly createdAt?: string;
  readonly state: Uint8Array;
}

const COLUMNS = 'id, doc_id, name, note, author_id, party_id, created_at';

/** Statements on the `versions` table: named full states of a document. */
export class VersionTable {
  private readonly selectForDoc: Database.Statement<[string], VersionRow>;
  private readonly selectState: Database.Statement<[string], { doc_id: unknown; state: unknown; checksum: unknown }>;
  private readonly selectMemberParty: Database.Statement<[string], string>;
  private readonly selectPartyExists: Database.Statement<[string], number>;
  private readonly insert: Database.Statement<
    [string, string, string, string, string | null, string | null, string, Uint8Array, number, number, string | null, string]
  >;
  private readonly selectChainEnd: Database.Statement<[string], { chain_seq: number; hash: string | null }>;
  private readonly selectChain: Database.Statement<[string], VersionChainRow>;
  private readonly selectChainFacts: Database.Statement<[string], VersionChainRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly documents: DocumentTable,
    private readonly projections: VersionProjectionTable,
  ) {
    this.selectForDoc = db.prepare(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? ORDER BY created_at, rowid`);
    this.selectState = db.prepare('SELECT doc_id, state, checksum FROM versions WHERE id = ?');
    this.selectMemberParty = db.prepare<[string], string>('SELECT party_id FROM members WHERE id = ?').pluck();
    this.selectPartyExists = db.prepare<[string], number>('SELECT 1 FROM parties WHERE id = ?').pluck();
    this.insert = db.prepare(
      `INSERT INTO versions (${COLUMNS}, state, checksum, chain_seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectChainEnd = db.prepare(
      'SELECT chain_seq, hash FROM versions WHERE doc_id = ? AND chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1',
    );
    this.selectChain = db.prepare(
      `SELECT ${COLUMNS}, state, checksum, chain_seq, prev_hash, hash FROM versions WHERE doc_id = ? ORDER BY chain_seq IS NULL, chain_seq, rowid`,
    );
    this.selectChainFacts = db.prepare(
      `SELECT ${COLUMNS}, NULL AS state, checksum, chain_seq, prev_hash, hash FROM versions WHERE doc_id = ? ORDER BY chain_seq IS NULL, chain_seq, rowid`,
    );
  }

  /** A document's versions, oldest first. */
  list(docId: string): VersionInfo[] {
    this.documents.requireId(docId);
    return this.selectForDoc.all(docId).map(toInfo);
  }

  /** Keeps a named version; `conflict` if the name (case-insensitive) or id is taken. */
  create(input: NewVersion): VersionInfo {
    const docId = requireText(input.docId, 'Document id');
    const info: VersionInfo = {
      id: input.id === undefined ? newId() : requireText(input.id, 'Version id'),
      docId,
      name: requireText(input.name, 'Version name'),
      note: requireString(input.note ?? '', 'Version note', MAX_NOTE_LENGTH),
      authorId: optionalId(input.authorId, 'Author id'),
      partyId: optionalId(input.partyId, 'Party id'),
      createdAt: requireTime(input.createdAt, 'Version time'),
    };
    const state = requireYjsUpdate(input.state, 'The version state');
    this.db
      .transaction(() => {
        this.documents.requireId(docId);
        this.checkAttribution(info);
        for (const other of this.selectForDoc.all(docId)) {
          if (other.id === info.id) throw new DraftroomError('conflict', `A version with id ${info.id} already exists.`);
          if (foldCase(other.name) === foldCase(info.name)) {
            throw new DraftroomError('conflict', `The document already has a version named "${other.name}".`);
          }
        }
        try {
          const checksum = versionChecksum(docId, state);
          const end = this.selectChainEnd.get(docId);
          const previousHash = end?.hash ?? null;
          // One decode gives both the hash and the redline projection (the content the hash covers).
          const content = versionContentOfState(state);
          const hash = versionHashOfContent({ ...info, versionId: info.id, previousHash }, content);
          const seq = (end?.chain_seq ?? 0) + 1;
          this.insert.run(info.id, docId, info.name, info.note, info.authorId, info.partyId, info.createdAt, state, checksum, seq, previousHash, hash);
          this.projections.put(info.id, VERSION_PROJECTION_FORMAT, content);
        } catch (error) {
          if (isConstraintError(error, 'PRIMARYKEY') || isConstraintError(error, 'UNIQUE')) {
            throw new DraftroomError('conflict', `A version with id ${info.id} or name "${info.name}" already exists.`);
          }
          throw error;
        }
      })
      .immediate();
    return info;
  }

  /**
   * A document's versions as stored, in chain order, with their raw state
   * (null without `states`), checksum and hashes, for verification: nothing
   * is checked or decoded.
   */
  chain(docId: string, states = true): VersionChainRow[] {
    this.documents.requireId(docId);
    return (states ? this.selectChain : this.selectChainFacts).all(docId);
  }

  /** A version by id, exact name, then case-insensitive name, with its state; `unknown-version` if none. */
  get(docId: string, ref: string): StoredVersion {
    return this.db.transaction((): StoredVersion => {
      const versions = this.list(docId);
      const key = typeof ref === 'string' ? ref.trim() : '';
      const found =
        versions.find((v) => v.id === ref) ??
        versions.find((v) => v.name === key) ??
        versions.find((v) => foldCase(v.name) === foldCase(key));
      if (!found) {
        const known = versions.map((v) => `"${v.name}"`).join(', ') || 'none';
        throw new DraftroomError('unknown-version', `The document has no version "${String(ref)}" (versions: ${known}).`);
      }
      const row = this.selectState.get(found.id);
      if (row === undefined) throw new DraftroomError('unknown-version', `Version ${found.id} disappeared.`);
      const { state } = row;
      if (row.doc_id !== docId || !(state instanceof Uint8Array) || !checksumMatches(row.checksum, versionChecksum(docId, state))) {
        throw damagedRowError({
          document: this.documents.label(docId),
          row: `its version "${found.name}" (id ${found.id})`,
          remedy: 'Its working draft and other versions may still be intact.',
        });
      }
      return { ...found, state };
    })();
  }

  private checkAttribution(info: VersionInfo): void {
    if (info.authorId !== null) {
      const party = this.selectMemberParty.get(info.authorId);
      if (party === undefined) throw new DraftroomError('unknown-member', `There is no member with id ${info.authorId}.`);
      if (info.partyId !== null && info.partyId !== party) {
        throw new DraftroomError('invalid-argument', `Member ${info.authorId} belongs to party ${party}, not ${info.partyId}.`);
      }
    }
    if (info.partyId !== null && !this.selectPartyExists.get(info.partyId)) {
      throw new DraftroomError('unknown-party', `There is no party with id ${info.partyId}.`);
    }
  }
}
