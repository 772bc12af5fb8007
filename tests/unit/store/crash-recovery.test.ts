import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { buildWorkspace, childEntries, makeTempDir, startAppendChild, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => dir.remove());

const ROUNDS = 20;
const SEED = 0x5eed2025;

describe('a child process killed with SIGKILL while appending', () => {
  it(`keeps every update whose appendUpdate returned, and the file opens cleanly (${ROUNDS} kills, seed ${SEED})`, async () => {
    const rng = new SeededRandom(SEED);
    const random = (): number => rng.next();
    const path = dir.file('crash.draftroom');
    const { store, documents } = buildWorkspace(path, { documents: ['Peace framework'] });
    const docId = documents['Peace framework']!.id;
    store.close();

    const confirmed: string[] = [];
    let killedWhileAppending = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Kill after a random number of confirmed appends plus a random delay, or (sometimes) during start-up.
      const duringStartup = random() < 0.15;
      const afterLines = 1 + Math.floor(random() * 40);
      const delayMs = Math.floor(random() * (duringStartup ? 700 : 12));
      const child = startAppendChild({ file: path, docId, label: `r${round}`, count: 1_000_000, compactEvery: 1 + Math.floor(random() * 25) });
      const kill = (): void => {
        setTimeout(() => child.process.kill('SIGKILL'), delayMs);
      };
      if (duringStartup) kill();
      else {
        let armed = false;
        child.onLine((count) => {
          if (!armed && count >= afterLines) {
            armed = true;
            kill();
          }
        });
      }
      const exit = await child.done;
      expect(exit.signal, `round ${round}: ${exit.stderr}`).toBe('SIGKILL');
      if (child.printed.length > 0) killedWhileAppending++;
      confirmed.push(...child.printed);

      // Reopen exactly what the kill left behind (WAL and -shm included), then check the whole file.
      const reopened = openWorkspace(path);
      const present = new Set(childEntries(loadYDoc(reopened, docId)));
      reopened.close();
      const db = new Database(path, { readonly: true });
      expect(db.pragma('integrity_check'), `round ${round}`).toEqual([{ integrity_check: 'ok' }]);
      db.close();
      const missing = confirmed.filter((entry) => !present.has(entry));
      expect(missing, `round ${round}: confirmed updates missing after the kill`).toEqual([]);
    }
    expect(killedWhileAppending).toBeGreaterThan(ROUNDS / 2);
  });
});
