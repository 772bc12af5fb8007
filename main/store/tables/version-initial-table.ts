import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { requireString, requireText, requireTime } from '../input-checks';
import { isConstraintError } from '../sqlite-errors';
import type { StoredInitial } from '../store-types';
import type { DocumentTable } from './document-table';

interface InitialRow {
  version_id: string;
  member_id: string;
  at: string;
  signature: string;
}

/** Longest signature text kept (an Ed25519 signature is 88 base64 characters). */
const MAX_SIGNATURE_LENGTH = 1_000;

function toInitial(row: InitialRow): StoredInitial {
  return { versionId: row.version_id, memberId: row.member_id, at: row.at, signature: row.signature };
}

/** Statements on `version_initials`: members' signatures over versions' hashes (checked by the caller). */
export class VersionInitialTable {
  private readonly insert: Database.Statement<[string, string, string, string]>;
  private readonly selectForDoc: Database.Statement<[string], InitialRow>;
  private readonly selectVersion: Database.Statement<[string], number>;

  constructor(
    db: Database.Database,
    private readonly documents: DocumentTable,
  ) {
    this.insert = db.prepare('INSERT INTO version_initials (version_id, member_id, at, signature) VALUES (?, ?, ?, ?)');
    this.selectForDoc = db.prepare(
      `SELECT i.version_id, i.member_id, i.at, i.signature FROM version_initials i JOIN versions v ON v.id = i.version_id
        WHERE v.doc_id = ? ORDER BY i.at, i.rowid`,
    );
    this.selectVersion = db.prepare<[string], number>('SELECT 1 FROM versions WHERE id = ?').pluck();
  }

  /** Keeps one member's initials on a version; `unknown-version`, `unknown-member`, or `conflict` if already there. */
  add(input: { versionId: string; memberId: string; at: string; signature: string }): StoredInitial {
    const initial: StoredInitial = {
      versionId: requireText(input.versionId, 'Version id'),
      memberId: requireText(input.memberId, 'Member id'),
      at: requireTime(input.at, 'Initialling time'),
      signature: requireString(input.signature, 'Signature', MAX_SIGNATURE_LENGTH),
    };
    if (!this.selectVersion.get(initial.versionId)) throw new DraftroomError('unknown-version', `There is no version with id ${initial.versionId}.`);
    try {
      this.insert.run(initial.versionId, initial.memberId, initial.at, initial.signature);
    } catch (error) {
      if (isConstraintError(error, 'PRIMARYKEY') || isConstraintError(error, 'UNIQUE')) {
        throw new DraftroomError('conflict', `Member ${initial.memberId} has already initialled version ${initial.versionId}.`);
      }
      if (isConstraintError(error, 'FOREIGNKEY')) throw new DraftroomError('unknown-member', `There is no member with id ${initial.memberId}.`);
      throw error;
    }
    return initial;
  }

  /** Every initial on a document's versions, oldest first. */
  listForDoc(docId: string): StoredInitial[] {
    this.documents.requireId(docId);
    return this.selectForDoc.all(docId).map(toInitial);
  }
}
