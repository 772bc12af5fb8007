import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberedClauses } from './cli-harness';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'bin', 'draftroom.mjs');
let dir: string;

function draftroom(...args: string[]): string {
  return execFileSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-bin-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('bin/draftroom.mjs (a real child process)', () => {
  it('writes the demo, lists its changes as JSON and prints the 20-point proposal', () => {
    const file = join(dir, 's.draftroom');
    expect(draftroom('demo', file)).toContain(file);

    const changes = JSON.parse(draftroom('changes', file, '--doc', 'Peace framework', '--json')) as {
      party: { code: string };
      rationale: string;
    }[];
    expect(changes.length).toBeGreaterThanOrEqual(12);
    expect(changes.every((c) => c.party.code && c.rationale)).toBe(true);

    const shown = draftroom('show', file, '--doc', 'Peace framework', '--version', 'U.S.–Ukraine 20-point proposal');
    expect(numberedClauses(shown)).toHaveLength(20);
  });

  it('exits with status 2 and one line on stderr for an error', () => {
    const run = spawnSync(process.execPath, [bin, 'info', join(dir, 'missing.draftroom')], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
  it('stops quietly when the reader of its output goes away (draftroom … | head -1)', async () => {
    const file = join(dir, 'pipe.draftroom');
    draftroom('demo', file);
    const child = spawn(process.execPath, [bin, 'show', file, '--doc', 'Peace framework', '--view', 'marked'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Close our end of the pipe before it writes, as `head` does once it has read enough.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(code).toBe(0);
  });
});
