import { resolve } from 'node:path';
import { DraftroomError } from '../../../shared/api/errors';
import { joinWorkspace, shareWorkspace, syncRound, type SyncRoundResult } from '../../team/replica/operations';
import type { CliCommand, CliIo } from '../cli-types';
import { toJsonText } from '../text-table';
import { assertCanCreate, withWorkspace } from '../workspace-access';

/** One line (or JSON) saying what a round did. */
function reportRound(io: CliIo, verb: string, file: string, result: SyncRoundResult, json: boolean): void {
  if (json) {
    io.stdout.write(toJsonText({ file, ...result, skipped: [...result.skipped] }));
    return;
  }
  const moved = [
    `${result.documentsPulled} documents and ${result.versionsPulled} versions pulled`,
    `${result.documentsPushed} documents and ${result.versionsPushed} versions pushed`,
  ].join(', ');
  io.stdout.write(`${verb} ${file} with ${result.serverUrl}/${result.workspaceId} in ${result.ms} ms: ${result.documents} documents, every local edit stored on the server (${moved}).\n`);
  if (result.setAside > 0) io.stdout.write(`${result.setAside} set-aside edits wait in the file (draftroom set-aside ${file}).\n`);
  for (const skipped of result.skipped) io.stdout.write(`not copied: ${skipped}\n`);
}

/** `draftroom join <ws-url> --token <t> <local-file>`: a local replica of a team workspace. */
export const joinCommand: CliCommand = {
  name: 'join',
  summary: 'Create a local replica of a team server workspace, bound to it as the token member',
  usage: 'join <ws-url> --token <token> <local-file> [--json]',
  description:
    'The URL is ws(s)://host:port/<workspace id> (the server admin gives it with the token). The new file has the ' +
    "server workspace's id, parties, members, documents with their contents and named versions; the app and " +
    'draftroom sync keep it in sync. Nothing is written if the server cannot be reached or refuses the token.',
  positionals: [
    { name: 'ws-url', description: 'The team workspace: ws(s)://host:port/<workspace id>' },
    { name: 'local-file', description: 'Path of the new local workspace file' },
  ],
  options: {
    token: { type: 'string', valueName: '<token>', description: 'Token from the server admin (draftroom token create)', required: true },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  examples: ['draftroom join ws://team.example:1234/5f0c… --token drt_… talks.draftroom'],
  async run({ io, args }) {
    const [url, local] = args.positionals as [string, string];
    const file = resolve(io.cwd ?? process.cwd(), local);
    assertCanCreate(file);
    const result = await joinWorkspace(url, args.requireString('token'), file);
    reportRound(io, 'Joined', file, result, args.flag('json'));
    return 0;
  },
};

/** `draftroom sync <local-file> [--json]`: one full round with the team server. */
export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Sync a bound workspace with its team server once (exit 0 only when the server stored every local edit)',
  description:
    'Pushes local edits, documents and named versions, pulls the server\'s, and waits until the server has ' +
    'confirmed storing every local edit. Exits non-zero with one line if the server cannot be reached, does not ' +
    'confirm within 30 s, or refuses an edit (the refused edits are then set aside in the file: draftroom set-aside).',
  positionals: [{ name: 'local-file', description: 'A workspace bound by join or share' }],
  options: { json: { type: 'boolean', description: 'Print JSON' } },
  async run({ io, args }) {
    const file = args.file();
    withWorkspace(file, () => undefined);
    const result = await syncRound(file);
    reportRound(io, 'Synced', file, result, args.flag('json'));
    return 0;
  },
};

/** `draftroom share <local-file> <ws-url> --token <t>`: push a local workspace into a team workspace and bind it. */
export const shareCommand: CliCommand = {
  name: 'share',
  summary: 'Share a local workspace with a team server workspace and bind it there',
  usage: 'share <local-file> <ws-url> --token <token> [--json]',
  description:
    "Copies the server workspace's parties and members in (matched by id), creates every local document and " +
    'named version on the server with the same ids, pushes their contents, and binds the file to the server as ' +
    "the token's member. The admin makes the workspace (draftroom init/serve) and the token first.",
  positionals: [
    { name: 'local-file', description: 'The local workspace to share' },
    { name: 'ws-url', description: 'The team workspace: ws(s)://host:port/<workspace id>' },
  ],
  options: {
    token: { type: 'string', valueName: '<token>', description: 'Token from the server admin', required: true },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  async run({ io, args }) {
    const file = args.file();
    withWorkspace(file, () => undefined);
    const result = await shareWorkspace(file, args.positionals[1]!, args.requireString('token'));
    reportRound(io, 'Shared', file, result, args.flag('json'));
    return 0;
  },
};

/** `draftroom set-aside <file> [--show <id>] [--discard <id>] [--json]`: edits a team server refused. */
export const setAsideCommand: CliCommand = {
  name: 'set-aside',
  summary: 'List, show (to copy) or discard the local edits a team server refused',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    show: { type: 'string', valueName: '<id>', description: 'Print the text those edits held' },
    discard: { type: 'string', valueName: '<id>', description: 'Forget those edits for good' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run({ io, args }) {
    const file = args.file();
    const show = args.string('show');
    const discard = args.string('discard');
    if (show !== undefined && discard !== undefined) throw new DraftroomError('invalid-argument', 'give --show or --discard, not both');
    return withWorkspace(
      file,
      (store) => {
        if (discard !== undefined) {
          store.deleteSetAsideEdit(discard);
          io.stdout.write(`Discarded set-aside edits ${discard}.\n`);
          return 0;
        }
        if (show !== undefined) {
          const edit = store.getSetAsideEdit(show);
          io.stdout.write(args.flag('json') ? toJsonText({ ...edit, update: undefined }) : `${edit.preview}\n`);
          return 0;
        }
        const edits = store.listSetAsideEdits();
        const titles = new Map(store.listDocuments().map((d) => [d.id, d.title]));
        if (args.flag('json')) {
          io.stdout.write(toJsonText(edits.map((e) => ({ ...e, document: titles.get(e.docId) ?? e.docId }))));
          return 0;
        }
        if (edits.length === 0) io.stdout.write('No set-aside edits.\n');
        for (const e of edits) io.stdout.write(`${e.id}  ${e.createdAt}  ${titles.get(e.docId) ?? e.docId}  refused: ${e.reason}\n`);
        return 0;
      },
      { writes: discard !== undefined },
    );
  },
};
