import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import { DEFAULT_TEAM_PORT, startTeamServer, type TeamServer } from '../../team/server/team-server';
import type { CliCommand, CliWriter } from '../cli-types';

/**
 * `draftroom serve <file | folder> [--host] [--port] [--cert --key]`, or
 * `draftroom serve --database postgres://… [--redis redis://…]`: the
 * team server. Runs until SIGTERM or SIGINT, then closes every connection,
 * compacts the open documents and closes the files.
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the team server for a workspace file, or every workspace file in a folder',
  description: [
    'Members connect with a token ("draftroom token create") to ws(s)://<host>:<port>/<workspaceId>/<documentId>?token=…',
    '(y-websocket\'s protocol: any stock y-websocket client works). Every update is checked against the',
    "member's role and the rules for records and comments, and stored before it is confirmed or relayed.",
    'Logs one line per connection and refusal. SIGTERM (or Ctrl+C) closes cleanly.',
    '',
    'With --database it serves the workspaces kept in PostgreSQL instead of files (copy one in with',
    '"draftroom migrate-store"); with --redis as well, several instances on the same database share',
    'every document live: run one per machine or port behind a load balancer. GET /healthz tells',
    'whether the store and Redis answer (200) or not (503).',
  ].join('\n'),
  usage:
    'serve <file | folder> [--host <address>] [--port <n>] [--cert <pem> --key <pem>]\n' +
    '   or: draftroom serve --database <postgres://…> [--redis <redis://…>] [--redis-prefix <prefix>] [--workspace <id>] [--host …] [--port …]',
  positionals: [{ name: 'file', description: 'A workspace file, or a folder: every .draftroom file in it is served' }],
  options: {
    host: { type: 'string', valueName: '<address>', description: 'Interface to listen on (default 127.0.0.1; 0.0.0.0 for all)' },
    port: { type: 'string', valueName: '<n>', description: `TCP port (default ${DEFAULT_TEAM_PORT}; 0 = any free port)` },
    cert: { type: 'string', valueName: '<pem>', description: 'TLS certificate (PEM) to serve wss:// (with --key)' },
    key: { type: 'string', valueName: '<pem>', description: 'TLS private key (PEM) (with --cert)' },
    database: { type: 'string', valueName: '<postgres://…>', description: 'Serve the workspaces of this PostgreSQL database (instead of <file>)' },
    redis: { type: 'string', valueName: '<redis://…>', description: 'Share documents live with the other instances on the same database (with --database)' },
    'redis-prefix': { type: 'string', valueName: '<prefix>', description: 'Prefix of the Redis channels (default draftroom:); the same for every instance of one deployment' },
    workspace: { type: 'string', valueName: '<id>', description: 'Serve only this workspace of the database (with --database)' },
  },
  examples: [
    'draftroom serve talks.draftroom',
    'draftroom serve --database postgres://drafts@db.internal/draftroom --redis redis://cache.internal:6379 --port 1234',
    'draftroom serve /srv/negotiations --host 0.0.0.0 --port 443 --cert fullchain.pem --key privkey.pem',
  ],
  async run({ io, args }) {
    const cwd = process.cwd();
    const port = parsePort(args.string('port'));
    const certPath = args.string('cert');
    const keyPath = args.string('key');
    if ((certPath === undefined) !== (keyPath === undefined)) {
      throw new DraftroomError('invalid-argument', 'give both --cert and --key (or neither) (see: draftroom serve --help)');
    }
    const tls = certPath !== undefined && keyPath !== undefined ? { cert: readPem(resolve(cwd, certPath), '--cert'), key: readPem(resolve(cwd, keyPath), '--key') } : undefined;
    const database = args.string('database');
    const redis = args.string('redis');
    const redisPrefix = args.string('redis-prefix');
    const workspace = args.string('workspace');
    if (database === undefined && (redis !== undefined || workspace !== undefined || redisPrefix !== undefined)) {
      throw new DraftroomError('invalid-argument', '--redis, --redis-prefix and --workspace go with --database (see: draftroom serve --help)');
    }
    const backing =
      database === undefined
        ? { path: args.file() }
        : {
            database: {
              database,
              ...(redis !== undefined ? { redis } : {}),
              ...(redisPrefix !== undefined ? { redisPrefix } : {}),
              ...(workspace !== undefined ? { workspaces: [workspace.trim()] } : {}),
            },
          };
    let server: TeamServer;
    try {
      server = await startTeamServer({ ...backing, host: args.string('host') ?? '127.0.0.1', port, ...(tls ? { tls } : {}) });
    } catch (error) {
      throw listenError(error);
    }
    announce(io.stdout, server);
    await new Promise<void>((resolveStop) => {
      const stop = (signal: string): void => {
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        io.stdout.write(`Stopping (${signal}): closing connections, compacting, closing files…\n`);
        server.close().then(resolveStop, (error: unknown) => {
          io.stderr.write(`draftroom: error while stopping: ${errorText(error)}\n`);
          resolveStop();
        });
      };
      const onTerm = (): void => stop('SIGTERM');
      const onInt = (): void => stop('SIGINT');
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onInt);
    });
    io.stdout.write('Stopped.\n');
    return 0;
  },
};

function announce(out: CliWriter, server: TeamServer): void {
  out.write(`Draftroom team server listening on ${server.url}${server.instance === 'single' ? '' : ` (instance ${server.instance})`}\n`);
  for (const w of server.workspaces) out.write(`  ${w.name}: ${server.url}/${w.id}/<documentId>?token=…  (${w.path})\n`);
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TEAM_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new DraftroomError('invalid-argument', `--port must be a number from 0 to 65535 (got "${text}")`);
  }
  return port;
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new DraftroomError('not-found', `${flag}: cannot read ${path}`);
  }
}

function listenError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return new DraftroomError('conflict', 'that port is already in use; pick another with --port <n> (0 = any)');
  if (code === 'EACCES') return new DraftroomError('forbidden', 'not allowed to listen on that port; pick another with --port <n>');
  if (code === 'EADDRNOTAVAIL') return new DraftroomError('invalid-argument', 'no such interface on this machine (--host)');
  if (typeof code === 'string' && code.startsWith('ERR_OSSL')) return new DraftroomError('invalid-argument', `--cert/--key are not a usable PEM certificate and key (${code})`);
  return error;
}
