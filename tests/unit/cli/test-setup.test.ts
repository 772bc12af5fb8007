import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;

/** `npm test -- --check` (scripts/test.mjs): reports what the tests need and what it would do; installs and runs nothing. */
function check(env: Record<string, string>, asNobody: boolean): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ['scripts/test.mjs', '--check'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
    ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('npm test on a machine that lacks a tool the tests use', () => {
  it('says in one line what is missing, that apt-get needs root, and the command that installs it', () => {
    // Run as an unprivileged user (nobody) when this is root, so that apt-get is out of reach either way.
    const { status, out } = check({ DRAFTROOM_CHROMIUM: '/nonexistent/chromium' }, isRoot);
    expect(status).toBe(0);
    const line = out.split('\n').find((l) => l.startsWith('[setup] Chromium is missing'));
    expect(line).toBeDefined();
    expect(line).toMatch(hasApt ? /installing with apt-get needs root and this is not root/ : /there is no apt-get on this system/);
    expect(line).toContain('`sudo apt-get install -y chromium`');
    expect(line).toContain('DRAFTROOM_CHROMIUM');
    expect(line).toContain('the end-to-end tests cannot run');
    expect(out).toContain('[setup] missing: Chromium');
  });

  it.skipIf(!isRoot || !hasApt)('as root with apt-get, would install it (and a --check run installs nothing)', () => {
    const { status, out } = check({ DRAFTROOM_CHROMIUM: '/nonexistent/chromium' }, false);
    expect(status).toBe(0);
    expect(out).toContain('[setup] would install with apt-get: chromium');
  });

  it('finds nothing missing when the tools are there', () => {
    const { out } = check({}, false);
    // This machine may lack optional tools; Chromium is what the end-to-end tests cannot do without.
    expect(out).not.toContain('Chromium is missing');
  });
});
