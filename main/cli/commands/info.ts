import type { CliCommand } from '../cli-types';
import { formatTable, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/** `draftroom info <file> [--json]`: workspace id, name, schema version, parties, members. */
export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Show a workspace: id, name, schema version, parties and members',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: { json: { type: 'boolean', description: 'Print JSON' } },
  run({ io, args }) {
    const file = args.file();
    return withWorkspace(file, (store) => {
      const meta = store.meta();
      const parties = store.listParties();
      const byId = new Map(parties.map((p) => [p.id, p]));
      const members = store.listMembers().map((m) => {
        const party = byId.get(m.partyId);
        return {
          id: m.id,
          name: m.name,
          role: m.role,
          party: { id: m.partyId, name: party?.name ?? m.partyId, code: party?.code ?? '?' },
        };
      });
      if (args.flag('json')) {
        io.stdout.write(
          toJsonText({
            id: meta.id,
            name: meta.name,
            schemaVersion: meta.schemaVersion,
            createdAt: meta.createdAt,
            path: file,
            parties: parties.map((p) => ({ id: p.id, name: p.name, code: p.code, colour: p.colour })),
            members,
          }),
        );
        return 0;
      }
      const lines = [
        `Workspace  ${meta.name}`,
        `Id         ${meta.id}`,
        `Schema     ${meta.schemaVersion}`,
        `Created    ${meta.createdAt}`,
        `File       ${file}`,
        '',
        `Parties (${parties.length})`,
      ];
      io.stdout.write(lines.join('\n') + '\n');
      if (parties.length > 0) {
        io.stdout.write(formatTable(['code', 'name', 'colour', 'id'], parties.map((p) => [p.code, p.name, p.colour, p.id])));
      }
      io.stdout.write(`\nMembers (${members.length})\n`);
      if (members.length > 0) {
        io.stdout.write(
          formatTable(['name', 'party', 'role', 'id'], members.map((m) => [m.name, m.party.code, m.role, m.id])),
        );
      }
      return 0;
    });
  },
};
