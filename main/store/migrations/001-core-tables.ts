import type { Migration } from './migration';

/**
 * Schema version 1: the workspace row, parties, members, documents, the
 * append-only update log, compacted snapshots, named versions and
 * preferences.
 *
 * Parties, members and documents have a public text id (a UUID, used by the
 * API) and a small integer key that the update log and snapshots use, so a
 * log row stays a few dozen bytes. Log sequence numbers never go backwards
 * (AUTOINCREMENT), so a snapshot's `covers_seq` stays meaningful after the
 * rows it merged are deleted. Times are ISO 8601 text except the log's `at`
 * (Unix ms).
 */
export const migration001: Migration = {
  version: 1,
  name: 'core tables',
  up(db) {
    db.exec(`
      CREATE TABLE workspace (
        singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
        id         TEXT NOT NULL,
        name       TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE parties (
        party_key INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        name      TEXT NOT NULL,
        code      TEXT NOT NULL,
        colour    TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX parties_code ON parties (code COLLATE NOCASE);
      CREATE UNIQUE INDEX parties_name ON parties (name COLLATE NOCASE);

      CREATE TABLE members (
        member_key INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        party_id   TEXT NOT NULL REFERENCES parties (id),
        role       TEXT NOT NULL CHECK (role IN ('lead', 'drafter', 'suggester', 'observer'))
      ) STRICT;
      CREATE INDEX members_party ON members (party_id);

      CREATE TABLE documents (
        doc_key    INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        title      TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX documents_title ON documents (title COLLATE NOCASE);

      CREATE TABLE update_log (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_key    INTEGER NOT NULL REFERENCES documents (doc_key),
        data       BLOB NOT NULL,
        member_key INTEGER REFERENCES members (member_key),
        party_key  INTEGER REFERENCES parties (party_key),
        at         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX update_log_doc ON update_log (doc_key, seq);

      CREATE TABLE snapshots (
        doc_key    INTEGER PRIMARY KEY REFERENCES documents (doc_key),
        state      BLOB NOT NULL,
        covers_seq INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE versions (
        id         TEXT PRIMARY KEY,
        doc_id     TEXT NOT NULL REFERENCES documents (id),
        name       TEXT NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        author_id  TEXT REFERENCES members (id),
        party_id   TEXT REFERENCES parties (id),
        created_at TEXT NOT NULL,
        state      BLOB NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX versions_doc_name ON versions (doc_id, name COLLATE NOCASE);

      CREATE TABLE preferences (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
