import { resolve } from 'node:path';
import { DraftroomError } from '../../../shared/api/errors';
import { importAsNewDocument, importIntoDocument, type Importer, type ImportReport } from '../../import/import-proposal';
import { readImportFile } from '../../import/read-import-file';
import type { CliCommand, CliIo } from '../cli-types';
import { resolveAuthor } from '../deciding-member';
import { toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

function report(io: CliIo, result: ImportReport, fileName: string, into: boolean, importer: Importer): void {
  const lines: string[] = [];
  if (into) lines.push(`Imported "${fileName}" into "${result.document.title}" as suggestions by ${importer.party.name} (${importer.member.name}):`);
  else lines.push(`Created "${result.document.title}" with ${result.clauses} clause${result.clauses === 1 ? '' : 's'} from "${fileName}".`);
  const counts = new Map<string, number>();
  for (const change of result.changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  if (result.changes.length > 0) lines.push(`${result.changes.length} pending suggestion${result.changes.length === 1 ? '' : 's'}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}.`);
  else if (into) lines.push('No differences: nothing was proposed.');
  if (result.comments > 0) lines.push(`${result.comments} comment${result.comments === 1 ? '' : 's'} from the file.`);
  for (const skip of result.skipped) lines.push(`Left clause ${skip.clauseId} as it is: ${skip.reason}.`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * `draftroom import <file> <input.docx|.md|.txt> (--title <t> | --into <doc>) [--party <p>] [--as <member>] [--json]`:
 * the other side's proposal as a new document of clauses, or as suggestions
 * against an existing document. The input is read and checked whole before
 * anything is written; a bad input fails with one line and exit 2.
 */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import a proposal (.docx, .md, .txt) as a new document, or --into one as suggestions',
  usage: 'import <file> <input.docx|.md|.txt> (--title <title> | --into <id|title>) [--party <name|code>] [--as <member>] [--json]',
  description:
    'Numbered points (Word numbering, typed "1.", "Point 1", "(a)") become clauses, with headings\n' +
    'where the source has them. With --into, every difference to that document becomes a pending\n' +
    'suggestion by the importing party (--party, default the member’s own), clauses aligned by\n' +
    'their text. A .docx’s tracked changes become pending suggestions by their Word authors\n' +
    '(members or parties by name, else the importing party); its comments become comments.',
  positionals: [
    { name: 'file', description: 'Workspace file' },
    { name: 'input', description: 'The proposal to import: .docx, .md or .txt' },
  ],
  options: {
    title: { type: 'string', valueName: '<title>', description: 'Title of the new document' },
    into: { type: 'string', valueName: '<id|title>', description: 'Propose the file into this document instead' },
    party: { type: 'string', valueName: '<name|code>', description: 'The party the text is from (default: the importing member’s)' },
    as: { type: 'string', valueName: '<member>', description: 'Who imports (id or name; required unless the workspace is bound to a team server)' },
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  examples: [
    'draftroom import s.draftroom european-6.docx --title "European counter-proposal" --party EU --as "Dana Whitfield"',
    'draftroom import s.draftroom counter-draft.docx --into "Peace framework" --party RU --as "Dana Whitfield"',
  ],
  async run({ io, args }) {
    const title = args.string('title');
    const into = args.string('into');
    if ((title === undefined) === (into === undefined)) {
      throw new DraftroomError('invalid-argument', 'give either --title <title> (a new document) or --into <document> (suggestions), not both or neither');
    }
    const file = args.file();
    const input = resolve(io.cwd ?? process.cwd(), args.positionals[1]!);
    const read = await readImportFile(input);
    return withWorkspace(
      file,
      (store) => {
        const identity = resolveAuthor(store, args.string('as'), args.command, 'who imports');
        const partyRef = args.string('party');
        const party = partyRef !== undefined ? store.findParty(partyRef) : identity.party;
        if (!party) {
          throw new DraftroomError('unknown-party', `unknown party "${partyRef}" (parties: ${store.listParties().map((p) => p.code).join(', ') || 'none'})`);
        }
        const importer: Importer = { member: identity.member, party };
        const result = into !== undefined ? importIntoDocument(store, read, store.getDocument(into).id, importer) : importAsNewDocument(store, read, title!.trim(), importer);
        if (args.flag('json')) io.stdout.write(toJsonText(result));
        else report(io, result, read.name, into !== undefined, importer);
        return 0;
      },
      { writes: true },
    );
  },
};
