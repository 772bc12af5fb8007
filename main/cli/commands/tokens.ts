import type { CliCommand } from '../cli-types';
import { findMemberByRef, memberJson } from '../member-ref';
import { formatTable, shortTime, toJsonText } from '../text-table';
import { DATABASE_OPTIONS, FILE_OR_DATABASE, withAdminStore } from '../admin-store';

/** `draftroom token create <file> --member <id|name> [--json]`: prints a new token once. */
export const tokenCreateCommand: CliCommand = {
  name: 'token create',
  summary: 'Make an access token for a member (printed once; only its hash is kept)',
  description:
    'Whoever holds the token acts as that member on the team server ("draftroom serve"), with the\nmember\'s role and party. It opens this workspace only. Revoke it with "draftroom token revoke".',
  positionals: [FILE_OR_DATABASE],
  options: {
    member: { type: 'string', valueName: '<id|name>', description: 'The member the token acts as (required)', required: true },
    json: { type: 'boolean', description: 'Print JSON (the token is in "token")' },
    ...DATABASE_OPTIONS,
  },
  examples: ['draftroom token create talks.draftroom --member "Olena Koval"'],
  run({ io, args }) {
    const ref = args.requireString('member');
    return withAdminStore(
      args,
      async (store) => {
        const member = await findMemberByRef(store, ref);
        const issued = await store.createToken(member.id);
        if (args.flag('json')) {
          io.stdout.write(
            toJsonText({ id: issued.token.id, member: memberJson(member, await store.listParties()), createdAt: issued.token.createdAt, token: issued.secret }),
          );
        } else {
          io.stdout.write(
            `Token ${issued.token.id} for ${member.name} (${member.role}):\n\n  ${issued.secret}\n\n` +
              'It is shown only now; the workspace keeps only a hash of it. Send it to the member over a\nprivate channel.\n',
          );
        }
        return 0;
      },
      { writes: true },
    );
  },
};

/** `draftroom token list <file> [--json]`. */
export const tokenListCommand: CliCommand = {
  name: 'token list',
  summary: 'List access tokens: member, created, last used, revoked (never the secrets)',
  positionals: [FILE_OR_DATABASE],
  options: { json: { type: 'boolean', description: 'Print JSON' }, ...DATABASE_OPTIONS },
  run({ io, args }) {
    return withAdminStore(args, async (store) => {
      const tokens = await store.listTokens();
      const members = await store.listMembers();
      const parties = await store.listParties();
      const rows = tokens.map((t) => {
        const member = members.find((m) => m.id === t.memberId);
        return { token: t, member };
      });
      if (args.flag('json')) {
        io.stdout.write(
          toJsonText(
            rows.map(({ token, member }) => ({
              id: token.id,
              member: member ? memberJson(member, parties) : { id: token.memberId },
              createdAt: token.createdAt,
              lastUsedAt: token.lastUsedAt,
              revokedAt: token.revokedAt,
            })),
          ),
        );
        return 0;
      }
      if (rows.length === 0) {
        io.stdout.write('No tokens yet (make one: draftroom token create <file> --member …)\n');
        return 0;
      }
      io.stdout.write(
        formatTable(
          ['id', 'member', 'role', 'created', 'last used', 'revoked'],
          rows.map(({ token, member }) => [
            token.id,
            member?.name ?? token.memberId,
            member?.role ?? '?',
            shortTime(token.createdAt),
            shortTime(token.lastUsedAt) || 'never',
            shortTime(token.revokedAt) || '-',
          ]),
        ),
      );
      return 0;
    });
  },
};

/** `draftroom token revoke <file> <token-id>`. */
export const tokenRevokeCommand: CliCommand = {
  name: 'token revoke',
  summary: "Revoke an access token; a running team server closes its connections within a second",
  positionals: [FILE_OR_DATABASE, { name: 'token-id', description: 'The token id (see: draftroom token list)' }],
  options: { json: { type: 'boolean', description: 'Print the token as JSON' }, ...DATABASE_OPTIONS },
  run({ io, args }) {
    const id = args.positionals[args.positionals.length - 1]!.trim();
    return withAdminStore(
      args,
      async (store) => {
        const token = await store.revokeToken(id);
        const member = await store.getMember(token.memberId);
        if (args.flag('json')) io.stdout.write(toJsonText(token));
        else io.stdout.write(`Revoked token ${token.id} of ${member?.name ?? token.memberId} (at ${token.revokedAt})\n`);
        return 0;
      },
      { writes: true },
    );
  },
};
