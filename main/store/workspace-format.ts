/**
 * Facts about the workspace file format that every store module shares.
 * A workspace is a SQLite database whose header carries our application id.
 */

/** `PRAGMA application_id` of every Draftroom workspace: "DRFT" in ASCII. */
export const APPLICATION_ID = 0x44524654;

/** The 16 bytes every SQLite 3 database file starts with ("SQLite format 3\0"). */
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Size of the SQLite database header at the start of the file. */
export const SQLITE_HEADER_SIZE = 100;

/** How long a connection waits for another process's lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 8000;

/** Hexadecimal form of an application id, for messages. */
export function formatApplicationId(id: number): string {
  return `0x${(id >>> 0).toString(16).padStart(8, '0')}`;
}
