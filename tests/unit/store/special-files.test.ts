import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftroomError } from '../../../shared/api/errors';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { openWorkspaceForReading } from '../../../main/store/open-for-reading';
import { openWorkspace } from '../../../main/store/workspace-store';
import { cli } from '../cli/cli-harness';
import { makeWorkspace, openPeer } from '../services/harness';
import { makeTempDir, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
let fifo: string;
let healthy: string;
const unblockers: ChildProcess[] = [];

/**
 * If code under test opened the pipe with a blocking open, it would wait for
 * a writer forever and freeze this test worker; this writer turns that hang
 * into a slow, failing test.
 */
function unblockLater(path: string): void {
  unblockers.push(spawn('sh', ['-c', `sleep 2; echo garbage > '${path}'`], { stdio: 'ignore' }));
}

beforeAll(() => {
  dir = makeTempDir();
  fifo = dir.file('pipe.draftroom');
  execFileSync('mkfifo', [fifo]);
  unblockLater(fifo);
  healthy = dir.file('healthy.draftroom');
  makeWorkspace(healthy);
});

afterAll(() => {
  for (const child of unblockers) child.kill();
  dir.remove();
});

/** Runs `open`, expecting a `DraftroomError` with `code` within a short time; returns its message. */
function refusedQuickly(open: () => unknown, code: string): string {
  const started = performance.now();
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(performance.now() - started, 'the refusal must not wait on the file').toBeLessThan(1000);
  expect(caught).toBeInstanceOf(DraftroomError);
  expect((caught as DraftroomError).code).toBe(code);
  return (caught as DraftroomError).message;
}

describe('only regular files are opened', () => {
  it('a named pipe is refused by the store, for writing and for reading, without waiting on it', () => {
    expect(refusedQuickly(() => openWorkspace(fifo), 'not-a-workspace')).toMatch(/named pipe \(FIFO\), not a regular file/);
    expect(refusedQuickly(() => openWorkspaceForReading(fifo), 'not-a-workspace')).toMatch(/named pipe/);
    expect(existsSync(`${fifo}-wal`)).toBe(false);
  });

  it('a named pipe is refused by the API (the web host and the app open workspaces through it)', async () => {
    const registry = new WorkspaceRegistry();
    expect(refusedQuickly(() => registry.acquire(fifo), 'not-a-workspace')).toMatch(/named pipe/);
    const peer = openPeer(registry, healthy);
    const started = performance.now();
    const error = await peer.session.openWorkspace(fifo).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    // The API checks the path before the store sees it (main/services/workspace-path.ts): an unusable path.
    expect((error as DraftroomError).code).toBe('invalid-argument');
    expect((error as DraftroomError).message).toMatch(/not a regular file \(a named pipe/);
    expect((await peer.session.getWorkspace()).path).toBe(healthy);
    peer.session.close();
    registry.closeAll();
  });

  it('a named pipe is refused by every CLI command with exit 2 and one line', async () => {
    for (const argv of [
      ['info', fifo],
      ['docs', fifo],
      ['show', fifo, '--doc', 'x'],
      ['accept', fifo, '--doc', 'x', '--change', 'y', '--as', 'z'],
    ]) {
      const started = performance.now();
      const run = await cli(...argv);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^draftroom: .*named pipe.*\n$/);
    }
  });

  it('a named pipe, a device or a folder in place of -wal, -journal or -shm: refused, never opened', () => {
    const path = dir.file('companions.draftroom');
    makeWorkspace(path);
    execFileSync('mkfifo', [`${path}-wal`]);
    unblockLater(`${path}-wal`);
    expect(refusedQuickly(() => openWorkspace(path), 'corrupt')).toMatch(/-wal beside it is a named pipe/);
    expect(refusedQuickly(() => openWorkspaceForReading(path), 'corrupt')).toMatch(/-wal beside it is a named pipe/);

    const other = dir.file('companion-folder.draftroom');
    makeWorkspace(other);
    mkdirSync(`${other}-journal`);
    expect(refusedQuickly(() => openWorkspaceForReading(other), 'corrupt')).toMatch(/-journal beside it is a folder/);
  });

  it('devices, folders and /proc files are refused', () => {
    if (existsSync('/dev/null')) {
      expect(refusedQuickly(() => openWorkspace('/dev/null'), 'not-a-workspace')).toMatch(/a device, not a regular file/);
    }
    if (existsSync('/dev/zero')) refusedQuickly(() => openWorkspaceForReading('/dev/zero'), 'not-a-workspace');
    expect(refusedQuickly(() => openWorkspace(dir.path), 'not-a-workspace')).toMatch(/a folder, not a regular file/);
    if (existsSync('/proc/self/status')) {
      expect(refusedQuickly(() => openWorkspace('/proc/self/status'), 'not-a-workspace')).toMatch(/empty/);
    }
  });
});
