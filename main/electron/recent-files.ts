import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** How many workspaces File › Open Recent lists. */
export const MAX_RECENT_FILES = 10;

interface RecentFile {
  readonly version: 1;
  readonly files: string[];
}

/**
 * Workspaces opened lately, most recent first, kept in a small JSON file in
 * the user-data folder. A missing or unreadable file is an empty list.
 */
export class RecentFiles {
  constructor(private readonly jsonPath: string) {}

  /** The list, most recent first. */
  list(): string[] {
    try {
      const value = JSON.parse(readFileSync(this.jsonPath, 'utf8')) as Partial<RecentFile>;
      if (!Array.isArray(value.files)) return [];
      return value.files.filter((f): f is string => typeof f === 'string').slice(0, MAX_RECENT_FILES);
    } catch {
      return [];
    }
  }

  /** Moves (or adds) a file to the top. */
  add(file: string): string[] {
    return this.save([file, ...this.list().filter((f) => f !== file)]);
  }

  /** Drops a file (it was moved or deleted). */
  remove(file: string): string[] {
    return this.save(this.list().filter((f) => f !== file));
  }

  /** Empties the list. */
  clear(): string[] {
    return this.save([]);
  }

  private save(files: string[]): string[] {
    const kept = files.slice(0, MAX_RECENT_FILES);
    const data: RecentFile = { version: 1, files: kept };
    try {
      mkdirSync(dirname(this.jsonPath), { recursive: true });
      const temp = `${this.jsonPath}.tmp`;
      writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`);
      renameSync(temp, this.jsonPath);
    } catch (error) {
      console.error('draftroom: could not save the recent files list:', error);
    }
    return kept;
  }
}
