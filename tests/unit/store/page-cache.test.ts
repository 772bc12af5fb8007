/**
 * `withPageCache`: the work runs with the small cache, and the connection's
 * own cache size is back afterwards, also when the work throws.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withPageCache } from '../../../main/store/connection';

describe('withPageCache', () => {
  it('runs the work with the cache given and puts the connection’s own size back, also after a throw', () => {
    const db = new Database(':memory:');
    db.pragma('cache_size = -16000');
    const size = (): unknown => db.pragma('cache_size', { simple: true });
    expect(withPageCache(db, 2000, () => size())).toBe(-2000);
    expect(size()).toBe(-16000);
    expect(() =>
      withPageCache(db, 500, () => {
        throw new Error('work failed');
      }),
    ).toThrow('work failed');
    expect(size()).toBe(-16000);
    db.close();
  });
});
