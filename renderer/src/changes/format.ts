/** Formats of the changes panel: times and clause labels. */

const sameYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const otherYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "27 Dec, 09:30" (this year) or "27 Dec 2025, 09:30"; '' for a missing or bad time. */
export function formatTime(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (date.getFullYear() === now.getFullYear() ? sameYear : otherYear).format(date);
}

/**
 * The clause label of a change: "Point 9", "Point 9 (was 12)" for a moved
 * clause, "Points 3, 4" for several; "Not in the draft" once none of its
 * clauses is left.
 */
export function changeClauseLabel(clauseIds: readonly string[], labels: ReadonlyMap<string, { number: number; label: string }>): string {
  const present = clauseIds.map((id) => labels.get(id)).filter((l): l is { number: number; label: string } => l !== undefined);
  if (present.length === 0) return 'Not in the draft';
  if (present.length === 1) return present[0]!.label;
  return `Points ${present.map((l) => l.number).join(', ')}`;
}
