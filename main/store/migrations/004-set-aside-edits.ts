import type { Migration } from './migration';

/**
 * Schema version 4: edits set aside.
 *
 * A replica bound to a team server whose server refused one of its edits
 * resets the document to the server's state (later Yjs updates build on the
 * refused one, so it cannot keep sending on top of it). What the replica had
 * and the server did not is kept here, never silently dropped: the Yjs update
 * the server lacks, the text it held (to copy), why it was refused and when,
 * until the user discards it.
 */
export const migration004: Migration = {
  version: 4,
  name: 'set-aside edits',
  up(db) {
    db.exec(`
      CREATE TABLE set_aside_edits (
        id         TEXT PRIMARY KEY,
        doc_id     TEXT NOT NULL REFERENCES documents (id),
        reason     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        preview    TEXT NOT NULL,
        data       BLOB NOT NULL
      ) STRICT;
      CREATE INDEX set_aside_edits_doc ON set_aside_edits (doc_id, created_at);
    `);
  },
};
