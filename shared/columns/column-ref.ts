import { DraftroomError } from '../api/errors';

/**
 * How a column is named on the command line and in the API: a version of
 * the document at hand by name or id, its working draft (`working` or
 * `@draft`), or either of another document as `<document>::<version>` /
 * `<document>::working` (the document by title or id).
 */

/** Separator between another document and its version in a column reference. */
export const DOC_SEPARATOR = '::';

/** Words that name the working draft. */
export const WORKING_DRAFT_WORDS: readonly string[] = ['working', '@draft'];

/** A parsed column reference: a document (null: the one at hand) and a version (null: the working draft). */
export interface ColumnRef {
  readonly doc: string | null;
  readonly version: string | null;
}

/** Parses one column reference; `invalid-argument` for an empty one or an empty part. */
export function parseColumnRef(text: string): ColumnRef {
  const trimmed = text.trim();
  const at = trimmed.indexOf(DOC_SEPARATOR);
  const doc = at < 0 ? null : trimmed.slice(0, at).trim();
  const version = (at < 0 ? trimmed : trimmed.slice(at + DOC_SEPARATOR.length)).trim();
  if (doc === '' || version === '') {
    throw new DraftroomError('invalid-argument', `"${text}" names no column: give a version name, "working", or "<document>::<version>"`);
  }
  return { doc, version: WORKING_DRAFT_WORDS.includes(version.toLowerCase()) ? null : version };
}

/** Parses a comma-separated list of column references (`--versions a,b,c`). */
export function parseColumnRefs(list: string): ColumnRef[] {
  const parts = list.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new DraftroomError('invalid-argument', `"${list}" has an empty column: separate column names by single commas`);
  return parts.map(parseColumnRef);
}
