import { basename, extname } from 'node:path';
import { createWorkspace } from '../../store/workspace-store';
import type { CliCommand } from '../cli-types';
import { assertCanCreate } from '../workspace-access';

/** `draftroom init <file> [--name <name>]`: a new, empty workspace. */
export const initCommand: CliCommand = {
  name: 'init',
  summary: 'Create a new, empty workspace file',
  description: 'The file must not exist yet. The workspace has no parties, members or documents.',
  positionals: [{ name: 'file', description: 'Path of the new workspace (e.g. talks.draftroom)' }],
  options: {
    name: { type: 'string', valueName: '<name>', description: 'Workspace name (default: the file name)' },
  },
  examples: ['draftroom init talks.draftroom --name "Ceasefire talks"'],
  run({ io, args }) {
    const file = args.file();
    assertCanCreate(file);
    const name = args.string('name')?.trim() || basename(file, extname(file));
    const store = createWorkspace(file, { name });
    store.close();
    io.stdout.write(`Created empty workspace "${name}" at ${file}\n`);
    return 0;
  },
};
