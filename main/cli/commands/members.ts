import { MEMBER_ROLES, type MemberRole } from '../../../shared/domain/types';
import type { CliCommand } from '../cli-types';
import { findMemberByRef, findPartyByRef, memberJson } from '../member-ref';
import { formatTable, toJsonText } from '../text-table';
import { DATABASE_OPTIONS, FILE_OR_DATABASE, withAdminStore } from '../admin-store';

/** `draftroom members <file> [--json]`: who is in the workspace, with their party and role. */
export const membersCommand: CliCommand = {
  name: 'members',
  summary: 'List the members of a workspace with their party and role',
  positionals: [FILE_OR_DATABASE],
  options: { json: { type: 'boolean', description: 'Print JSON' }, ...DATABASE_OPTIONS },
  run({ io, args }) {
    return withAdminStore(args, async (store) => {
      const parties = await store.listParties();
      const members = await store.listMembers();
      if (args.flag('json')) {
        io.stdout.write(toJsonText(members.map((m) => memberJson(m, parties))));
        return 0;
      }
      if (members.length === 0) {
        io.stdout.write('No members yet (add one: draftroom member add <file> --name … --party … --role …)\n');
        return 0;
      }
      const code = (partyId: string): string => parties.find((p) => p.id === partyId)?.code ?? '?';
      io.stdout.write(formatTable(['name', 'party', 'role', 'id'], members.map((m) => [m.name, code(m.partyId), m.role, m.id])));
      return 0;
    });
  },
};

/** `draftroom member add <file> --name … --party … --role … [--json]`. */
export const memberAddCommand: CliCommand = {
  name: 'member add',
  summary: 'Add a member to a party of the workspace',
  description: 'The team server enforces the role: leads decide and edit directly, drafters and suggesters propose\n(tracked), observers only read. Give the member a token with "draftroom token create".',
  positionals: [FILE_OR_DATABASE],
  options: {
    name: { type: 'string', valueName: '<name>', description: 'Full name (required)', required: true },
    party: { type: 'string', valueName: '<name|code>', description: 'Their party (required)', required: true },
    role: { type: 'string', valueName: '<role>', description: 'Their role (required)', required: true, choices: MEMBER_ROLES },
    json: { type: 'boolean', description: 'Print the new member as JSON' },
    ...DATABASE_OPTIONS,
  },
  examples: [
    'draftroom member add talks.draftroom --name "Olena Koval" --party UA --role drafter',
    'draftroom member add --database postgres://db.example/draftroom --workspace <id> --name "Olena Koval" --party UA --role drafter',
  ],
  run({ io, args }) {
    const name = args.requireString('name').trim();
    const partyRef = args.requireString('party');
    const role = args.requireString('role') as MemberRole;
    return withAdminStore(
      args,
      async (store) => {
        const party = await findPartyByRef(store, partyRef);
        const member = await store.addMember({ name, partyId: party.id, role });
        if (args.flag('json')) io.stdout.write(toJsonText(memberJson(member, await store.listParties())));
        else io.stdout.write(`Added ${member.name} (${party.name}) as ${role}; id ${member.id}\n`);
        return 0;
      },
      { writes: true },
    );
  },
};

/** `draftroom member set-role <file> --member <id|name> --role <role>`. */
export const memberSetRoleCommand: CliCommand = {
  name: 'member set-role',
  summary: "Change a member's role (a running team server applies it to their next update)",
  positionals: [FILE_OR_DATABASE],
  options: {
    member: { type: 'string', valueName: '<id|name>', description: 'The member (required)', required: true },
    role: { type: 'string', valueName: '<role>', description: 'Their new role (required)', required: true, choices: MEMBER_ROLES },
    json: { type: 'boolean', description: 'Print the member as JSON' },
    ...DATABASE_OPTIONS,
  },
  examples: ['draftroom member set-role talks.draftroom --member "Olena Koval" --role observer'],
  run({ io, args }) {
    const ref = args.requireString('member');
    const role = args.requireString('role') as MemberRole;
    return withAdminStore(
      args,
      async (store) => {
        const before = await findMemberByRef(store, ref);
        const member = await store.setMemberRole(before.id, role);
        if (args.flag('json')) io.stdout.write(toJsonText(memberJson(member, await store.listParties())));
        else io.stdout.write(`${member.name} is now ${role === 'observer' ? 'an' : 'a'} ${role} (was ${before.role})\n`);
        return 0;
      },
      { writes: true },
    );
  },
};
