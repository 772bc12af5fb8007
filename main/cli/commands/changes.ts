import { DraftroomError } from '../../../shared/api/errors';
import { CHANGE_KINDS, CHANGE_STATUSES, type ChangeKind, type ChangeStatus } from '../../../shared/domain/types';
import { AUDIENCES, type Audience } from '../../../shared/redline/model';
import { summaryCsv } from '../../../shared/redline/render-csv';
import { summaryMarkdown } from '../../../shared/redline/render-markdown';
import { describeChanges, describeClause, type ChangeView } from '../change-view';
import type { CliCommand, CliIo } from '../cli-types';
import { cliRedline } from '../cli-redline';
import { workingDraft } from '../draft-views';
import { shortTime, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

function describe(change: ChangeView): string {
  const lines = [
    `${change.id}  ${change.kind}  ${change.party.name} (${change.party.code})  ${change.status}  ${shortTime(change.createdAt)}`,
  ];
  const where = change.clauses.map(describeClause).join('; ');
  const decided = change.decidedBy ? `; ${change.status} by ${change.decidedBy.name} ${shortTime(change.decidedAt)}` : '';
  lines.push(`  ${where} — by ${change.author.name}${decided}`);
  if (change.before) lines.push(`  - ${change.before}`);
  if (change.after) lines.push(`  + ${change.after}`);
  lines.push(change.rationale ? `  Why: ${change.rationale}` : '  Why: (no rationale yet)');
  return lines.join('\n');
}

/** Formats of the change summary table. */
const TABLE_FORMATS = ['md', 'csv'] as const;

/** `changes --format md|csv`: the redline's change summary (and, for md, the concordance). */
function writeSummaryTable(
  io: CliIo,
  file: string,
  options: { docRef: string; format: 'md' | 'csv'; audience: Audience; from: string | undefined; to: string | undefined },
): number {
  const { model } = withWorkspace(file, (store) =>
    cliRedline(store, {
      docId: options.docRef,
      audience: options.audience,
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
    }),
  );
  io.stdout.write(options.format === 'csv' ? summaryCsv(model) : `${summaryMarkdown(model)}\n`);
  return 0;
}

/**
 * `draftroom changes <file> --doc … [--party …] [--status …] [--kind …] [--json]`: change records;
 * with `--format md|csv [--from …] [--to …] [--audience …]` the redline's change summary table instead.
 */
export const changesCommand: CliCommand = {
  name: 'changes',
  summary: 'List a document’s change records with party, author and rationale',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    party: { type: 'string', valueName: '<name|code>', description: 'Only this party’s changes' },
    status: { type: 'string', valueName: '<status>', description: 'Only changes with this status', choices: CHANGE_STATUSES },
    kind: { type: 'string', valueName: '<kind>', description: 'Only changes of this kind', choices: CHANGE_KINDS },
    format: {
      type: 'string',
      valueName: '<md|csv>',
      description: 'Print the redline’s change summary table (as in `export`) in Markdown or CSV instead',
      choices: TABLE_FORMATS,
    },
    from: { type: 'string', valueName: '<version id|name>', description: 'With --format: summarise the comparison from this version' },
    to: { type: 'string', valueName: '<version id|name>', description: 'With --format: … to this version (default: the working draft)' },
    audience: { type: 'string', valueName: '<audience>', description: 'With --format: internal (default) or external (no members or rationales)', choices: AUDIENCES },
    json: {
      type: 'boolean',
      description: 'Print JSON (id, kind, party, author, rationale, status, clauses, createdAt, decidedBy, …)',
    },
  },
  examples: [
    'draftroom changes s.draftroom --doc "Peace framework" --party RU --status proposed',
    'draftroom changes s.draftroom --doc "Peace framework" --from "U.S. 28-point draft" --to "U.S.–Ukraine 20-point proposal" --format csv',
  ],
  run({ io, args }) {
    const docRef = args.requireString('doc');
    const format = args.string('format') as 'md' | 'csv' | undefined;
    if (format !== undefined) {
      if (args.string('party') !== undefined || args.string('status') !== undefined || args.string('kind') !== undefined || args.flag('json')) {
        throw new DraftroomError('invalid-argument', '--format prints the whole summary table; it does not combine with --party, --status, --kind or --json');
      }
      const audience = (args.string('audience') as Audience | undefined) ?? 'internal';
      return writeSummaryTable(io, args.file(), { docRef, format, audience, from: args.string('from'), to: args.string('to') });
    }
    if (args.string('from') !== undefined || args.string('to') !== undefined || args.string('audience') !== undefined) {
      throw new DraftroomError('invalid-argument', '--from, --to and --audience go with --format md|csv');
    }
    const partyRef = args.string('party');
    const status = args.string('status') as ChangeStatus | undefined;
    const kind = args.string('kind') as ChangeKind | undefined;
    return withWorkspace(args.file(), (store) => {
      const document = store.getDocument(docRef);
      let partyId: string | undefined;
      if (partyRef !== undefined) {
        const party = store.findParty(partyRef);
        if (!party) {
          const known = store.listParties().map((p) => p.code).join(', ') || 'none';
          throw new DraftroomError('unknown-party', `unknown party "${partyRef}" (parties: ${known})`);
        }
        partyId = party.id;
      }
      const changes = describeChanges(store, workingDraft(store, document), {
        ...(partyId ? { partyId } : {}),
        ...(status ? { status } : {}),
        ...(kind ? { kind } : {}),
      });
      if (args.flag('json')) {
        io.stdout.write(toJsonText(changes));
      } else if (changes.length === 0) {
        io.stdout.write('No matching changes.\n');
      } else {
        io.stdout.write(`${changes.length} change${changes.length === 1 ? '' : 's'} in "${document.title}"\n\n`);
        io.stdout.write(changes.map(describe).join('\n\n') + '\n');
      }
      return 0;
    });
  },
};
