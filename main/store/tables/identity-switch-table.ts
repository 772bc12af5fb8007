import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { requireText, requireTime } from '../input-checks';
import { isConstraintError } from '../sqlite-errors';
import type { IdentitySwitch } from '../store-types';

interface SwitchRow {
  seq: number;
  at: string;
  from_member_id: string | null;
  to_member_id: string;
}

/** Statements on the append-only `identity_switches` table. */
export class IdentitySwitchTable {
  private readonly insert: Database.Statement<[string, string | null, string]>;
  private readonly selectAll: Database.Statement<[], SwitchRow>;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO identity_switches (at, from_member_id, to_member_id) VALUES (?, ?, ?)');
    this.selectAll = db.prepare('SELECT seq, at, from_member_id, to_member_id FROM identity_switches ORDER BY seq');
  }

  /** Appends one switch; `unknown-member` if either member does not exist. */
  append(input: { fromMemberId: string | null; toMemberId: string; at?: string }): IdentitySwitch {
    const at = requireTime(input.at, 'Switch time');
    const from = input.fromMemberId === null ? null : requireText(input.fromMemberId, 'Member id');
    const to = requireText(input.toMemberId, 'Member id');
    try {
      const result = this.insert.run(at, from, to);
      return { seq: Number(result.lastInsertRowid), at, fromMemberId: from, toMemberId: to };
    } catch (error) {
      if (isConstraintError(error, 'FOREIGNKEY')) {
        throw new DraftroomError('unknown-member', `There is no member with id ${from !== null && to !== from ? `${from} or ${to}` : to}.`);
      }
      throw error;
    }
  }

  /** Every switch, oldest first. */
  list(): IdentitySwitch[] {
    return this.selectAll.all().map((row) => ({ seq: row.seq, at: row.at, fromMemberId: row.from_member_id, toMemberId: row.to_member_id }));
  }
}
