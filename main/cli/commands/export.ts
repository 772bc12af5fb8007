import { resolve } from 'node:path';
import type { RedlineRequest } from '../../../shared/api/contract';
import { documentSnapshot } from '../../../shared/redline/document-snapshot';
import type { RedlineDocument } from '../../../shared/redline/model';
import { writeRedlineDocx } from '../../export/docx-writer';
import { buildRedline } from '../../export/export-redline';
import { fixedIdentityOf, identityOf } from '../../services/identities';
import { loadYDoc } from '../../store/document-state';
import type { WorkspaceStoreApi } from '../../store/store-types';
import type { CliCommand } from '../cli-types';
import { assertCanWriteOutput, writeFileAtomically } from '../output-file';
import { withWorkspace } from '../workspace-access';

function readWorkingDraft(store: WorkspaceStoreApi, docId: string): ReturnType<typeof documentSnapshot> {
  const ydoc = loadYDoc(store, docId);
  try {
    return documentSnapshot(ydoc);
  } finally {
    ydoc.destroy();
  }
}

function summary(model: RedlineDocument): string {
  const authors = [...new Set(model.revisions.map((r) => r.author))];
  const comments = `${model.comments.length} comment${model.comments.length === 1 ? '' : 's'}`;
  return authors.length === 0 ? `No differences; ${comments}` : `Tracked changes by ${authors.join(', ')}; ${comments}`;
}

/**
 * `draftroom export <file> --doc … --out <path.docx> [--from …] [--to …] [--force]`:
 * writes a Word redline. Reads the workspace only; the .docx is written to a
 * temporary file in the same folder and moved into place, so a killed
 * process never leaves half a file.
 */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write a Word redline (.docx): pending suggestions, or two versions compared',
  description:
    'Without --from, the working draft with its pending suggestions as tracked changes, each by\n' +
    '"<member> (<party>)", and each change’s rationale as a Word comment. With --from, the\n' +
    'comparison of that version with --to (a version; default: the working draft): clauses\n' +
    'aligned by id, renumbered ones shown as "Point 9 (was 12)", differences attributed to the\n' +
    'change that made them. Never changes the workspace; refuses to overwrite --out without --force.',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    out: { type: 'string', valueName: '<path.docx>', description: 'The .docx file to write (required)', required: true },
    from: { type: 'string', valueName: '<version id|name>', description: 'Compare from this version' },
    to: { type: 'string', valueName: '<version id|name>', description: 'Compare to this version (default: the working draft; needs --from)' },
    force: { type: 'boolean', description: 'Overwrite --out if it exists' },
  },
  examples: [
    'draftroom export s.draftroom --doc "Peace framework" --out redline.docx',
    'draftroom export s.draftroom --doc "Peace framework" --from "U.S. 28-point draft" --to "U.S.–Ukraine 20-point proposal" --out 28-to-20.docx',
  ],
  async run({ io, args }) {
    const docRef = args.requireString('doc');
    const out = resolve(io.cwd ?? process.cwd(), args.requireString('out'));
    const overwrite = args.flag('force');
    const file = args.file();
    assertCanWriteOutput(out, { extension: '.docx', overwrite, workspace: file });
    const from = args.string('from');
    const to = args.string('to');
    const built = withWorkspace(file, (store) => {
      // "Exported by" names a member only where the file fixes one (a workspace bound to a team server).
      const bound = fixedIdentityOf(store)?.memberId;
      const request: RedlineRequest = { docId: docRef, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
      return buildRedline(
        {
          store,
          readWorkingDraft: (docId) => readWorkingDraft(store, docId),
          exportedBy: (bound != null ? identityOf(store, bound) : undefined) ?? null,
        },
        request,
      );
    });
    writeFileAtomically(out, await writeRedlineDocx(built.model), overwrite);
    io.stdout.write(`Wrote ${out}\n${built.document.title}: ${built.model.description}\n${summary(built.model)}\n`);
    return 0;
  },
};
