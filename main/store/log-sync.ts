import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';

/** Syncs one file's data to disk; a file that does not exist has nothing to sync. */
export type FileSync = (path: string) => Promise<void>;

/**
 * `fdatasync` of a file through the thread pool (the event loop stays free;
 * opening it is one quick system call here); nothing if it does not exist.
 */
export const syncFileData: FileSync = (path) =>
  new Promise<void>((resolve, reject) => {
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    fdatasync(fd, (error) => {
      try {
        closeSync(fd);
      } catch {
        // Synced or not, the descriptor is gone.
      }
      if (error) reject(error);
      else resolve();
    });
  });

/** The same, blocking. */
function syncFileDataNow(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes the commits of a WAL-mode connection that did not sync them
 * (`synchronous = NORMAL`) durable, as `synchronous = FULL` would have at
 * each commit: by syncing the write-ahead log (`<file>-wal`, where WAL mode
 * writes every commit; a checkpoint syncs it before copying it into the
 * file). `request` does it off the event loop and coalesces: while one sync
 * runs, every request made meanwhile shares the next one (a commit made
 * after a sync began may not be covered by it). The WAL file is opened
 * anew for each sync (any descriptor of the file syncs all its data).
 */
export class WalSync {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly walPath: string,
    private readonly syncFile: FileSync = syncFileData,
  ) {}

  /** Resolves once every commit made before the call is on disk; rejects with the disk's error. */
  request(): Promise<void> {
    if (this.running === null) return this.start();
    this.queued ??= this.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  /** Syncs at once, blocking: every commit made so far is on disk when this returns. */
  now(): void {
    syncFileDataNow(this.walPath);
  }

  private start(): Promise<void> {
    const sync = this.syncFile(this.walPath);
    this.running = sync;
    const done = (): void => {
      if (this.running === sync) this.running = null;
    };
    sync.then(done, done);
    return sync;
  }
}
