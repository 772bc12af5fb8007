import type { Migration } from './migration';

/**
 * Schema version 8: manual re-alignments of the four-column text.
 *
 * The Columns view and `draftroom columns` align clauses by id, then by
 * heading; where that pairs the wrong points, a member pins clause
 * `clause_id` of document `doc_id` to the row of clause `target_clause_id`
 * of document `target_doc_id`, or (`target_clause_id` NULL) says it has no
 * counterpart there. One pin per clause and target document; setting it
 * again replaces it, clearing it deletes the row.
 */
export const migration008: Migration = {
  version: 8,
  name: 'column pins',
  up(db) {
    db.exec(`
      CREATE TABLE column_pins (
        doc_id           TEXT NOT NULL REFERENCES documents (id),
        clause_id        TEXT NOT NULL,
        target_doc_id    TEXT NOT NULL REFERENCES documents (id),
        target_clause_id TEXT,
        set_by           TEXT REFERENCES members (id),
        set_at           TEXT NOT NULL,
        PRIMARY KEY (doc_id, clause_id, target_doc_id)
      ) STRICT;
    `);
  },
};
