import type { Migration } from './migration';

/**
 * Schema version 3: access tokens for the team server.
 *
 * A token lets whoever holds its secret act as one member of this workspace
 * through `draftroom serve`. Only a SHA-256 hash of the secret is kept (the
 * secret is printed once, when the token is made). A revoked token keeps its
 * row (for `draftroom token list`) with the time it was revoked. Times are
 * ISO 8601 text.
 */
export const migration003: Migration = {
  version: 3,
  name: 'access tokens',
  up(db) {
    db.exec(`
      CREATE TABLE access_tokens (
        token_key    INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        member_id    TEXT NOT NULL REFERENCES members (id),
        secret_hash  BLOB NOT NULL CHECK (length(secret_hash) = 32),
        created_at   TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at   TEXT
      ) STRICT;
      CREATE INDEX access_tokens_member ON access_tokens (member_id);
    `);
  },
};
