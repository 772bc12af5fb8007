import type { CliCommand } from '../cli-types';
import { formatTable, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/**
 * `draftroom info <file> [--json]`: workspace id, name, schema version,
 * parties, members, and the recorded identity switches (who switched from
 * whom to whom, when).
 */
export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Show a workspace: id, name, schema version, parties, members and identity switches',
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
      const nameOf = new Map(members.map((m) => [m.id, m.name]));
      const switches = store.listIdentitySwitches().map((s) => ({
        at: s.at,
        from: s.fromMemberId === null ? null : { id: s.fromMemberId, name: nameOf.get(s.fromMemberId) ?? s.fromMemberId },
        to: { id: s.toMemberId, name: nameOf.get(s.toMemberId) ?? s.toMemberId },
      }));
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
            identitySwitches: switches,
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
      io.stdout.write(`\nIdentity switches (${switches.length})\n`);
      if (switches.length > 0) {
        io.stdout.write(formatTable(['at', 'from', 'to'], switches.map((s) => [s.at, s.from?.name ?? '(nobody)', s.to.name])));
      }
      return 0;
    });
  },
};
