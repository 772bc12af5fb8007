import type { Migration } from './migration';

/**
 * Schema version 5: who switched identity, from whom to whom, when.
 *
 * The member a window acts as is remembered by each browser or app profile,
 * not by the workspace file; a session that changes member (after the user
 * confirmed it) appends one row here, so that "who drafted as the lead this
 * afternoon" has an answer. Rows are only ever appended. `from_member_id`
 * is null when the session had acted as nobody before.
 */
export const migration005: Migration = {
  version: 5,
  name: 'identity switches',
  up(db) {
    db.exec(`
      CREATE TABLE identity_switches (
        seq            INTEGER PRIMARY KEY AUTOINCREMENT,
        at             TEXT NOT NULL,
        from_member_id TEXT REFERENCES members (id),
        to_member_id   TEXT NOT NULL REFERENCES members (id)
      ) STRICT;
    `);
  },
};
