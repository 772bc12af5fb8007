/** What `npm run dev:web -- <file> [--port N]` asks for. */
export type ServeRequest =
  | { readonly kind: 'serve'; readonly file: string; readonly port: number }
  | { readonly kind: 'help' };

/** Usage text of the web host. */
export const SERVE_USAGE = [
  'Usage: npm run dev:web -- <file.draftroom> [--port <n>]',
  '',
  'Serves Draftroom in a browser at http://127.0.0.1:<port>/ on the workspace <file>.',
  'If <file> does not exist, the sample negotiation is created there first.',
  '  --port <n>   TCP port on 127.0.0.1 (default 5317; 0 = any free port)',
  '  --help       this text',
].join('\n');

/** A command-line mistake, reported in one line with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the web host's arguments (after the script name). */
export function parseServeArguments(argv: readonly string[], defaultPort: number): ServeRequest {
  let file: string | undefined;
  let port = defaultPort;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      port = parsePort(value);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg} (see --help)`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError(`one workspace file only, got ${JSON.stringify(file)} and ${JSON.stringify(arg)}`);
    }
  }
  if (file === undefined) throw new UsageError('no workspace file given: npm run dev:web -- <file.draftroom>');
  return { kind: 'serve', file, port };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port needs a number from 0 to 65535, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  }
  return Number(value);
}
