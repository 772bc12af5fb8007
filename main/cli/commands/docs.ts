import { listClauses } from '../../../shared/schema/clauses';
import { readChanges } from '../../../shared/ydoc/layout';
import type { CliCommand } from '../cli-types';
import { workingDraft } from '../draft-views';
import { formatTable, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/** `draftroom docs <file> [--json]`: the workspace's documents with their counts. */
export const docsCommand: CliCommand = {
  name: 'docs',
  summary: 'List the documents: clauses, versions and changes of each',
  description: 'Clause counts are of the working draft (clauses proposed for addition included).',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: { json: { type: 'boolean', description: 'Print JSON (id, title, createdAt, clauses, versions, changes, pending)' } },
  run({ io, args }) {
    return withWorkspace(args.file(), (store) => {
      const docs = store.listDocuments().map((document) => {
        const draft = workingDraft(store, document);
        const changes = readChanges(draft.ydoc);
        return {
          id: document.id,
          title: document.title,
          createdAt: document.createdAt,
          clauses: listClauses(draft.doc).length,
          versions: store.listVersions(document.id).length,
          changes: changes.length,
          pending: changes.filter((c) => c.status === 'proposed').length,
        };
      });
      if (args.flag('json')) {
        io.stdout.write(toJsonText(docs));
      } else if (docs.length === 0) {
        io.stdout.write('No documents.\n');
      } else {
        io.stdout.write(
          formatTable(
            ['title', 'clauses', 'versions', 'changes', 'pending', 'id'],
            docs.map((d) => [d.title, String(d.clauses), String(d.versions), String(d.changes), String(d.pending), d.id]),
          ),
        );
      }
      return 0;
    });
  },
};
