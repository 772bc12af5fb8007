import { existsSync } from 'node:fs';
import { DraftroomError } from '../../shared/api/errors';
import { openWorkspaceForReading } from '../store/open-for-reading';
import { PgDatabase } from '../store/pg/pg-database';
import { requireRegularFile } from '../store/regular-file';
import { serverStoreOf, type ServerStore } from '../store/server-store';
import { openWorkspace } from '../store/workspace-store';
import type { CliOption, CliPositional, ParsedArgs } from './cli-types';

/** The flags that point an admin command at a workspace in PostgreSQL instead of a file. */
export const DATABASE_OPTIONS: Readonly<Record<string, CliOption>> = {
  database: { type: 'string', valueName: '<postgres://…>', description: 'A PostgreSQL database served by "draftroom serve --database" (instead of <file>; with --workspace)' },
  workspace: { type: 'string', valueName: '<id>', description: 'The workspace in that database (with --database)' },
};

/** The `<file>` positional of an admin command, which `--database` replaces. */
export const FILE_OR_DATABASE: CliPositional = { name: 'file', description: 'Workspace file (or give --database <url> --workspace <id>)' };

/**
 * Runs `fn` on the workspace an admin command names: `--database <url>
 * --workspace <id>` (PostgreSQL), else its `<file>` (opened for reading
 * only unless `writes`), and closes it afterwards. Refuses `--workspace`
 * without `--database` and the other way round.
 */
export async function withAdminStore<T>(args: ParsedArgs, fn: (store: ServerStore) => Promise<T>, options: { readonly writes?: boolean } = {}): Promise<T> {
  const url = args.string('database');
  const workspaceId = args.string('workspace');
  if (url === undefined && workspaceId !== undefined) throw new DraftroomError('invalid-argument', `--workspace goes with --database (see: draftroom ${args.command} --help)`);
  if (url !== undefined) {
    if (workspaceId === undefined) throw new DraftroomError('invalid-argument', `--database needs --workspace <id> (see: draftroom ${args.command} --help)`);
    const database = await PgDatabase.open(url, { maxConnections: 2 });
    try {
      return await fn(await database.workspace(workspaceId.trim()));
    } finally {
      await database.close();
    }
  }
  const file = args.file();
  if (!existsSync(file)) throw new DraftroomError('not-found', `no such file: ${file}`);
  requireRegularFile(file);
  const store = options.writes ? openWorkspace(file) : openWorkspaceForReading(file);
  try {
    return await fn(serverStoreOf(store));
  } finally {
    store.close();
  }
}
