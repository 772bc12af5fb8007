/** Formats of the changes panel: clause labels (times: `ui/format-time.ts`). */

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
