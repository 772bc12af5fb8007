import { DraftroomError } from '../../../shared/api/errors';
import { PgDatabase } from '../../store/pg/pg-database';
import { copyDatabaseToFile, copyFileToDatabase, type TransferReport } from '../../store/pg/workspace-transfer';
import type { CliCommand } from '../cli-types';
import { toJsonText } from '../text-table';

/**
 * `draftroom migrate-store <file> --database <url> [--to-file --workspace <id>]`:
 * copies a workspace between a file and PostgreSQL, checking every document.
 */
export const migrateStoreCommand: CliCommand = {
  name: 'migrate-store',
  summary: 'Copy a workspace file into PostgreSQL (or back with --to-file), checking every document after',
  description: [
    'Copies the workspace with its id, parties, members, documents (their current state and who edited',
    'them), named versions and access tokens (tokens keep working). The source is only read. Afterwards',
    "every document's state in the copy is compared with the original's (Yjs state vector and deletions)",
    'and the counts of everything else; any difference fails the command. Then serve it with',
    '"draftroom serve --database <url>".',
  ].join('\n'),
  positionals: [{ name: 'workspace-file', description: 'The workspace file to copy (with --to-file: the new file to write)' }],
  options: {
    database: { type: 'string', valueName: '<postgres://…>', description: 'The PostgreSQL database (required)', required: true },
    'to-file': { type: 'boolean', description: 'Copy from the database into a new workspace file instead (with --workspace)' },
    workspace: { type: 'string', valueName: '<id>', description: 'With --to-file: the workspace to copy' },
    json: { type: 'boolean', description: 'Print what was copied as JSON' },
  },
  examples: [
    'draftroom migrate-store talks.draftroom --database postgres://drafts@db.internal/draftroom',
    'draftroom migrate-store back.draftroom --database postgres://drafts@db.internal/draftroom --to-file --workspace <id>',
  ],
  async run({ io, args }) {
    const file = args.file();
    const toFile = args.flag('to-file');
    const workspace = args.string('workspace');
    if (toFile && workspace === undefined) throw new DraftroomError('invalid-argument', '--to-file needs --workspace <id> (see: draftroom migrate-store --help)');
    if (!toFile && workspace !== undefined) throw new DraftroomError('invalid-argument', '--workspace goes with --to-file (the file names its workspace)');
    const database = await PgDatabase.open(args.requireString('database'), { maxConnections: 2 });
    let report: TransferReport;
    try {
      report = toFile ? await copyDatabaseToFile(database, workspace!.trim(), file) : await copyFileToDatabase(file, database);
    } finally {
      await database.close();
    }
    if (args.flag('json')) {
      io.stdout.write(toJsonText(report));
      return 0;
    }
    const where = toFile ? `${database.label} → ${file}` : `${file} → ${database.label}`;
    io.stdout.write(
      `Copied "${report.name}" (workspace ${report.workspaceId}), ${where}:\n` +
        `  ${report.parties} parties, ${report.members} members, ${report.documents.length} documents, ${report.versions} versions, ${report.tokens} tokens\n` +
        `Checked: every document's state is identical in both.\n`,
    );
    return 0;
  },
};
