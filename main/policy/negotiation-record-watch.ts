import * as Y from 'yjs';

/**
 * Watching what one peer's update does to the entries of keyed record maps
 * (brackets, alternatives, positions, packages): which entries it created,
 * deleted or changed, and each changed field's value before. The rules
 * modules judge the result; this only collects.
 */

/** What an update did to one entry. */
export interface TouchedEntry {
  /** Added under a key that held nothing before (or replaced: then `deleted` is set too). */
  created: boolean;
  /** The entry that was there before was deleted or replaced. */
  deleted: boolean;
  /** Fields changed, with their values before (undefined: the field was added). */
  readonly before: Map<string, unknown>;
}

/** Starts collecting what transactions with `origin` do to `map`'s entries; `finish` stops and returns them by key. */
export function watchEntries(map: Y.Map<Y.Map<unknown>>, origin: unknown): { finish(): Map<string, TouchedEntry> } {
  const touched = new Map<string, TouchedEntry>();
  const entry = (id: string): TouchedEntry => {
    let t = touched.get(id);
    if (!t) touched.set(id, (t = { created: false, deleted: false, before: new Map() }));
    return t;
  };
  const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    for (const event of events) {
      if (event.target === map) {
        for (const [id, change] of event.changes.keys) {
          const t = entry(id);
          if (change.action !== 'add') t.deleted = true;
          if (change.action !== 'delete') t.created = true;
        }
      } else {
        const id = event.path[0];
        if (typeof id !== 'string' || touched.get(id)?.created) continue;
        const t = entry(id);
        for (const [field, change] of event.changes.keys) {
          if (!t.before.has(field)) t.before.set(field, change.action === 'add' ? undefined : change.oldValue);
        }
      }
    }
  };
  map.observeDeep(handler);
  return {
    finish() {
      map.unobserveDeep(handler);
      return touched;
    },
  };
}

/** The fields of an entry now (empty for a missing entry). */
export function entryFields(entry: unknown): Map<string, unknown> {
  return entry instanceof Y.Map ? new Map(entry.entries()) : new Map();
}

/** Fields whose value the update changed. */
export function changedFields(now: Map<string, unknown>, touched: TouchedEntry): string[] {
  return [...touched.before].filter(([field, old]) => !(old === now.get(field) || JSON.stringify(old) === JSON.stringify(now.get(field)))).map(([field]) => field);
}
