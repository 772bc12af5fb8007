import { extname, resolve } from 'node:path';
import type { RedlineRequest } from '../../../shared/api/contract';
import { PAPER_SIZES, REDLINE_FORMATS, type PaperSize } from '../../../shared/redline/file-name';
import { AUDIENCES, type Audience, type RedlineDocument } from '../../../shared/redline/model';
import { renderRedline } from '../../export/export-redline';
import { cliRedline } from '../cli-redline';
import type { CliCommand } from '../cli-types';
import { assertCanWriteOutput, outputFormat, writeFileAtomically } from '../output-file';
import { withWorkspace } from '../workspace-access';

function summary(model: RedlineDocument): string {
  const authors = [...new Set(model.revisions.map((r) => r.author))];
  const comments = `${model.comments.length} comment${model.comments.length === 1 ? '' : 's'}`;
  const rows = `${model.summary.rows.length} difference${model.summary.rows.length === 1 ? '' : 's'} in the summary`;
  return authors.length === 0 ? `No differences; ${comments}` : `Tracked changes by ${authors.join(', ')}; ${comments}; ${rows}`;
}

/**
 * `draftroom export <file> --doc … --out <path> [--format docx|pdf|html|md]
 * [--audience internal|external] [--paper a4|letter] [--from …] [--to …] [--force]`:
 * writes a redline. Reads the workspace only; the file is written to a
 * temporary file in the same folder and moved into place, so a killed
 * process never leaves half a file.
 */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write a redline (.docx, .pdf, .html, .md): pending suggestions, or two versions compared',
  description:
    'Without --from, the working draft with its pending suggestions as tracked changes, each by\n' +
    '"<member> (<party>)", and each change’s rationale as a Word comment. With --from, the\n' +
    'comparison of that version with --to (a version; default: the working draft): clauses\n' +
    'aligned by id, renumbered ones shown as "Point 9 (was 12)", differences attributed to the\n' +
    'change that made them. Every format ends with the change summary (grouped by party) and the\n' +
    'concordance of clause numbers. --audience external leaves out rationales, comments and member\n' +
    'names (parties only), also from the file’s metadata. Never changes the workspace; refuses to\n' +
    'overwrite --out without --force.',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    out: { type: 'string', valueName: '<path>', description: 'The file to write: .docx, .pdf, .html or .md (required)', required: true },
    format: { type: 'string', valueName: '<format>', description: 'docx, pdf, html or md (default: from --out)', choices: REDLINE_FORMATS },
    audience: { type: 'string', valueName: '<audience>', description: 'internal (default) or external (parties only)', choices: AUDIENCES },
    paper: { type: 'string', valueName: '<size>', description: 'PDF paper: a4 (default) or letter', choices: PAPER_SIZES },
    from: { type: 'string', valueName: '<version id|name>', description: 'Compare from this version' },
    to: { type: 'string', valueName: '<version id|name>', description: 'Compare to this version (default: the working draft; needs --from)' },
    force: { type: 'boolean', description: 'Overwrite --out if it exists' },
  },
  examples: [
    'draftroom export s.draftroom --doc "Peace framework" --out redline.docx',
    'draftroom export s.draftroom --doc "Peace framework" --from "U.S. 28-point draft" --to "U.S.–Ukraine 20-point proposal" --out 28-to-20.docx',
    'draftroom export s.draftroom --doc "Peace framework" --from "U.S. 28-point draft" --to "U.S.–Ukraine 20-point proposal" --audience external --out 28-to-20.pdf',
  ],
  async run({ io, args }) {
    const docRef = args.requireString('doc');
    const out = resolve(io.cwd ?? process.cwd(), args.requireString('out'));
    const overwrite = args.flag('force');
    const file = args.file();
    const format = outputFormat(out, args.string('format'));
    const audience = (args.string('audience') as Audience | undefined) ?? 'internal';
    const paper = args.string('paper') as PaperSize | undefined;
    assertCanWriteOutput(out, { extension: extname(out).toLowerCase() || `.${format}`, overwrite, workspace: file });
    const from = args.string('from');
    const to = args.string('to');
    const request: RedlineRequest = { docId: docRef, audience, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
    const built = withWorkspace(file, (store) => cliRedline(store, request));
    writeFileAtomically(out, await renderRedline(built.model, format, paper !== undefined ? { paper } : {}), overwrite);
    io.stdout.write(`Wrote ${out}\n${built.document.title}: ${built.model.description}\n${summary(built.model)}\n`);
    return 0;
  },
};
