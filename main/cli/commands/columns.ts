import { extname, resolve } from 'node:path';
import { DraftroomError } from '../../../shared/api/errors';
import { parseColumnRefs } from '../../../shared/columns/column-ref';
import { renderColumnsMarkdown } from '../../../shared/columns/render-columns-markdown';
import { REDLINE_FORMATS } from '../../../shared/redline/file-name';
import { buildColumns, renderColumns } from '../../export/export-columns';
import { readStoredDraft } from '../cli-redline';
import type { CliCommand } from '../cli-types';
import { assertCanWriteOutput, outputFormat, writeFileAtomically } from '../output-file';
import { withWorkspace } from '../workspace-access';

/**
 * `draftroom columns <file> --doc … --versions a,b,c [--format docx|pdf|html|md] [--out <path>] [--force]`:
 * the four-column text. Without --out, prints the Markdown table.
 */
export const columnsCommand: CliCommand = {
  name: 'columns',
  summary: 'The four-column text: versions or documents side by side, aligned by point, differences from the first marked',
  description:
    'Each column is a named version of --doc (by name or id), its working draft ("working" or\n' +
    '"@draft"), or a version or working draft of another document written <document>::<version>\n' +
    '(e.g. "European 6-point framework::working"). Rows are aligned by clause id, then by\n' +
    'heading (text breaks ties) for clauses that share no id, then the re-alignments saved with\n' +
    '"draftroom columns align" are applied. Each column’s differences from the first are marked:\n' +
    'inserted words underlined, deleted words struck through, "— no counterpart" where a column\n' +
    'lacks the point, "new" where the first column does. Columns show the text without pending\n' +
    'suggestions, with open brackets printed. Writes a landscape table (.docx, .pdf, .html, .md);\n' +
    'without --out prints the Markdown. Never changes the workspace.',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document the columns are of (required)', required: true },
    versions: { type: 'string', valueName: '<a,b,c>', description: 'Columns, comma-separated, first = the one compared with (required)', required: true },
    out: { type: 'string', valueName: '<path>', description: 'The file to write: .docx, .pdf, .html or .md (default: print Markdown)' },
    format: { type: 'string', valueName: '<format>', description: 'docx, pdf, html or md (default: from --out)', choices: REDLINE_FORMATS },
    force: { type: 'boolean', description: 'Overwrite --out if it exists' },
  },
  examples: [
    'draftroom columns s.draftroom --doc "Peace framework" --versions "U.S. 28-point draft,U.S.–Ukraine 20-point proposal,Russian counter-draft,working" --out four-columns.docx',
    'draftroom columns s.draftroom --doc "Peace framework" --versions "U.S.–Ukraine 20-point proposal,European 6-point framework::European 6-point framework" --format md',
  ],
  async run({ io, args }) {
    const docRef = args.requireString('doc');
    const columns = parseColumnRefs(args.requireString('versions'));
    const file = args.file();
    const outArg = args.string('out');
    const overwrite = args.flag('force');
    if (outArg === undefined) {
      if (args.string('format') !== undefined && args.string('format') !== 'md') throw new DraftroomError('invalid-argument', `--format ${args.string('format')} needs --out <path>`);
      const table = withWorkspace(file, (store) => buildColumns({ store, readWorkingDraft: (id) => readStoredDraft(store, id) }, { docId: docRef, columns }));
      io.stdout.write(renderColumnsMarkdown(table));
      return 0;
    }
    const out = resolve(io.cwd ?? process.cwd(), outArg);
    const format = outputFormat(out, args.string('format'));
    assertCanWriteOutput(out, { extension: extname(out).toLowerCase() || `.${format}`, overwrite, workspace: file });
    const table = withWorkspace(file, (store) => buildColumns({ store, readWorkingDraft: (id) => readStoredDraft(store, id) }, { docId: docRef, columns }));
    writeFileAtomically(out, await renderColumns(table, format), overwrite);
    io.stdout.write(`Wrote ${out}\n${table.title}: ${table.columns.map((c) => c.title).join(' | ')}\n${table.rows.length} rows, ${table.differingRows} differing from the first column\n`);
    return 0;
  },
};
