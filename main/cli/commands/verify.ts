import { shortHash } from '../../../shared/initials/initial-message';
import type { VersionSeal } from '../../../shared/initials/seal-types';
import { verifyVersions } from '../../services/version-seals';
import type { CliCommand } from '../cli-types';
import { toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/** Exit status of `draftroom verify` when some version does not verify (2 stays "a usage error"). */
export const EXIT_VERIFY_FAILED = 3;

/** One version as `verify` and `initial` print it: mark, document, name, short hash, who initialled it. */
export function sealLine(seal: VersionSeal): string {
  const mark = seal.problems.length === 0 ? 'ok  ' : 'FAIL';
  const hash = seal.hash === null ? '(no hash)' : shortHash(seal.hash);
  const initials = seal.initials.length === 0 ? 'not initialled' : `initialled by ${seal.initials.map((i) => `${i.memberName}${i.partyCode ? ` (${i.partyCode})` : ''}${i.valid ? '' : ' [signature fails]'}`).join(', ')}`;
  return `${mark} "${seal.documentTitle}" #${seal.position} "${seal.name}" ${hash}: ${initials}`;
}

/**
 * `draftroom verify <file> [--doc …] [--json]`: checks every named version's
 * content against its chained hash, its place in the chain and every
 * signature of initials; exits 3 naming each version that does not match.
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Check every version’s content hash, chain order and initials (exit 3 if any fails)',
  description:
    'Each named version\'s hash covers its text, change records, positions, brackets, packages and\n' +
    'comments, its facts and the previous version\'s hash; initials are Ed25519 signatures over it.\n' +
    'A version is named when its content no longer gives its hash (edited outside Draftroom), when\n' +
    'it does not follow the version before it (reordered, removed), or when a signature fails.',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Only this document (default: all)' },
    json: { type: 'boolean', description: 'Print JSON ({ ok, versions: [{ name, hash, initials, problems }] })' },
  },
  examples: ['draftroom verify talks.draftroom', 'draftroom verify talks.draftroom --json'],
  run({ io, args }) {
    return withWorkspace(args.file(), (store) => {
      const docRef = args.string('doc');
      const report = verifyVersions(store, docRef === undefined ? undefined : store.getDocument(docRef).id);
      if (args.flag('json')) {
        io.stdout.write(toJsonText(report));
      } else {
        for (const seal of report.versions) {
          io.stdout.write(`${sealLine(seal)}\n`);
          for (const problem of seal.problems) io.stdout.write(`     ${problem.kind}: ${problem.message}\n`);
        }
        const failing = report.versions.filter((v) => v.problems.length > 0);
        io.stdout.write(
          report.versions.length === 0
            ? 'No named versions to verify.\n'
            : failing.length === 0
              ? `All ${report.versions.length} versions verify.\n`
              : `${failing.length} of ${report.versions.length} versions ${failing.length === 1 ? 'does' : 'do'} not verify: ${failing.map((v) => `"${v.name}"`).join(', ')}\n`,
        );
      }
      if (!report.ok) {
        const failing = report.versions.filter((v) => v.problems.length > 0);
        io.stderr.write(`verify: ${failing.map((v) => `"${v.documentTitle}" version "${v.name}" (${[...new Set(v.problems.map((p) => p.kind))].join(', ')})`).join('; ')} ${failing.length === 1 ? 'does' : 'do'} not match\n`);
        return EXIT_VERIFY_FAILED;
      }
      return 0;
    });
  },
};
