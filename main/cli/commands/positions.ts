import { DraftroomError } from '../../../shared/api/errors';
import { filterPositions, positionMatrix, type PositionFilter } from '../../../shared/negotiation/position-matrix';
import { STANCES, type Stance } from '../../../shared/negotiation/position-schema';
import { positionsCsv, positionsMarkdown, cellLabel } from '../../../shared/negotiation/position-table';
import { readPositions } from '../../../shared/negotiation/positions';
import type { CliCommand } from '../cli-types';
import { workingDraft } from '../draft-views';
import { formatTable, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

const FORMATS = ['text', 'md', 'csv'] as const;

/** `draftroom positions <file> --doc … [--party … --stance …] [--agreed-by-all] [--stale] [--json | --format md|csv]`. */
export const positionsCommand: CliCommand = {
  name: 'positions',
  summary: 'Where each party stands on each clause (agreed / can accept / reserves / rejects; stale when the text changed)',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    doc: { type: 'string', valueName: '<id|title>', description: 'Document, by id or title (required)', required: true },
    party: { type: 'string', valueName: '<name|code>', description: 'With --stance: only clauses where this party takes it' },
    stance: { type: 'string', valueName: '<stance>', description: 'With --party: agreed, can-accept, reserves or rejects', choices: STANCES },
    'agreed-by-all': { type: 'boolean', description: 'Only clauses every party has agreed (positions not stale)' },
    stale: { type: 'boolean', description: 'Only clauses with a stale position' },
    json: { type: 'boolean', description: 'Print JSON (one row per clause: point, clauseId, heading, agreedByAll, cells per party)' },
    format: { type: 'string', valueName: '<format>', description: 'text (default), md or csv', choices: FORMATS },
  },
  examples: [
    'draftroom positions s.draftroom --doc "Peace framework"',
    'draftroom positions s.draftroom --doc "Peace framework" --party RU --stance rejects',
    'draftroom positions s.draftroom --doc "Peace framework" --format csv > positions.csv',
  ],
  run({ io, args }) {
    const docRef = args.requireString('doc');
    const partyRef = args.string('party');
    const stance = args.string('stance') as Stance | undefined;
    const format = (args.string('format') ?? 'text') as (typeof FORMATS)[number];
    if ((partyRef === undefined) !== (stance === undefined)) throw new DraftroomError('invalid-argument', '--party and --stance go together ("where Russia rejects": --party RU --stance rejects)');
    if (args.flag('json') && args.string('format') !== undefined) throw new DraftroomError('invalid-argument', 'choose --json or --format, not both');
    return withWorkspace(args.file(), (store) => {
      const document = store.getDocument(docRef);
      const parties = store.listParties();
      let filter: PositionFilter = { kind: 'all' };
      if (partyRef !== undefined) {
        const party = store.findParty(partyRef);
        if (!party) throw new DraftroomError('unknown-party', `unknown party "${partyRef}" (parties: ${parties.map((p) => p.code).join(', ') || 'none'})`);
        filter = { kind: 'party-stance', partyId: party.id, stance: stance! };
      } else if (args.flag('agreed-by-all')) filter = { kind: 'agreed-by-all' };
      else if (args.flag('stale')) filter = { kind: 'stale' };
      const draft = workingDraft(store, document);
      const rows = filterPositions(positionMatrix(draft.doc, readPositions(draft.ydoc), parties, store.listMembers()), filter);
      if (args.flag('json')) {
        const name = new Map(parties.map((p) => [p.id, { id: p.id, name: p.name, code: p.code }]));
        io.stdout.write(toJsonText(rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, party: name.get(c.partyId) })) }))));
      } else if (format === 'md') {
        io.stdout.write(positionsMarkdown(rows, parties));
      } else if (format === 'csv') {
        io.stdout.write(positionsCsv(rows, parties));
      } else if (rows.length === 0) {
        io.stdout.write('No matching clauses.\n');
      } else {
        io.stdout.write(formatTable(['point', 'clause', ...parties.map((p) => p.code)], rows.map((r) => [String(r.point), r.heading, ...r.cells.map(cellLabel)])));
      }
      return 0;
    });
  },
};
