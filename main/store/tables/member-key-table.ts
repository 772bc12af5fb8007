import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { requireString, requireText, requireTime } from '../input-checks';
import { isConstraintError } from '../sqlite-errors';
import type { MemberKey } from '../store-types';

interface KeyRow {
  member_id: string;
  public_key: string;
  created_at: string;
}

/** Longest public key PEM kept (an Ed25519 SPKI PEM is 113 characters). */
const MAX_KEY_LENGTH = 4_000;

function toKey(row: KeyRow): MemberKey {
  return { memberId: row.member_id, publicKeyPem: row.public_key, createdAt: row.created_at };
}

/** Statements on `member_keys`: one recorded Ed25519 public key per member, never replaced. */
export class MemberKeyTable {
  private readonly insert: Database.Statement<[string, string, string]>;
  private readonly selectAll: Database.Statement<[], KeyRow>;
  private readonly selectOne: Database.Statement<[string], KeyRow>;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO member_keys (member_id, public_key, created_at) VALUES (?, ?, ?)');
    this.selectAll = db.prepare('SELECT member_id, public_key, created_at FROM member_keys ORDER BY rowid');
    this.selectOne = db.prepare('SELECT member_id, public_key, created_at FROM member_keys WHERE member_id = ?');
  }

  /** Every recorded key, in the order they were recorded. */
  list(): MemberKey[] {
    return this.selectAll.all().map(toKey);
  }

  /** A member's key, or undefined. */
  get(memberId: string): MemberKey | undefined {
    if (typeof memberId !== 'string') return undefined;
    const row = this.selectOne.get(memberId);
    return row ? toKey(row) : undefined;
  }

  /** Records a member's key; `unknown-member` if there is no such member, `conflict` if they have one. */
  add(input: { memberId: string; publicKeyPem: string; createdAt?: string }): MemberKey {
    const key: MemberKey = {
      memberId: requireText(input.memberId, 'Member id'),
      publicKeyPem: requireString(input.publicKeyPem, 'Public key', MAX_KEY_LENGTH),
      createdAt: requireTime(input.createdAt, 'Key time'),
    };
    try {
      this.insert.run(key.memberId, key.publicKeyPem, key.createdAt);
    } catch (error) {
      if (isConstraintError(error, 'PRIMARYKEY') || isConstraintError(error, 'UNIQUE')) {
        throw new DraftroomError('conflict', `Member ${key.memberId} already has a recorded key; a key is never replaced (initials made with it would no longer verify).`);
      }
      if (isConstraintError(error, 'FOREIGNKEY')) throw new DraftroomError('unknown-member', `There is no member with id ${key.memberId}.`);
      throw error;
    }
    return key;
  }
}
