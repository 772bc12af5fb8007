import type Database from 'better-sqlite3';
import { requireString, requireText } from '../input-checks';

/** Longest preference value kept. */
const MAX_VALUE_LENGTH = 100_000;

/** Statements on the `preferences` table (small key → text settings). */
export class PreferenceTable {
  private readonly selectOne: Database.Statement<[string], string>;
  private readonly upsert: Database.Statement<[string, string]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare<[string], string>('SELECT value FROM preferences WHERE key = ?').pluck();
    this.upsert = db.prepare('INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM preferences WHERE key = ?');
  }

  /** The value stored under `key`, or undefined. */
  get(key: string): string | undefined {
    return this.selectOne.get(requireText(key, 'Preference key'));
  }

  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: string): void {
    this.upsert.run(requireText(key, 'Preference key'), requireString(value, 'Preference value', MAX_VALUE_LENGTH));
  }

  /** Forgets `key` (nothing happens if it was not set). */
  delete(key: string): void {
    this.remove.run(requireText(key, 'Preference key'));
  }
}
