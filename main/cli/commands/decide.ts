import * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import type { Identity } from '../../../shared/domain/types';
import type { DecisionTarget } from '../../../shared/suggest/decide';
import { decideInYDoc } from '../../../shared/suggest/decide-ydoc';
import type { Decision } from '../../../shared/suggest/meta';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { readChange } from '../../../shared/ydoc/layout';
import { loadYDoc } from '../../store/document-state';
import type { WorkspaceStoreApi } from '../../store/store-types';
import { describeChanges, describeClause, type ChangeView, type MemberRef, type PartyRef } from '../change-view';
import type { CliCommand, ParsedArgs } from '../cli-types';
import { resolveDecider } from '../deciding-member';
import type { DraftView } from '../draft-views';
import { shortTime, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/** What `draftroom accept|reject --json` prints. */
export interface DecisionReport {
  readonly document: { readonly id: string; readonly title: string };
  readonly decision: Decision;
  readonly decidedBy: MemberRef & { readonly party: PartyRef };
  /** The changes decided, with their new status; clause numbers are those they had before the decision. */
  readonly decided: ChangeView[];
  /** Other proposed changes the decision took away with it (recorded as rejected). */
  readonly swept: ChangeView[];
}

const VERB: Record<Decision, { word: string; past: string }> = {
  accepted: { word: 'accept', past: 'Accepted' },
  rejected: { word: 'reject', past: 'Rejected' },
};

function usage(command: string, message: string): DraftroomError {
  return new DraftroomError('invalid-argument', `${message} (see: draftroom ${command} --help)`);
}

/** Which of --change, --party and --all were given: exactly one, or `invalid-argument` (checked before the file is opened). */
type TargetFlag = { readonly change: string } | { readonly party: string } | { readonly all: true };

function targetFlag(args: ParsedArgs): TargetFlag {
  const change = args.string('change');
  const party = args.string('party');
  const all = args.flag('all');
  const given = [change !== undefined ? '--change' : '', party !== undefined ? '--party' : '', all ? '--all' : ''].filter(Boolean);
  if (given.length === 0) throw usage(args.command, 'missing --change <id>, --party <name|code> or --all');
  if (given.length > 1) throw usage(args.command, `${given.join(' and ')} cannot be combined; give one of --change, --party or --all`);
  if (change !== undefined) return { change };
  if (party !== undefined) return { party };
  return { all: true };
}

/** The decision target a flag names; `unknown-party` for a party the workspace does not have. */
function resolveTarget(store: WorkspaceStoreApi, flag: TargetFlag): DecisionTarget {
  if ('change' in flag) return { changeId: flag.change };
  if ('party' in flag) {
    const found = store.findParty(flag.party);
    if (!found) {
      const known = store.listParties().map((p) => p.code).join(', ') || 'none';
      throw new DraftroomError('unknown-party', `unknown party "${flag.party}" (parties: ${known})`);
    }
    return { partyId: found.id };
  }
  return { all: true };
}

/** Clear errors for a single change before anything is decided: unknown, or already decided. */
function checkSingleChange(store: WorkspaceStoreApi, draft: DraftView, changeId: string): void {
  const record = readChange(draft.ydoc, changeId);
  if (!record) {
    throw new DraftroomError(
      'unknown-change',
      `unknown change "${changeId}" in "${draft.document.title}" (see: draftroom changes <file> --doc ${JSON.stringify(draft.document.title)})`,
    );
  }
  if (record.status !== 'proposed') {
    const by = record.decidedBy ? ` by ${store.getMember(record.decidedBy)?.name ?? record.decidedBy}` : '';
    const when = record.decidedAt ? ` on ${shortTime(record.decidedAt)}` : '';
    throw new DraftroomError('conflict', `change "${changeId}" is already ${record.status}${by}${when}; only proposed changes can be decided`);
  }
}

function line(change: ChangeView): string {
  const where = change.clauses.map(describeClause).join('; ') || 'no clause';
  return `  ${change.id}  ${change.kind}  ${change.party.name} (${change.party.code})  ${where}`;
}

function humanReport(report: DecisionReport, target: DecisionTarget, partyName: string | undefined): string {
  const { word, past } = VERB[report.decision];
  const where = `"${report.document.title}"`;
  if (report.decided.length === 0) {
    const whose = 'partyId' in target ? ` of ${partyName ?? target.partyId}` : '';
    return `Nothing to ${word}: no proposed changes${whose} in ${where}. Nothing was written.\n`;
  }
  const count = `${report.decided.length} change${report.decided.length === 1 ? '' : 's'}`;
  const who = `${report.decidedBy.name} (${report.decidedBy.party.name})`;
  const lines = [`${past} ${count} in ${where} as ${who}:`, ...report.decided.map(line)];
  if (report.swept.length > 0) {
    lines.push(`Also rejected, because their text went with the decision (${report.swept.length}):`, ...report.swept.map(line));
  }
  return lines.join('\n') + '\n';
}

/**
 * Decides in the working draft and stores exactly the resulting Yjs update,
 * attributed to the deciding member; writes nothing if nothing was decided.
 */
function decide(
  store: WorkspaceStoreApi,
  args: ParsedArgs,
  flag: TargetFlag,
  decision: Decision,
): { report: DecisionReport; target: DecisionTarget } {
  const document = store.getDocument(args.requireString('doc'));
  const target = resolveTarget(store, flag);
  const decider: Identity = resolveDecider(store, args.string('as'), args.command);
  const ydoc = loadYDoc(store, document.id);
  // Clause numbers are reported as they were before the decision (a removed clause has none after).
  const before: DraftView = { document, ydoc, doc: readSuggestedDoc(ydoc) };
  if ('changeId' in target) checkSingleChange(store, before, target.changeId);
  const stateBefore = Y.encodeStateVector(ydoc);
  const result = decideInYDoc(ydoc, target, decision, decider);
  if (result.decided.length > 0) {
    store.appendUpdate(document.id, Y.encodeStateAsUpdate(ydoc, stateBefore), {
      memberId: decider.member.id,
      partyId: decider.party.id,
    });
  }
  const views = new Map(describeChanges(store, before).map((c) => [c.id, c]));
  const pick = (ids: readonly string[]): ChangeView[] => ids.flatMap((id) => views.get(id) ?? []);
  const report: DecisionReport = {
    document: { id: document.id, title: document.title },
    decision,
    decidedBy: {
      id: decider.member.id,
      name: decider.member.name,
      party: { id: decider.party.id, name: decider.party.name, code: decider.party.code },
    },
    decided: pick(result.decided),
    swept: pick(result.swept),
  };
  return { report, target };
}

/** The `accept` or `reject` command. */
export function decisionCommand(decision: Decision): CliCommand {
  const { word } = VERB[decision];
  const name = word;
  const outcome =
    decision === 'accepted'
      ? 'Accepting makes a change take effect: a\nproposed clause joins the text and is numbered; a clause proposed for removal goes and\nthe others renumber.'
      : 'Rejecting takes a change back: a proposed\nclause is dropped; a clause proposed for removal stays; amended text returns to what it was.';
  return {
    name,
    usage: `${name} <file> --doc <id|title> (--change <id> | --party <name|code> | --all) [--as <member id|name>] [--json]`,
    summary: decision === 'accepted' ? 'Accept proposed changes (one, one party’s, or all)' : 'Reject proposed changes (one, one party’s, or all)',
    description:
      `Decides proposed changes in the working draft. ${outcome}\n` +
      'Give exactly one of --change, --party or --all. Only a lead may decide: --as names the\n' +
      'deciding member (on a workspace bound to a team server: the binding\'s member, the default).\n' +
      'The decision is recorded (who, when) and stored as one attributed edit; other proposed\n' +
      'changes whose text goes with it are recorded as rejected ("swept").',
    positionals: [{ name: 'file', description: 'Workspace file' }],
    options: {
      doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
      change: { type: 'string', valueName: '<id>', description: `The one change to ${word} (ids: draftroom changes)` },
      party: { type: 'string', valueName: '<name|code>', description: `${decision === 'accepted' ? 'Accept' : 'Reject'} every proposed change of this party` },
      all: { type: 'boolean', description: `${decision === 'accepted' ? 'Accept' : 'Reject'} every proposed change` },
      as: { type: 'string', valueName: '<member id|name>', description: 'The deciding member (a lead)' },
      json: { type: 'boolean', description: 'Print JSON (document, decision, decidedBy, decided, swept)' },
    },
    examples: [
      `draftroom ${name} s.draftroom --doc "Peace framework" --change ru-znpp-status-quo --as "Dana Whitfield"`,
      `draftroom ${name} s.draftroom --doc "Peace framework" --party RU --as us-whitfield --json`,
    ],
    run({ io, args }) {
      const flag = targetFlag(args);
      return withWorkspace(args.file(), (store) => {
        const { report, target } = decide(store, args, flag, decision);
        if (args.flag('json')) {
          io.stdout.write(toJsonText(report));
        } else {
          const partyName = 'partyId' in target ? store.listParties().find((p) => p.id === target.partyId)?.name : undefined;
          io.stdout.write(humanReport(report, target, partyName));
        }
        return 0;
      }, { writes: true });
    },
  };
}

/** `draftroom accept <file> --doc … (--change <id> | --party <p> | --all) [--as <member>] [--json]`. */
export const acceptCommand: CliCommand = decisionCommand('accepted');

/** `draftroom reject <file> --doc … (--change <id> | --party <p> | --all) [--as <member>] [--json]`. */
export const rejectCommand: CliCommand = decisionCommand('rejected');
