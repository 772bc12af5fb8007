import { DraftroomError } from '../../../shared/api/errors';
import { CHANGE_KINDS, CHANGE_STATUSES, type ChangeKind, type ChangeStatus } from '../../../shared/domain/types';
import { describeChanges, describeClause, type ChangeView } from '../change-view';
import type { CliCommand } from '../cli-types';
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

/** `draftroom changes <file> --doc … [--party …] [--status …] [--kind …] [--json]`: change records. */
export const changesCommand: CliCommand = {
  name: 'changes',
  summary: 'List a document’s change records with party, author and rationale',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    party: { type: 'string', valueName: '<name|code>', description: 'Only this party’s changes' },
    status: { type: 'string', valueName: '<status>', description: 'Only changes with this status', choices: CHANGE_STATUSES },
    kind: { type: 'string', valueName: '<kind>', description: 'Only changes of this kind', choices: CHANGE_KINDS },
    json: {
      type: 'boolean',
      description: 'Print JSON (id, kind, party, author, rationale, status, clauses, createdAt, decidedBy, …)',
    },
  },
  examples: ['draftroom changes s.draftroom --doc "Peace framework" --party RU --status proposed'],
  run({ io, args }) {
    const docRef = args.requireString('doc');
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
