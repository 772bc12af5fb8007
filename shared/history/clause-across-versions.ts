import type { VersionClause } from './version-clauses';

/**
 * Where one clause stood in each named version: "U.S. 28-point draft:
 * Point 12 · U.S.–Ukraine 20-point proposal: Point 9".
 */

/** A version and its clauses (see `readVersionContents`). */
export interface VersionClauses {
  readonly versionId: string;
  readonly name: string;
  /** ISO time the version was taken. */
  readonly createdAt: string;
  readonly clauses: readonly VersionClause[];
}

/** The clause in one version. */
export interface ClauseInVersion {
  readonly versionId: string;
  readonly versionName: string;
  readonly createdAt: string;
  /** Its 1-based number there, or null if the version does not have it. */
  readonly number: number | null;
  /** Its heading there ('' if none or absent). */
  readonly heading: string;
  /** Proposed for removal / addition in that version. */
  readonly pendingRemoval: boolean;
  readonly pendingAddition: boolean;
}

/**
 * The clause's place in every version, oldest version first. When a version
 * holds the id twice (two concurrent moves), the first occurrence counts.
 */
export function clauseAcrossVersions(versions: readonly VersionClauses[], clauseId: string): ClauseInVersion[] {
  return [...versions]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.versionId.localeCompare(b.versionId))
    .map((version) => {
      const clause = version.clauses.find((c) => c.id === clauseId);
      return {
        versionId: version.versionId,
        versionName: version.name,
        createdAt: version.createdAt,
        number: clause?.number ?? null,
        heading: clause?.heading ?? '',
        pendingRemoval: clause?.pendingRemoval ?? false,
        pendingAddition: clause?.pendingAddition ?? false,
      };
    });
}

/** "U.S. 28-point draft: Point 6" or "European draft: not in it" for one version. */
export function describeClauseInVersion(entry: ClauseInVersion): string {
  if (entry.number === null) return `${entry.versionName}: not in it`;
  const note = entry.pendingAddition ? ' (proposed)' : entry.pendingRemoval ? ' (proposed for removal)' : '';
  return `${entry.versionName}: Point ${entry.number}${note}`;
}

/** Every version on one line: "U.S. 28-point draft: Point 12 · U.S.–Ukraine 20-point proposal: Point 9". */
export function describeClauseAcrossVersions(entries: readonly ClauseInVersion[]): string {
  return entries.map(describeClauseInVersion).join(' · ');
}

/**
 * The versions in which the clause had another number than `currentNumber`
 * (null = it is not in the current draft: every version that had it), for
 * "was 6 in U.S. 28-point draft".
 */
export function earlierNumbers(
  entries: readonly ClauseInVersion[],
  currentNumber: number | null,
): { readonly versionName: string; readonly number: number }[] {
  return entries
    .filter((e): e is ClauseInVersion & { number: number } => e.number !== null && e.number !== currentNumber)
    .map((e) => ({ versionName: e.versionName, number: e.number }));
}
