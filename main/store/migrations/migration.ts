import type Database from 'better-sqlite3';

/**
 * One numbered step of the workspace schema. `up` runs inside a transaction
 * that also sets `PRAGMA user_version` to `version`; it must only use SQL
 * constants (no input is ever spliced into it).
 */
export interface Migration {
  /** The schema version this migration produces (1, 2, …; consecutive). */
  readonly version: number;
  /** Short name, for messages ("core tables"). */
  readonly name: string;
  /** Brings the schema from `version - 1` to `version`. */
  up(db: Database.Database): void;
}
