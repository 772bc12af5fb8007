import { DraftroomError } from '../../../shared/api/errors';
import type { DocumentInfo } from '../../../shared/domain/types';
import { readVersionContents } from '../../../shared/history/version-clauses';
import { listClauses } from '../../../shared/schema/clauses';
import type { WorkspaceStoreApi } from '../../store/store-types';
import type { CliCommand } from '../cli-types';
import { resolveAuthor } from '../deciding-member';
import { workingDraft } from '../draft-views';
import { formatTable } from '../text-table';
import { withWorkspace } from '../workspace-access';

/** Every clause a document has had (in its working draft or any named version): id → heading. */
function knownClauses(store: WorkspaceStoreApi, document: DocumentInfo): Map<string, string> {
  const draft = workingDraft(store, document);
  const clauses = new Map(listClauses(draft.doc).map((c) => [c.id, c.heading.trim()]));
  draft.ydoc.destroy();
  for (const version of store.listVersions(document.id)) {
    for (const clause of readVersionContents(store.getVersion(document.id, version.id).state).clauses) {
      if (!clauses.has(clause.id)) clauses.set(clause.id, clause.heading.trim());
    }
  }
  return clauses;
}

/** A clause of the document by id, or by its heading (case-insensitive) when exactly one clause has it; `not-found` otherwise. */
function resolveClause(store: WorkspaceStoreApi, document: DocumentInfo, ref: string): string {
  const clauses = knownClauses(store, document);
  if (clauses.has(ref)) return ref;
  const wanted = ref.trim().toLowerCase();
  const named = [...clauses].filter(([, heading]) => heading.toLowerCase() === wanted).map(([id]) => id);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new DraftroomError('invalid-argument', `${named.length} clauses of "${document.title}" are headed "${ref}"; give one of their ids: ${named.join(', ')}`);
  throw new DraftroomError('not-found', `"${document.title}" has no clause with the id or heading "${ref}" in its working draft or versions`);
}

/**
 * `draftroom columns align <file> --doc … --clause <id> (--to <id> | --none | --clear) [--to-doc …] [--as …]`
 * and `--list`: saves, clears or lists manual re-alignments of the four-column text.
 */
export const columnsAlignCommand: CliCommand = {
  name: 'columns align',
  summary: 'Re-align a row of the four-column text (saved in the workspace), or list the saved re-alignments',
  usage: 'columns align <file> (--list | --doc <id|title> --clause <id|heading> (--to <id|heading> | --none | --clear) [--to-doc <id|title>] [--as <member id|name>])',
  description:
    'Pins clause --clause of --doc to the row of clause --to of --to-doc (default: the same\n' +
    'document), or with --none says it has no counterpart there (it gets a row of its own);\n' +
    '--clear forgets the pin. Every later table (app and "draftroom columns") applies the pins\n' +
    'after aligning by id and heading. Saving needs a member who may edit (--as, or the bound\n' +
    'member of a team workspace).',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    list: { type: 'boolean', description: 'List the saved re-alignments' },
    doc: { type: 'string', valueName: '<id|title>', description: 'Document of the clause to move' },
    clause: { type: 'string', valueName: '<id|heading>', description: 'The clause to move, by id or heading' },
    to: { type: 'string', valueName: '<id|heading>', description: 'Put it in the row of this clause of --to-doc (id or heading)' },
    'to-doc': { type: 'string', valueName: '<id|title>', description: 'Document of --to (default: --doc)' },
    none: { type: 'boolean', description: 'It has no counterpart in --to-doc: a row of its own' },
    clear: { type: 'boolean', description: 'Forget the pin' },
    as: { type: 'string', valueName: '<member id|name>', description: 'Who saves it' },
  },
  examples: [
    'draftroom columns align s.draftroom --doc "European 6-point framework" --clause eu-security-guarantees --to-doc "Peace framework" --to pf-security-guarantees --as "Dana Whitfield"',
    'draftroom columns align s.draftroom --doc "Peace framework" --clause ru-donbas-withdrawal --none --as "Dana Whitfield"',
    'draftroom columns align s.draftroom --list',
  ],
  run({ io, args }) {
    const file = args.file();
    if (args.flag('list')) {
      return withWorkspace(file, (store) => {
        const pins = store.listColumnPins();
        if (pins.length === 0) {
          io.stdout.write('No saved re-alignments.\n');
          return 0;
        }
        const title = new Map(store.listDocuments().map((d) => [d.id, d.title]));
        const who = new Map(store.listMembers().map((m) => [m.id, m.name]));
        io.stdout.write(
          formatTable(
            ['document', 'clause', 'row of', 'set by', 'at'],
            pins.map((p) => [
              title.get(p.docId) ?? p.docId,
              p.clauseId,
              p.targetClauseId === null ? `no counterpart in ${title.get(p.targetDocId) ?? p.targetDocId}` : `${title.get(p.targetDocId) ?? p.targetDocId}: ${p.targetClauseId}`,
              p.setBy === null ? '' : (who.get(p.setBy) ?? p.setBy),
              p.setAt,
            ]),
          ),
        );
        return 0;
      });
    }
    const docRef = args.requireString('doc');
    const clauseId = args.requireString('clause');
    const to = args.string('to');
    const chosen = [to !== undefined, args.flag('none'), args.flag('clear')].filter(Boolean).length;
    if (chosen !== 1) throw new DraftroomError('invalid-argument', 'give exactly one of --to <clause id>, --none or --clear');
    return withWorkspace(
      file,
      (store) => {
        const document = store.getDocument(docRef);
        const target = store.getDocument(args.string('to-doc') ?? document.id);
        if (args.flag('clear')) {
          resolveAuthor(store, args.string('as'), 'columns align', 'who re-aligns');
          const clause = knownClauses(store, document).has(clauseId) ? clauseId : resolveClause(store, document, clauseId);
          const had = store.clearColumnPin(document.id, clause, target.id);
          io.stdout.write(had ? `Cleared: ${clause} of "${document.title}" aligns automatically with "${target.title}" again.\n` : `Nothing to clear: ${clause} of "${document.title}" had no pin towards "${target.title}".\n`);
          return 0;
        }
        const identity = resolveAuthor(store, args.string('as'), 'columns align', 'who re-aligns');
        const clause = resolveClause(store, document, clauseId);
        const toClause = to === undefined ? null : resolveClause(store, target, to);
        store.setColumnPin({ docId: document.id, clauseId: clause, targetDocId: target.id, targetClauseId: toClause }, identity.member.id);
        io.stdout.write(
          to !== undefined
            ? `Saved: ${clause} of "${document.title}" stands in the row of ${toClause} of "${target.title}".\n`
            : `Saved: ${clause} of "${document.title}" has no counterpart in "${target.title}".\n`,
        );
        return 0;
      },
      { writes: true },
    );
  },
};
