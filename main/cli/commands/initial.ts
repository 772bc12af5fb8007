import { resolve } from 'node:path';
import { initialVersion } from '../../services/version-seals';
import type { CliCommand } from '../cli-types';
import { resolveMember } from '../deciding-member';
import { readKeyFile } from '../key-file';
import { toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';
import { sealLine } from './verify';

/**
 * `draftroom initial <file> --doc … --version … --as <member> --key <key file>`:
 * the member signs the version's content hash with their own private key
 * (its public half must be the member's recorded key).
 */
export const initialCommand: CliCommand = {
  name: 'initial',
  summary: 'Initial a named version: sign its content hash with the member’s own key file',
  description:
    'Refused when the key file is not an Ed25519 private key, is not the member\'s recorded key,\n' +
    'the version is unknown or does not verify, or the member has already initialled it.',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    version: { type: 'string', valueName: '<id|name>', description: 'Version to initial (required)', required: true },
    as: { type: 'string', valueName: '<member>', description: 'Who initials (id or name; required unless the workspace is bound to a team server)' },
    key: { type: 'string', valueName: '<key file>', description: 'The member’s private key file (PEM; required)', required: true },
    json: { type: 'boolean', description: 'Print the version’s seal as JSON' },
  },
  examples: ['draftroom initial talks.draftroom --doc "Peace framework" --version "20-point proposal" --as "Olena Koval" --key ~/keys/olena.pem'],
  run({ io, args }) {
    const docRef = args.requireString('doc');
    const versionRef = args.requireString('version');
    const keyPath = resolve(io.cwd ?? process.cwd(), args.requireString('key'));
    const pem = readKeyFile(keyPath);
    return withWorkspace(args.file(), (store) => {
      const { member } = resolveMember(store, args.string('as'), args.command, 'who initials');
      const document = store.getDocument(docRef);
      const seal = initialVersion(store, { docId: document.id, versionRef, memberId: member.id, privateKeyPem: pem, keySource: `The key file ${keyPath}` });
      if (args.flag('json')) io.stdout.write(toJsonText(seal));
      else io.stdout.write(`${member.name} initialled "${seal.name}" of "${document.title}".\n${sealLine(seal)}\n`);
      return 0;
    }, { writes: true });
  },
};
