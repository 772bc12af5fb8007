import * as Y from 'yjs';

/**
 * What the writer of a Y.Map entry had seen when writing it. Every
 * `map.set(key, …)` records, as its Yjs origin, the entry it wrote over on
 * the writer's replica. Comparing that origin with the entry the write
 * actually landed after tells a write made over the value a replica held
 * (a reopened decision) from one made at the same time as another write
 * (two leads deciding at once). Clients can forge origins; rules built on
 * this must not hand more power to a forger than its role already has.
 */
export type EntryWriteBasis =
  /** The writer saw no value under the key (the first write of it). */
  | { readonly kind: 'first' }
  /** The writer wrote over the value that was current before (the caller knows it). */
  | { readonly kind: 'over-current' }
  /**
   * The writer had not seen the value that was current before (a concurrent
   * write); `seen` is what it wrote over, when this replica still holds
   * that value (garbage collection drops the content of overwritten
   * entries), else undefined.
   */
  | { readonly kind: 'concurrent'; readonly seen: unknown };

/**
 * How the entry now under `key` in `map` was written (see `EntryWriteBasis`).
 * Call it right after the write was applied (from an observer, or after the
 * transaction). Returns `first` for a key with no entry.
 */
export function entryWriteBasis(map: Y.Map<unknown>, key: string): EntryWriteBasis {
  const item = map._map.get(key);
  if (item === undefined) return { kind: 'first' };
  const origin = item.origin;
  const left = item.left;
  if (origin === null) return left === null ? { kind: 'first' } : { kind: 'concurrent', seen: undefined };
  if (left !== null && Y.compareIDs(left.lastId, origin)) return { kind: 'over-current' };
  return { kind: 'concurrent', seen: contentAt(map.doc, origin) };
}

function contentAt(doc: Y.Doc | null, id: Y.ID): unknown {
  if (doc === null) return undefined;
  try {
    const struct = Y.getItem(doc.store, id);
    if (!(struct instanceof Y.Item) || struct.content instanceof Y.ContentDeleted) return undefined;
    const content = struct.content.getContent();
    return content[id.clock - struct.id.clock];
  } catch {
    // Not on this replica (only a forged origin points nowhere).
    return undefined;
  }
}
