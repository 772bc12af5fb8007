import * as Y from 'yjs';
import { listClauses } from '../../../shared/schema/clauses';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { loadYDoc } from '../../store/document-state';
import type { CliCommand } from '../cli-types';
import { resolveAuthor } from '../deciding-member';
import { toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/**
 * `draftroom save-version <file> --doc … --name … [--note …] [--as …]`:
 * keeps the working draft as it is now as a named version, attributed to a
 * member who may edit. Refuses a name the document already uses.
 */
export const saveVersionCommand: CliCommand = {
  name: 'save-version',
  summary: 'Save the working draft as a named version',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    name: { type: 'string', valueName: '<name>', description: 'Name of the version, unique in the document (required)', required: true },
    note: { type: 'string', valueName: '<text>', description: 'A note kept with the version' },
    as: { type: 'string', valueName: '<member>', description: 'Who saves it (id or name; required unless the workspace is bound to a team server)' },
    json: { type: 'boolean', description: 'Print the new version as JSON' },
  },
  run({ io, args }) {
    const docRef = args.requireString('doc');
    const name = args.requireString('name');
    return withWorkspace(args.file(), (store) => {
      const document = store.getDocument(docRef);
      const author = resolveAuthor(store, args.string('as'), args.command);
      const ydoc = loadYDoc(store, document.id);
      const version = store.createVersion({
        docId: document.id,
        name: name.trim(),
        note: args.string('note') ?? '',
        authorId: author.member.id,
        partyId: author.party.id,
        state: Y.encodeStateAsUpdate(ydoc),
      });
      const clauses = listClauses(readSuggestedDoc(ydoc)).length;
      if (args.flag('json')) {
        io.stdout.write(toJsonText({ ...version, clauses }));
      } else {
        io.stdout.write(
          `Saved version "${version.name}" of "${document.title}" (${clauses} clauses) as ${author.member.name} (${author.party.name}); id ${version.id}\n`,
        );
      }
      return 0;
    }, { writes: true });
  },
};
