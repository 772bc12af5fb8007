import { describe, expect, it } from 'vitest';
import { localUnsentEdits, type UnsentScope } from '../../../renderer/src/sync/unsent-storage';

/** localStorage as a browser has it, in memory. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  [name: string]: unknown;
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    for (const key of [...this.items.keys()]) this.removeItem(key);
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
    delete this[key];
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
    // Object.keys(localStorage) lists the stored keys in a browser.
    Object.defineProperty(this, key, { value, enumerable: true, configurable: true, writable: true });
  }
}

const bytes = (...values: number[]) => new Uint8Array(values);

function scope(memberId: string | null, path = '/talks/a.draftroom'): UnsentScope {
  return { workspaceId: 'ws-1', workspacePath: path, memberId: () => memberId };
}

describe('unsent edits in localStorage', () => {
  it('hands what one page left to the next page of the same member and document, once', () => {
    const storage = new MemoryStorage();
    const first = localUnsentEdits(scope('taras'), storage);
    first.add('doc-1', 0, bytes(1, 2, 3));
    first.add('doc-1', 1, bytes(4));
    first.add('doc-2', 0, bytes(9));
    first.remove('doc-1', [1]);

    const next = localUnsentEdits(scope('taras'), storage);
    const earlier = next.earlier('doc-1');
    expect(earlier.updates).toEqual([bytes(1, 2, 3)]);
    earlier.forget();
    expect(next.earlier('doc-1').updates).toEqual([]);
    expect(next.earlier('doc-2').updates).toEqual([bytes(9)]);
  });

  it('never gives a page its own edits, another member’s, another copy of the file’s, or anything before a member is chosen', () => {
    const storage = new MemoryStorage();
    const taras = localUnsentEdits(scope('taras'), storage);
    taras.add('doc-1', 0, bytes(1));
    expect(taras.earlier('doc-1').updates).toEqual([]);
    expect(localUnsentEdits(scope('iryna'), storage).earlier('doc-1').updates).toEqual([]);
    expect(localUnsentEdits(scope('taras', '/talks/copy of a.draftroom'), storage).earlier('doc-1').updates).toEqual([]);
    expect(localUnsentEdits(scope(null), storage).earlier('doc-1').updates).toEqual([]);
    expect(localUnsentEdits(scope('taras'), storage).earlier('doc-1').updates).toEqual([bytes(1)]);
  });

  it('keeps each tab’s edits apart: removing one tab’s keys leaves the other’s', () => {
    const storage = new MemoryStorage();
    const tabA = localUnsentEdits(scope('taras'), storage);
    const tabB = localUnsentEdits(scope('taras'), storage);
    tabA.add('doc-1', 0, bytes(1));
    tabB.add('doc-1', 0, bytes(2));
    tabA.remove('doc-1', [0]);
    expect(localUnsentEdits(scope('taras'), storage).earlier('doc-1').updates).toEqual([bytes(2)]);
  });
});
