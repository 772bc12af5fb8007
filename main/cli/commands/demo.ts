import { writeSampleWorkspace } from '../../sample/build-sample';
import { PEACE_FRAMEWORK_TITLE, VERSION_20_NAME } from '../../sample/peace-framework-28';
import { resolve } from 'node:path';
import { assertCanWriteSampleKeyFiles, writeSampleKeyFiles } from '../../sample/sample-keys';
import { SAMPLE_NOTE } from '../../sample/sample-people';
import type { CliCommand } from '../cli-types';
import { assertCanCreate } from '../workspace-access';

/** `draftroom demo <file>`: writes the sample negotiation. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Write the sample negotiation to a new workspace file',
  description:
    'U.S., Ukraine, Europe and Russia negotiate a peace framework: a 28-point draft, the\n' +
    '20-point proposal reached through tagged changes, Russia\'s pending suggestions and\n' +
    'comments, and a European 6-point framework. ' +
    SAMPLE_NOTE,
  positionals: [{ name: 'file', description: 'Path of the new workspace (must not exist)' }],
  options: {
    keys: {
      type: 'string',
      valueName: '<folder>',
      description: 'Also write the sample members’ illustrative private key files there (<member id>.pem, 0600)',
    },
  },
  examples: ['draftroom demo /tmp/sample.draftroom', 'draftroom demo /tmp/sample.draftroom --keys /tmp/sample-keys'],
  run({ io, args }) {
    const file = args.file();
    assertCanCreate(file);
    const keysOption = args.string('keys');
    const keys = keysOption === undefined ? undefined : resolve(io.cwd ?? process.cwd(), keysOption);
    if (keys !== undefined) assertCanWriteSampleKeyFiles(keys);
    writeSampleWorkspace(file);
    if (keys !== undefined) {
      const written = writeSampleKeyFiles(keys);
      io.stdout.write(
        `Wrote ${written.length} illustrative sample key files to ${keys} (derived from published seeds: anyone can make them; never use them for real texts)\n`,
      );
    }
    io.stdout.write(
      `Wrote the sample negotiation to ${file}\n${SAMPLE_NOTE}\n` +
        `Try: draftroom show ${JSON.stringify(file)} --doc ${JSON.stringify(PEACE_FRAMEWORK_TITLE)} --view marked\n` +
        `     draftroom show ${JSON.stringify(file)} --doc ${JSON.stringify(PEACE_FRAMEWORK_TITLE)} --version ${JSON.stringify(VERSION_20_NAME)}\n` +
        `     draftroom verify ${JSON.stringify(file)}\n`,
    );
    return 0;
  },
};
