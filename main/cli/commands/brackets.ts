import { bracketReport, historyPoint, type BracketReport } from '../../../shared/negotiation/bracket-report';
import type { CliCommand } from '../cli-types';
import { workingDraft, ydocFromState } from '../draft-views';
import { formatTable, shortTime, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describe(title: string, report: BracketReport): string {
  const out: string[] = [`"${title}": ${plural(report.brackets, 'open bracket')}, ${plural(report.alternatives, 'alternative')}`];
  if (report.byParty.length > 0) {
    out.push('', 'By party:');
    out.push(
      formatTable(
        ['party', 'brackets', 'alternatives'],
        report.byParty.map((p) => [p.party ? `${p.party.name} (${p.party.code})` : '(unknown)', String(p.brackets), String(p.alternatives)]),
      ).trimEnd(),
    );
  }
  for (const bracket of report.open) {
    out.push('', `Point ${bracket.point}: bracket opened by ${bracket.openedBy}${bracket.party ? ` (${bracket.party.code})` : ''} ${shortTime(bracket.openedAt)}`);
    for (const alt of bracket.alternatives) {
      out.push(`  Alt ${alt.number} — ${alt.party?.name ?? '(unknown party)'}: ${alt.text}`);
      out.push(alt.rationale ? `    Why: ${alt.rationale}` : '    Why: (no rationale yet)');
    }
  }
  if (report.closed.length > 0) {
    out.push('', 'Closed:');
    for (const closed of report.closed) {
      const how = closed.chosen === null ? 'agreed new wording' : `Alt ${closed.chosen} chosen`;
      out.push(`  ${how} by ${closed.closedBy} ${shortTime(closed.closedAt)}: ${closed.text}`);
      closed.alternatives.forEach((a, i) => out.push(`    was Alt ${i + 1} — ${a.party?.name ?? '(unknown party)'}: ${a.text}`));
    }
  }
  out.push('', 'Over time:');
  out.push(
    formatTable(
      ['version', 'taken', 'brackets', 'alternatives'],
      report.history.map((h) => [h.name, shortTime(h.createdAt), String(h.brackets), String(h.alternatives)]),
    ).trimEnd(),
  );
  return out.join('\n') + '\n';
}

/** `draftroom brackets <file> --doc … [--json]`: open brackets, counts per party and clause, and their history across named versions. */
export const bracketsCommand: CliCommand = {
  name: 'brackets',
  summary: 'Count a document’s open brackets and alternatives (per party, per clause, over named versions)',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    json: { type: 'boolean', description: 'Print JSON (brackets, alternatives, byParty, byClause, open, closed, history)' },
  },
  examples: ['draftroom brackets s.draftroom --doc "Peace framework"', 'draftroom brackets s.draftroom --doc "Peace framework" --json'],
  run({ io, args }) {
    const docRef = args.requireString('doc');
    return withWorkspace(args.file(), (store) => {
      const document = store.getDocument(docRef);
      const history = store.listVersions(document.id).map((v) => {
        const ydoc = ydocFromState(store.getVersion(document.id, v.id).state);
        try {
          return historyPoint(v.name, v.createdAt, ydoc);
        } finally {
          ydoc.destroy();
        }
      });
      const draft = workingDraft(store, document);
      const now = historyPoint('Working draft', new Date().toISOString(), draft.ydoc);
      const report = bracketReport(draft.ydoc, { parties: store.listParties(), members: store.listMembers() }, [...history, now]);
      io.stdout.write(args.flag('json') ? toJsonText({ document: { id: document.id, title: document.title }, ...report }) : describe(document.title, report));
      return 0;
    });
  },
};
