import type { Migration } from './migration';

/**
 * Schema version 2: attribution that survives compaction.
 *
 * Compaction deletes the log rows it merges, and with them the record of who
 * made those edits. This adds `compacted_attribution` (per document, party
 * and member: how many updates, first and last time), which compaction now
 * feeds before deleting rows, so "who edited this document" covers the whole
 * history. Absent party/member are stored as '' (they are part of the key).
 *
 * It also completes attribution already in the log: a row that names a
 * member but no party gets that member's party (a member acts for one party).
 */
export const migration002: Migration = {
  version: 2,
  name: 'update attribution',
  up(db) {
    db.exec(`
      CREATE TABLE compacted_attribution (
        doc_id    TEXT NOT NULL REFERENCES documents (id),
        party_id  TEXT NOT NULL DEFAULT '',
        member_id TEXT NOT NULL DEFAULT '',
        updates   INTEGER NOT NULL,
        first_at  INTEGER NOT NULL,
        last_at   INTEGER NOT NULL,
        PRIMARY KEY (doc_id, party_id, member_id)
      ) STRICT;

      UPDATE update_log
         SET party_id = (SELECT members.party_id FROM members WHERE members.id = update_log.member_id)
       WHERE party_id IS NULL AND member_id IS NOT NULL;
    `);
  },
};
