import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DraftroomError, errorText } from '../../shared/api/errors';
import { writeSampleWorkspace } from '../sample/build-sample';
import { DEFAULT_WEB_PORT, startWebHost, type WebHost } from './host';
import { parseServeArguments, SERVE_USAGE, UsageError } from './serve-args';

/**
 * `npm run dev:web -- <file> [--port N]`: opens (or, if missing, creates the
 * sample negotiation in) a workspace file and serves the editor on
 * 127.0.0.1. Mistakes print one line to stderr and exit 2, touching nothing.
 */
async function main(argv: readonly string[]): Promise<void> {
  const request = parseServeArguments(argv, DEFAULT_WEB_PORT);
  if (request.kind === 'help') {
    console.log(SERVE_USAGE);
    return;
  }
  const file = resolve(request.file);
  if (!existsSync(file)) {
    writeSampleWorkspace(file);
    console.log(`Created the sample negotiation in ${file}`);
  }
  const host = await startWebHost({ workspacePath: file, port: request.port });
  stopOnSignals(host);
  console.log(`Draftroom web host: ${host.url}`);
}

function stopOnSignals(host: WebHost): void {
  const stop = (): void => {
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`draftroom web: ${describe(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function describe(error: unknown): string {
  if (error instanceof UsageError || error instanceof DraftroomError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return 'that port is already in use; pick another with --port <n> (0 = any)';
  if (code === 'EACCES') return 'not allowed to listen on that port; pick another with --port <n>';
  return errorText(error);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`draftroom web: ${describe(error)}`);
  process.exit(2);
});
