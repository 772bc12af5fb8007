import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { newId } from '../../../shared/domain/ids';
import { requireText } from '../input-checks';
import type { AccessToken, IssuedToken, TokenCheck } from '../store-types';

interface TokenRow {
  id: string;
  member_id: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** What every token string starts with (so a pasted secret is recognisable). */
export const TOKEN_PREFIX = 'drt_';

/** Bytes of randomness in a token's secret. */
const SECRET_BYTES = 32;

/** `drt_<token id>_<64 hex digits>`; the id is a UUID (no underscores). */
const TOKEN_PATTERN = /^drt_([0-9a-f-]{1,64})_([0-9a-f]{64})$/;

const COLUMNS = 'id, member_id, created_at, last_used_at, revoked_at';

function toToken(row: TokenRow): AccessToken {
  return {
    id: row.id,
    memberId: row.member_id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** SHA-256 of a token secret (hex), the only form in which a secret is kept. */
export function hashSecret(secretHex: string): Buffer {
  return createHash('sha256').update(Buffer.from(secretHex, 'hex')).digest();
}

/**
 * Splits a token string into its id and secret, or returns null if it does
 * not have the shape of a Draftroom token.
 */
export function parseTokenString(token: string): { id: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match === null ? null : { id: match[1]!, secret: match[2]! };
}

/** Statements on the `access_tokens` table: hashed secrets that act as one member. */
export class TokenTable {
  private readonly selectAll: Database.Statement<[], TokenRow>;
  private readonly selectOne: Database.Statement<[string], TokenRow>;
  private readonly selectHash: Database.Statement<[string], { secret_hash: Buffer } & TokenRow>;
  private readonly selectMemberExists: Database.Statement<[string], number>;
  private readonly insert: Database.Statement<[string, string, Buffer, string]>;
  private readonly updateRevoked: Database.Statement<[string, string]>;
  private readonly updateLastUsed: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.selectAll = db.prepare(`SELECT ${COLUMNS} FROM access_tokens ORDER BY token_key`);
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM access_tokens WHERE id = ?`);
    this.selectHash = db.prepare(`SELECT ${COLUMNS}, secret_hash FROM access_tokens WHERE id = ?`);
    this.selectMemberExists = db.prepare<[string], number>('SELECT 1 FROM members WHERE id = ?').pluck();
    this.insert = db.prepare('INSERT INTO access_tokens (id, member_id, secret_hash, created_at) VALUES (?, ?, ?, ?)');
    this.updateRevoked = db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.updateLastUsed = db.prepare('UPDATE access_tokens SET last_used_at = ? WHERE id = ?');
  }

  /** Every token, oldest first (never their secrets). */
  list(): AccessToken[] {
    return this.selectAll.all().map(toToken);
  }

  /** A token by id, or undefined. */
  get(id: string): AccessToken | undefined {
    if (typeof id !== 'string') return undefined;
    const row = this.selectOne.get(id);
    return row === undefined ? undefined : toToken(row);
  }

  /** Makes a token for a member; returns it with its secret token string (kept nowhere). */
  create(memberId: string): IssuedToken {
    const member = requireText(memberId, 'Member id');
    if (this.selectMemberExists.get(member) === undefined) {
      throw new DraftroomError('unknown-member', `There is no member with id ${member}.`);
    }
    const id = newId();
    const secret = randomBytes(SECRET_BYTES).toString('hex');
    const createdAt = new Date().toISOString();
    this.insert.run(id, member, hashSecret(secret), createdAt);
    return {
      token: { id, memberId: member, createdAt, lastUsedAt: null, revokedAt: null },
      secret: `${TOKEN_PREFIX}${id}_${secret}`,
    };
  }

  /** Revokes a token (`unknown-token` → `not-found` if none); revoking twice keeps the first time. */
  revoke(id: string): AccessToken {
    const at = new Date().toISOString();
    this.updateRevoked.run(at, id);
    const token = this.get(id);
    if (token === undefined) throw new DraftroomError('not-found', `There is no token with id ${id}.`);
    return token;
  }

  /**
   * Checks a token string: its shape, that its id exists here, that its
   * secret matches (constant-time comparison of the hashes) and that it is
   * not revoked. Writes nothing.
   */
  check(token: string): TokenCheck {
    const parts = typeof token === 'string' ? parseTokenString(token.trim()) : null;
    if (parts === null) return { ok: false, reason: 'malformed', message: 'not a Draftroom token (drt_<id>_<secret>)' };
    const row = this.selectHash.get(parts.id);
    const presented = hashSecret(parts.secret);
    // Compare even when the id is unknown, so timing does not tell which ids exist.
    const stored = row?.secret_hash ?? Buffer.alloc(presented.length);
    const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
    if (row === undefined || !matches) {
      return { ok: false, reason: 'unknown', message: 'this token does not open this workspace' };
    }
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked', message: `token ${row.id} was revoked` };
    return { ok: true, token: toToken(row) };
  }

  /** Notes when a token was last used. */
  touch(id: string, at: string): void {
    this.updateLastUsed.run(at, id);
  }
}
