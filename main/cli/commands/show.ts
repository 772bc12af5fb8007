import type { TextView } from '../../../shared/schema/clauses';
import type { CliCommand } from '../cli-types';
import { formatClause, shownClauses } from '../clause-lines';
import { DraftroomError } from '../../../shared/api/errors';
import { partyNames, readBracketViews, withBracketText } from '../../../shared/negotiation/bracket-text';
import { intactDraft, versionDraft, workingDraft } from '../draft-views';
import { withWorkspace } from '../workspace-access';

const VIEWS: readonly TextView[] = ['current', 'original', 'marked'];

/** `draftroom show <file> --doc … [--version …] [--view …]`: the numbered clauses as plain text. */
export const showCommand: CliCommand = {
  name: 'show',
  summary: 'Print a document’s numbered clauses as plain text',
  description:
    'Without --version, prints the working draft. Views: current (pending suggestions applied),\n' +
    'original (as if all were rejected), marked (insertions as [+…+], deletions as [-…-]).',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    version: { type: 'string', valueName: '<id|name>', description: 'A named version instead of the working draft' },
    view: { type: 'string', valueName: '<view>', description: 'Which text to show (default current)', choices: VIEWS },
    intact: {
      type: 'boolean',
      description: 'A damaged working draft as it was before its first damaged stored edit (says so on stderr)',
    },
  },
  examples: [
    'draftroom show s.draftroom --doc "Peace framework" --version "U.S.–Ukraine 20-point proposal"',
    'draftroom show s.draftroom --doc "Peace framework" --view marked',
  ],
  run({ io, args }) {
    const docRef = args.requireString('doc');
    const versionRef = args.string('version');
    const view = (args.string('view') ?? 'current') as TextView;
    const intact = args.flag('intact');
    if (intact && versionRef !== undefined) throw new DraftroomError('invalid-argument', '--intact reads the working draft; it cannot be combined with --version');
    return withWorkspace(args.file(), (store) => {
      const document = store.getDocument(docRef);
      let draft;
      if (intact) {
        const found = intactDraft(store, document);
        io.stderr.write(
          found.damagedSeq === null
            ? 'draftroom: the working draft is intact.\n'
            : `draftroom: showing the last intact state: stored edit ${found.damagedSeq} is damaged; it and every later edit are left out.\n`,
        );
        draft = found;
      } else {
        draft = versionRef === undefined ? workingDraft(store, document) : versionDraft(store, document, versionRef);
      }
      // Open brackets print as negotiators print them: "[Alt 1 — Ukraine: … / Alt 2 — Russia: …]".
      const doc = withBracketText(draft.doc, readBracketViews(draft.ydoc, draft.doc), partyNames(store.listParties()), { original: view === 'original' });
      const lines = shownClauses(doc, view).map(formatClause);
      io.stdout.write(lines.length > 0 ? lines.join('\n') + '\n' : '(no clauses)\n');
      return 0;
    });
  },
};
