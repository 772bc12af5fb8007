import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm start without an Electron binary', () => {
  it('tries the download, then says in one line why it cannot start and points to dev:web', () => {
    // An empty override folder (no binary there) and a mirror nobody listens on: the download fails, online or not.
    const empty = mkdtempSync(join(tmpdir(), 'draftroom-no-electron-'));
    try {
      const run = spawnSync(process.execPath, ['scripts/start-electron.mjs', '--check'], {
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: empty },
        timeout: 120_000,
      });
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(/^Electron could not be installed here \(.*\); run `npm run dev:web -- <file\.draftroom>`/);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
