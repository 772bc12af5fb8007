/**
 * A web host on a fresh copy of the sample negotiation, in a temp folder,
 * for one end-to-end test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSampleWorkspace } from '../../main/sample/build-sample';
import { startWebHost, type WebHost } from '../../main/web/host';

/** A running host on its own sample workspace. */
export interface SampleHost {
  /** Temp folder holding the workspace (and anything else the test writes). */
  readonly dir: string;
  readonly workspacePath: string;
  readonly url: string;
  /** Stops the host (the file stays until `dispose`). */
  stop(): Promise<void>;
  /** Starts a host again on the same port and file (after `stop`), as after a dropped connection. */
  restart(): Promise<void>;
  /** Stops the host and deletes the temp folder. */
  dispose(): Promise<void>;
}

/** Writes the sample into a new temp folder and serves it on a free port. */
export async function startSampleHost(): Promise<SampleHost> {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-e2e-'));
  const workspacePath = join(dir, 'sample.draftroom');
  writeSampleWorkspace(workspacePath);
  let host: WebHost | null = await startWebHost({ workspacePath, port: 0 });
  const { port, url } = host;
  const stop = async (): Promise<void> => {
    const running = host;
    host = null;
    await running?.close();
  };
  return {
    dir,
    workspacePath,
    url,
    stop,
    async restart() {
      if (host === null) host = await startWebHost({ workspacePath, port });
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
