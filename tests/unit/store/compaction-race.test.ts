import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { buildWorkspace, childEntries, makeTempDir, startAppendChild, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => dir.remove());

const PER_CHILD = 1000;

describe('compaction racing with appends from other processes', () => {
  it('loses no update: every child append is in the document after repeated compactions', async () => {
    const path = dir.file('race.draftroom');
    const { store, documents } = buildWorkspace(path, { documents: ['Peace framework'] });
    const docId = documents['Peace framework']!.id;

    const children = ['a', 'b'].map((label) => startAppendChild({ file: path, docId, label, count: PER_CHILD }));
    let running = children.length;
    const finished = Promise.all(children.map((child) => child.done.finally(() => running--)));

    // Compact over and over while the children append, yielding between rounds so their output is read.
    let compactions = 0;
    let mergedWhileRunning = 0;
    while (running > 0) {
      const result = store.compact(docId);
      compactions++;
      if (result.merged > 0 && children.some((child) => child.printed.length > 0 && child.printed.length < PER_CHILD)) {
        mergedWhileRunning++;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const exits = await finished;
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    store.compact(docId);
    store.close();

    expect(compactions).toBeGreaterThan(1);
    expect(mergedWhileRunning).toBeGreaterThan(0);
    for (const child of children) expect(child.printed).toHaveLength(PER_CHILD);

    const reopened = openWorkspace(path);
    const entries = childEntries(loadYDoc(reopened, docId));
    expect(entries).toHaveLength(2 * PER_CHILD);
    for (const label of ['a', 'b']) {
      const own = entries.filter((entry) => entry.startsWith(`${label}:`));
      expect(own).toEqual(Array.from({ length: PER_CHILD }, (_, i) => `${label}:${i}`));
    }
    expect(reopened.listContributors(docId).reduce((sum, c) => sum + c.updates, 0)).toBe(2 * PER_CHILD);
    reopened.close();
  });
});
