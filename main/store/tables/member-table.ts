import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { newId } from '../../../shared/domain/ids';
import { MEMBER_ROLES, type Member, type MemberRole } from '../../../shared/domain/types';
import { requireText } from '../input-checks';
import { isConstraintError } from '../sqlite-errors';

interface MemberRow {
  id: string;
  name: string;
  party_id: string;
  role: MemberRole;
}

/** The keys the update log records for a member's edits. */
export interface MemberAttribution {
  readonly memberKey: number;
  readonly partyId: string;
  readonly partyKey: number;
}

function toMember(row: MemberRow): Member {
  return { id: row.id, name: row.name, partyId: row.party_id, role: row.role };
}

/** Statements on the `members` table. */
export class MemberTable {
  private readonly selectAll: Database.Statement<[], MemberRow>;
  private readonly selectOne: Database.Statement<[string], MemberRow>;
  private readonly selectPartyExists: Database.Statement<[string], { one: number }>;
  private readonly selectAttribution: Database.Statement<[string], MemberAttribution>;
  private readonly insert: Database.Statement<[string, string, string, string]>;
  private readonly updateRole: Database.Statement<[string, string]>;
  private readonly update: Database.Statement<[string, string, string]>;
  /** Member id → keys; a member never changes party and is never removed, so entries never go stale. */
  private readonly attributions = new Map<string, MemberAttribution>();

  constructor(db: Database.Database) {
    this.selectAll = db.prepare('SELECT id, name, party_id, role FROM members ORDER BY member_key');
    this.selectOne = db.prepare('SELECT id, name, party_id, role FROM members WHERE id = ?');
    this.selectPartyExists = db.prepare('SELECT 1 AS one FROM parties WHERE id = ?');
    this.selectAttribution = db.prepare(
      `SELECT m.member_key AS memberKey, m.party_id AS partyId, p.party_key AS partyKey
         FROM members m JOIN parties p ON p.id = m.party_id WHERE m.id = ?`,
    );
    this.insert = db.prepare('INSERT INTO members (id, name, party_id, role) VALUES (?, ?, ?, ?)');
    this.updateRole = db.prepare('UPDATE members SET role = ? WHERE id = ?');
    this.update = db.prepare('UPDATE members SET name = ?, role = ? WHERE id = ?');
  }

  /** All members in the order they were added. */
  list(): Member[] {
    return this.selectAll.all().map(toMember);
  }

  /** A member by id, or undefined. */
  get(id: string): Member | undefined {
    if (typeof id !== 'string') return undefined;
    const row = this.selectOne.get(id);
    return row ? toMember(row) : undefined;
  }

  /** A member's key, party and party key, or undefined if there is no such member. */
  attributionOf(memberId: string): MemberAttribution | undefined {
    const cached = this.attributions.get(memberId);
    if (cached !== undefined) return cached;
    const found = this.selectAttribution.get(memberId);
    if (found !== undefined) this.attributions.set(memberId, found);
    return found;
  }

  /** Changes a member's role; `unknown-member` if there is no such member. */
  setRole(id: string, role: MemberRole): Member {
    if (!MEMBER_ROLES.includes(role)) {
      throw new DraftroomError('invalid-argument', `Member role must be one of ${MEMBER_ROLES.join(', ')} (got "${String(role)}").`);
    }
    if (this.updateRole.run(role, id).changes === 0) throw new DraftroomError('unknown-member', `There is no member with id ${id}.`);
    return this.get(id)!;
  }

  /** Adds a member with this id, or updates its name and role; `conflict` if it exists in another party. */
  upsert(input: Member): Member {
    const existing = this.get(input.id);
    if (existing === undefined) return this.add(input);
    if (existing.partyId !== input.partyId) {
      throw new DraftroomError('conflict', `Member ${existing.id} belongs to party ${existing.partyId}, not ${input.partyId}.`);
    }
    const member: Member = { ...existing, name: requireText(input.name, 'Member name'), role: input.role };
    if (!MEMBER_ROLES.includes(member.role)) {
      throw new DraftroomError('invalid-argument', `Member role must be one of ${MEMBER_ROLES.join(', ')} (got "${String(member.role)}").`);
    }
    if (member.name !== existing.name || member.role !== existing.role) this.update.run(member.name, member.role, member.id);
    return member;
  }

  /** Adds a member; `unknown-party` if the party does not exist, `conflict` if the id is taken. */
  add(input: { id?: string; name: string; partyId: string; role: MemberRole }): Member {
    const member: Member = {
      id: input.id === undefined ? newId() : requireText(input.id, 'Member id'),
      name: requireText(input.name, 'Member name'),
      partyId: requireText(input.partyId, 'Party id'),
      role: input.role,
    };
    if (!MEMBER_ROLES.includes(member.role)) {
      throw new DraftroomError('invalid-argument', `Member role must be one of ${MEMBER_ROLES.join(', ')} (got "${String(member.role)}").`);
    }
    if (!this.selectPartyExists.get(member.partyId)) {
      throw new DraftroomError('unknown-party', `There is no party with id ${member.partyId}.`);
    }
    try {
      this.insert.run(member.id, member.name, member.partyId, member.role);
    } catch (error) {
      if (isConstraintError(error, 'UNIQUE')) {
        throw new DraftroomError('conflict', `A member with id ${member.id} already exists.`);
      }
      if (isConstraintError(error, 'FOREIGNKEY')) {
        throw new DraftroomError('unknown-party', `There is no party with id ${member.partyId}.`);
      }
      throw error;
    }
    return member;
  }
}
