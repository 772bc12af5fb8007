import type { Migration } from './migration';

/**
 * Schema version 2: attribution that survives compaction.
 *
 * Compaction deletes the log rows it merges, and with them the record of who
 * made those edits. This adds `compacted_attribution` (per document, party
 * and member: how many updates, first and last time), which compaction now
 * feeds before deleting rows, so "who edited this document" covers the whole
 * history. An absent party or member is key 0 (keys are part of the primary key).
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
        doc_key    INTEGER NOT NULL REFERENCES documents (doc_key),
        party_key  INTEGER NOT NULL DEFAULT 0,
        member_key INTEGER NOT NULL DEFAULT 0,
        updates    INTEGER NOT NULL,
        first_at   INTEGER NOT NULL,
        last_at    INTEGER NOT NULL,
        PRIMARY KEY (doc_key, party_key, member_key)
      ) STRICT;

      UPDATE update_log
         SET party_key = (SELECT parties.party_key
                            FROM members JOIN parties ON parties.id = members.party_id
                           WHERE members.member_key = update_log.member_key)
       WHERE party_key IS NULL AND member_key IS NOT NULL;
    `);
  },
};
