import { positionMatrix } from '../../../shared/negotiation/position-matrix';
import { clauseAgreements, packageStatuses, readPackages } from '../../../shared/negotiation/packages';
import { readPositions } from '../../../shared/negotiation/positions';
import type { CliCommand } from '../cli-types';
import { workingDraft } from '../draft-views';
import { toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/** `draftroom packages <file> --doc … [--json]`: packages, their clauses, and which clauses a package holds back. */
export const packagesCommand: CliCommand = {
  name: 'packages',
  summary: 'List a document’s packages (clauses agreed only together) and which points they hold',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    json: { type: 'boolean', description: 'Print JSON (packages with clauses and agreed; held: clauses agreed by all but held by a package)' },
  },
  examples: ['draftroom packages s.draftroom --doc "Peace framework"'],
  run({ io, args }) {
    const docRef = args.requireString('doc');
    return withWorkspace(args.file(), (store) => {
      const document = store.getDocument(docRef);
      const draft = workingDraft(store, document);
      const rows = positionMatrix(draft.doc, readPositions(draft.ydoc), store.listParties(), store.listMembers());
      const statuses = packageStatuses(readPackages(draft.ydoc), rows);
      const agreements = clauseAgreements(rows, statuses);
      const held = rows
        .filter((r) => (agreements.get(r.clauseId)?.heldBy.length ?? 0) > 0)
        .map((r) => ({ clauseId: r.clauseId, point: r.point, heading: r.heading, heldBy: agreements.get(r.clauseId)!.heldBy }));
      if (args.flag('json')) {
        io.stdout.write(toJsonText({ document: { id: document.id, title: document.title }, packages: statuses, held }));
        return 0;
      }
      if (statuses.length === 0) {
        io.stdout.write(`No packages in "${document.title}".\n`);
        return 0;
      }
      const out: string[] = [];
      for (const p of statuses) {
        out.push(`${p.name}: ${p.agreed ? 'agreed (every clause agreed by every party)' : 'not agreed'}`);
        for (const c of p.clauses) out.push(`  Point ${c.point} ${c.heading}: ${c.agreedByAll ? 'agreed by all' : 'not agreed by all'}`);
      }
      out.push('', held.length === 0 ? 'No point is held by a package.' : 'Held by a package (agreed by all on its own, not yet counted as agreed):');
      for (const h of held) out.push(`  Point ${h.point} ${h.heading} — held by ${h.heldBy.join(', ')}`);
      io.stdout.write(out.join('\n') + '\n');
      return 0;
    });
  },
};
