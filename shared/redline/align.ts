import { diffArrays } from 'diff';

/**
 * Alignment for a comparison redline: clauses by their stable id (never by
 * number, which changes with every removal), and the blocks of one clause
 * by their text.
 */

/** A clause on one side of a comparison, with its number there. */
export interface Numbered<T> {
  readonly item: T;
  /** 1-based number on that side. */
  readonly number: number;
}

/** One row of a clause alignment: kept (both sides), removed (old only) or added (new only). */
export interface AlignedPair<T> {
  readonly before?: Numbered<T>;
  readonly after?: Numbered<T>;
}

/**
 * Aligns two clause lists by id, in the new order; a removed clause comes
 * right after the clause that preceded it in the old order (or first). A
 * side holding an id twice (two concurrent moves) pairs occurrences in
 * order. Cost: linear in the number of clauses.
 */
export function alignById<T>(before: readonly T[], after: readonly T[], idOf: (item: T) => string): AlignedPair<T>[] {
  const keyed = (list: readonly T[]): string[] => {
    const seen = new Map<string, number>();
    return list.map((item) => {
      const id = idOf(item);
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      return `${id}\u0000${n}`;
    });
  };
  const beforeKeys = keyed(before);
  const afterKeys = keyed(after);
  const beforeIndex = new Map(beforeKeys.map((key, i) => [key, i]));
  const afterSet = new Set(afterKeys);
  // Removed clauses, grouped by the surviving clause they follow ('' = the start).
  const removedAfter = new Map<string, number[]>();
  let anchor = '';
  beforeKeys.forEach((key, i) => {
    if (afterSet.has(key)) anchor = key;
    else removedAfter.set(anchor, [...(removedAfter.get(anchor) ?? []), i]);
  });
  const out: AlignedPair<T>[] = [];
  const pushRemoved = (key: string): void => {
    for (const i of removedAfter.get(key) ?? []) out.push({ before: { item: before[i]!, number: i + 1 } });
  };
  pushRemoved('');
  afterKeys.forEach((key, j) => {
    const i = beforeIndex.get(key);
    out.push({ ...(i !== undefined ? { before: { item: before[i]!, number: i + 1 } } : {}), after: { item: after[j]!, number: j + 1 } });
    if (i !== undefined) pushRemoved(key);
  });
  return out;
}

/** One row of a block alignment inside a clause. */
export interface BlockPair<T> {
  readonly before?: T;
  readonly after?: T;
}

/**
 * Aligns the blocks of one clause: by position when both sides have as many,
 * otherwise by equal keys (jsdiff `diffArrays`), pairing removed and added
 * blocks that stand in the same place (so that an amended paragraph is word
 * diffed rather than deleted and re-inserted).
 */
export function alignBlocks<T>(before: readonly T[], after: readonly T[], keyOf: (item: T) => string): BlockPair<T>[] {
  if (before.length === after.length) return before.map((b, i) => ({ before: b, after: after[i]! }));
  return alignByKey(before, after, keyOf);
}

/**
 * Aligns two lists by equal keys (jsdiff `diffArrays`), pairing removed
 * and added items that stand in the same place; unlike `alignBlocks`, never
 * by position alone (two lists of one length may still differ by a removal
 * and an addition).
 */
export function alignByKey<T>(before: readonly T[], after: readonly T[], keyOf: (item: T) => string): BlockPair<T>[] {
  const parts = diffArrays(before.map(keyOf), after.map(keyOf));
  const out: BlockPair<T>[] = [];
  let i = 0;
  let j = 0;
  let removed: T[] = [];
  let added: T[] = [];
  const flush = (): void => {
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      if (k < paired) out.push({ before: removed[k]!, after: added[k]! });
      else if (k < removed.length) out.push({ before: removed[k]! });
      else out.push({ after: added[k]! });
    }
    removed = [];
    added = [];
  };
  for (const part of parts) {
    const count = part.value.length;
    if (part.removed) {
      removed.push(...before.slice(i, i + count));
      i += count;
    } else if (part.added) {
      added.push(...after.slice(j, j + count));
      j += count;
    } else {
      flush();
      for (let k = 0; k < count; k++) out.push({ before: before[i + k]!, after: after[j + k]! });
      i += count;
      j += count;
    }
  }
  flush();
  return out;
}

/**
 * Ids of the kept clauses that moved themselves, as opposed to being
 * renumbered by a clause added or removed before them. Clauses a move
 * record names (`recorded`) moved; of the rest, while their order differs
 * between the sides, the one displaced furthest among them (then: whose
 * number changed most) is taken as moved and set aside: a clause taken from
 * Point 9 to Point 3 moved, the six it jumped over did not. Cost: linear per
 * moved clause.
 */
export function movedClauseIds<T>(pairs: readonly AlignedPair<T>[], idOf: (item: T) => string, recorded: ReadonlySet<string> = new Set()): Set<string> {
  const kept = pairs.filter((p) => p.before && p.after).map((p) => ({ id: idOf(p.after!.item), from: p.before!.number, to: p.after!.number }));
  const moved = new Set(kept.filter((k) => recorded.has(k.id)).map((k) => k.id));
  let rest = kept.filter((k) => !moved.has(k.id)).sort((a, b) => a.to - b.to);
  for (;;) {
    const rankBefore = new Map([...rest].sort((a, b) => a.from - b.from).map((k, i) => [k.id, i]));
    let worst: { readonly id: string; readonly shift: number; readonly jump: number } | null = null;
    rest.forEach((k, rankAfter) => {
      const shift = Math.abs(rankBefore.get(k.id)! - rankAfter);
      const jump = Math.abs(k.from - k.to);
      if (shift > 0 && (!worst || shift > worst.shift || (shift === worst.shift && jump > worst.jump))) worst = { id: k.id, shift, jump };
    });
    if (!worst) return moved;
    const id = (worst as { readonly id: string }).id;
    moved.add(id);
    rest = rest.filter((k) => k.id !== id);
  }
}
