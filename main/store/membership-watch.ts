import type Database from 'better-sqlite3';

/** The tables whose rows make up who someone is (`Identity`: the member and their party). */
const WATCHED_TABLES = ['parties', 'members'] as const;

/** Name of the SQL function the watch's triggers call (per connection; nothing is stored). */
const WRITTEN_FUNCTION = 'draftroom_membership_written';

/**
 * Tells when the workspace's parties or members may have changed, so that a
 * reader of them (the team server re-checking a connection's member before
 * each sync message) can keep what it read until then. Two sources of
 * change are seen: writes through this connection, by TEMP triggers on the
 * two tables (they live in this connection only; the file is not changed)
 * that call back into JavaScript, whatever code path wrote; and commits by
 * any other connection to the file (a `draftroom member set-role` in
 * another process), by `PRAGMA data_version`. The latter changes with any
 * commit elsewhere, not only to members: a false alarm costs one re-read,
 * a missed change never happens.
 */
export class MembershipWatch {
  private writes = 0;
  private readonly dataVersion: Database.Statement<[], number>;

  constructor(db: Database.Database) {
    db.function(WRITTEN_FUNCTION, { deterministic: false }, () => {
      this.writes += 1;
      return null;
    });
    for (const table of WATCHED_TABLES) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS draftroom_watch_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table} BEGIN SELECT ${WRITTEN_FUNCTION}(); END`);
      }
    }
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** A value that differs from every earlier one once parties or members may have changed. */
  version(): string {
    return `${this.writes}:${this.dataVersion.get()!}`;
  }
}
