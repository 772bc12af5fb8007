import { listClauses } from '../../../shared/schema/clauses';
import { readProseMirrorDoc } from '../../../shared/ydoc/layout';
import type { CliCommand } from '../cli-types';
import { ydocFromState } from '../draft-views';
import { formatTable, shortTime, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/** `draftroom versions <file> --doc … [--json]`: a document's named versions. */
export const versionsCommand: CliCommand = {
  name: 'versions',
  summary: 'List a document’s named versions',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    json: { type: 'boolean', description: 'Print JSON (id, name, note, createdAt, author, party, clauses)' },
  },
  run({ io, args }) {
    const docRef = args.requireString('doc');
    return withWorkspace(args.file(), (store) => {
      const document = store.getDocument(docRef);
      const parties = new Map(store.listParties().map((p) => [p.id, p]));
      const members = new Map(store.listMembers().map((m) => [m.id, m]));
      const versions = store.listVersions(document.id).map((v) => {
        const { state } = store.getVersion(document.id, v.id);
        const party = v.partyId ? parties.get(v.partyId) : undefined;
        return {
          id: v.id,
          name: v.name,
          note: v.note,
          createdAt: v.createdAt,
          author: v.authorId ? { id: v.authorId, name: members.get(v.authorId)?.name ?? v.authorId } : null,
          party: party ? { id: party.id, name: party.name, code: party.code } : null,
          clauses: listClauses(readProseMirrorDoc(ydocFromState(state))).length,
        };
      });
      if (args.flag('json')) {
        io.stdout.write(toJsonText(versions));
      } else if (versions.length === 0) {
        io.stdout.write(`No versions of "${document.title}".\n`);
      } else {
        io.stdout.write(
          formatTable(
            ['name', 'created', 'by', 'clauses', 'id'],
            versions.map((v) => [
              v.name,
              shortTime(v.createdAt),
              v.author ? `${v.author.name}${v.party ? ` (${v.party.code})` : ''}` : (v.party?.name ?? ''),
              String(v.clauses),
              v.id,
            ]),
          ),
        );
      }
      return 0;
    });
  },
};
