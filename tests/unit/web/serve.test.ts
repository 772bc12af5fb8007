import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServeArguments, UsageError } from '../../../main/web/serve-args';
import { openWorkspace } from '../../../main/store/workspace-store';
import { tempDir } from '../services/harness';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `main/web/serve.ts` as `npm run dev:web` does (under tsx). With
 * `untilUrl`, stops it with SIGTERM once it has printed its URL.
 */
function runServe(args: string[], untilUrl = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/serve.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilUrl && /Draftroom web host: http:\/\/127\.0\.0\.1:\d+\//.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('dev:web arguments', () => {
  it('reads the file and the port', () => {
    expect(parseServeArguments(['w.draftroom'], 5317)).toEqual({ kind: 'serve', file: 'w.draftroom', port: 5317 });
    expect(parseServeArguments(['--port', '0', 'w.draftroom'], 5317)).toEqual({ kind: 'serve', file: 'w.draftroom', port: 0 });
    expect(parseServeArguments(['w.draftroom', '--port=8080'], 5317)).toMatchObject({ port: 8080 });
    expect(parseServeArguments(['--help'], 5317)).toEqual({ kind: 'help' });
  });

  it('rejects mistakes with a usage error', () => {
    for (const argv of [[], ['--port'], ['--port', 'x', 'w'], ['--port', '70000', 'w'], ['a', 'b'], ['--verbose', 'w']]) {
      expect(() => parseServeArguments(argv, 5317), argv.join(' ')).toThrow(UsageError);
    }
  });
});

describe('npm run dev:web', () => {
  it('says in one line that a file is not a workspace, exits 2 and leaves it alone', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.dir, 'notes.draftroom');
      writeFileSync(file, 'my notes');
      const run = await runServe([file, '--port', '0']);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^draftroom web: /);
      expect(readFileSync(file, 'utf8')).toBe('my notes');
      expect(existsSync(`${file}-wal`)).toBe(false);
    } finally {
      dir.cleanup();
    }
  });

  it('creates the sample where the file does not exist, prints the URL and stops cleanly', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.dir, 'sample.draftroom');
      const run = await runServe([file, '--port', '0'], true);
      expect(run.stdout).toMatch(/^Draftroom web host: http:\/\/127\.0\.0\.1:\d+\/$/m);
      expect(run.code).toBe(0);
      const store = openWorkspace(file);
      try {
        expect(store.listDocuments().map((d) => d.title)).toContain('Peace framework');
      } finally {
        store.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
