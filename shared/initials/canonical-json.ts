/**
 * Canonical JSON: one text for one value, whatever order its object keys
 * were built in. Object keys are sorted (by UTF-16 code units), no
 * whitespace is written, `undefined` members are left out, arrays keep their
 * order. What hashes are computed over (a version's content, see
 * `version-content.ts`), so that the same content always gives the same hash.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof CanonicalText) return value.text;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value) ?? 'null';
  }
  if (value instanceof Uint8Array) return JSON.stringify(Array.from(value));
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/**
 * A part already written by `canonicalJson` (a version's content, computed
 * once and kept): `canonicalJson` writes its text as it is, so a whole made
 * with it reads exactly as if the part had been written again.
 */
export class CanonicalText {
  /** `text`: the `canonicalJson` of some value (not checked). */
  constructor(readonly text: string) {}
}
