import * as Y from 'yjs';

/**
 * Records read from a Y.Map of records (id → Y.Map of fields), kept between
 * reads: a record is read again only after a Yjs transaction changed its
 * entry (or added or removed it), so reading every change record on every
 * keystroke costs what the keystroke changed, not the whole document.
 * Invalidation follows each transaction's `changed` types: at the end of
 * the transaction, before any observer runs (`beforeObserverCalls`, so an
 * observer that reads sees the new state), and at every read made inside
 * an open transaction. Records are frozen (shared between reads).
 */
interface RecordCache {
  /** Record by id, for ids read since their entry last changed. */
  readonly records: Map<string, object>;
  /** Ids whose entry changed since it was read; `all`: nothing read yet. */
  dirty: Set<string> | 'all';
  /** The sorted list last returned, until anything changes. */
  list: readonly object[] | null;
}

const caches = new WeakMap<AnyType, RecordCache>();

/** The key of `map` under which `type` (an entry or something inside one) lives, or null. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its transaction's changed types so
type AnyType = Y.AbstractType<any>;

function entryKey(map: AnyType, type: AnyType): string | null {
  let current: AnyType = type;
  for (;;) {
    const item = current._item;
    if (item === null) return null;
    if (item.parent === map) return item.parentSub;
    if (!(item.parent instanceof Y.AbstractType)) return null;
    current = item.parent;
  }
}

function invalidate(cache: RecordCache, map: AnyType, transaction: Y.Transaction): void {
  if (cache.dirty === 'all') return;
  for (const [type, keys] of transaction.changed) {
    if (type === map) {
      for (const key of keys) if (key !== null) cache.dirty.add(key);
      cache.list = null;
      continue;
    }
    const key = entryKey(map, type);
    if (key !== null) {
      cache.dirty.add(key);
      cache.list = null;
    }
  }
}

function cacheOf(map: AnyType): RecordCache {
  let cache = caches.get(map);
  if (cache) return cache;
  const created: RecordCache = { records: new Map(), dirty: 'all', list: null };
  caches.set(map, created);
  map.doc?.on('beforeObserverCalls', (transaction: Y.Transaction) => invalidate(created, map, transaction));
  cache = created;
  return cache;
}

/**
 * Every record of `map` (entries that are Y.Maps, read with `read`), sorted
 * with `compare`, from the cache where their entries did not change. The
 * list is shared between reads until something changes: copy it before
 * changing it. A map not yet in a Y.Doc is read in full every time.
 */
export function cachedRecords<T extends object>(map: Y.Map<Y.Map<unknown>>, read: (entry: Y.Map<unknown>) => T, compare: (a: T, b: T) => number): readonly T[] {
  const readAll = (): T[] => {
    const out: T[] = [];
    map.forEach((value) => {
      if (value instanceof Y.Map) out.push(read(value));
    });
    return out.sort(compare);
  };
  if (map.doc === null) return readAll();
  const cache = cacheOf(map);
  // Inside a transaction, what it changed so far is not seen by the observer hook yet.
  const open = map.doc._transaction;
  if (open !== null) invalidate(cache, map, open);
  if (cache.list !== null && cache.dirty !== 'all' && cache.dirty.size === 0) return cache.list as readonly T[];
  if (cache.dirty === 'all') {
    cache.records.clear();
    map.forEach((value, key) => {
      if (value instanceof Y.Map) cache.records.set(key, Object.freeze(read(value)));
    });
  } else {
    for (const key of cache.dirty) {
      const value = map.get(key);
      if (value instanceof Y.Map) cache.records.set(key, Object.freeze(read(value)));
      else cache.records.delete(key);
    }
  }
  cache.dirty = new Set();
  const list = ([...cache.records.values()] as T[]).sort(compare);
  cache.list = list;
  return list;
}
