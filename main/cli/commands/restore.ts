import { proposeIntoDocument, type ProposeIntoResult } from '../../import/propose-into-document';
import { restoredRationale, versionTarget } from '../../import/version-target';
import type { CliCommand, CliIo } from '../cli-types';
import { resolveAuthor } from '../deciding-member';
import { toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

function report(io: CliIo, title: string, version: string, who: string, result: ProposeIntoResult): void {
  if (result.changes.length === 0 && result.skipped.length === 0) {
    io.stdout.write(`"${title}" already reads like "${version}". Nothing was written.\n`);
    return;
  }
  const counts = new Map<string, number>();
  for (const change of result.changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  const summary = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ') || 'nothing';
  io.stdout.write(`Proposed ${result.changes.length} change${result.changes.length === 1 ? '' : 's'} in "${title}" as ${who} to restore "${version}": ${summary}.\n`);
  for (const skip of result.skipped) io.stdout.write(`  Left clause ${skip.clauseId} as it is: ${skip.reason} (decide them, then restore again).\n`);
}

/**
 * `draftroom restore <file> --doc … --version … [--as <member>] [--json]`:
 * makes the working draft read like a named version again, as new proposed
 * changes by the restoring member (each with the rationale "Restored from
 * “<version>”"), so that nothing later is lost and the restore itself can be
 * reviewed, accepted or rejected. Clauses with pending suggestions are left
 * as they are (and listed).
 */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Propose changes that make the working draft read like a named version again',
  description:
    'Every difference between the working draft and the version becomes a proposed change by the\n' +
    'member given with --as (one per clause: added, amended or removed), with the rationale\n' +
    '"Restored from “<version>”". Nothing is accepted: leads review the restore like any change.\n' +
    'Clauses with pending suggestions are left as they are and listed. Clause order is not changed.',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    version: { type: 'string', valueName: '<id|name>', description: 'The named version to restore (required)', required: true },
    as: { type: 'string', valueName: '<member>', description: 'Who restores (id or name; required unless the workspace is bound to a team server)' },
    json: { type: 'boolean', description: 'Print the proposed change records and the clauses left as they are as JSON' },
  },
  examples: ['draftroom restore s.draftroom --doc "Peace framework" --version "U.S. 28-point draft" --as "Dana Whitfield"'],
  run({ io, args }) {
    const docRef = args.requireString('doc');
    const versionRef = args.requireString('version');
    return withWorkspace(
      args.file(),
      (store) => {
        const document = store.getDocument(docRef);
        const identity = resolveAuthor(store, args.string('as'), args.command, 'who restores');
        const version = versionTarget(store, document.id, versionRef);
        const result = proposeIntoDocument(store, document.id, version.target, { align: 'id', identity, rationale: restoredRationale(version.name) });
        if (args.flag('json')) io.stdout.write(toJsonText(result));
        else report(io, document.title, version.name, `${identity.member.name} (${identity.party.name})`, result);
        return 0;
      },
      { writes: true },
    );
  },
};
