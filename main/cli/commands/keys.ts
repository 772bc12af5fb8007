import { resolve } from 'node:path';
import { DraftroomError } from '../../../shared/api/errors';
import { keyFingerprint, newKeyPair } from '../../services/member-keys';
import type { CliCommand } from '../cli-types';
import { resolveMember } from '../deciding-member';
import { assertCanWriteKeyFile, removeKeyFile, writeKeyFile } from '../key-file';
import { formatTable, shortTime, toJsonText } from '../text-table';
import { withWorkspace } from '../workspace-access';

/**
 * `draftroom key create <file> --as <member> --out <key file>`: makes a
 * member's Ed25519 key pair, writes the private key to its own file (PEM,
 * mode 0600, outside the workspace) and records the public key in the
 * workspace. A member has one key, never replaced.
 */
export const keyCreateCommand: CliCommand = {
  name: 'key create',
  summary: 'Make a member’s signing key: private key file (0600) outside the workspace, public key recorded in it',
  description:
    'The private key file is what "draftroom initial --key" and the app\'s "Initial this version…" read;\n' +
    'keep it private and outside the workspace (it is never copied into it). The workspace records only\n' +
    'the public key and prints its fingerprint, to compare with the member out of band. A member has one\n' +
    'key; it is never replaced (initials made with it would no longer verify).',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: {
    as: { type: 'string', valueName: '<member>', description: 'Whose key (id or name; required unless the workspace is bound to a team server)' },
    out: { type: 'string', valueName: '<key file>', description: 'Where to write the private key (must not exist; required)', required: true },
    json: { type: 'boolean', description: 'Print JSON (member, keyFile, fingerprint, publicKey)' },
  },
  examples: ['draftroom key create talks.draftroom --as "Olena Koval" --out ~/keys/olena.pem'],
  run({ io, args }) {
    const out = resolve(io.cwd ?? process.cwd(), args.requireString('out'));
    const file = args.file();
    assertCanWriteKeyFile(out, file);
    return withWorkspace(file, (store) => {
      const { member, party } = resolveMember(store, args.string('as'), args.command, 'whose key it is');
      const existing = store.getMemberKey(member.id);
      if (existing) {
        throw new DraftroomError('conflict', `${member.name} already has a recorded key (${keyFingerprint(existing.publicKeyPem)}); a key is never replaced`);
      }
      const pair = newKeyPair();
      writeKeyFile(out, pair.privateKeyPem);
      let recorded;
      try {
        recorded = store.addMemberKey({ memberId: member.id, publicKeyPem: pair.publicKeyPem });
      } catch (error) {
        removeKeyFile(out);
        throw error;
      }
      const fingerprint = keyFingerprint(recorded.publicKeyPem);
      if (args.flag('json')) {
        io.stdout.write(toJsonText({ member: { id: member.id, name: member.name, party: party.code }, keyFile: out, fingerprint, publicKey: recorded.publicKeyPem }));
      } else {
        io.stdout.write(
          `Made a key for ${member.name} (${party.name}): ${fingerprint}\n` +
            `Private key: ${out} (mode 0600; keep it private, outside the workspace)\n` +
            `The workspace records the public key; initial with: draftroom initial ${JSON.stringify(file)} --doc … --version … --as ${JSON.stringify(member.name)} --key ${JSON.stringify(out)}\n`,
        );
      }
      return 0;
    }, { writes: true });
  },
};

/** A key's fingerprint, or a note that the recorded key is damaged (the list still shows the others). */
function fingerprintOrDamage(publicKeyPem: string): string {
  try {
    return keyFingerprint(publicKeyPem);
  } catch {
    return '(damaged: not a readable public key)';
  }
}

/** `draftroom key list <file> [--json]`: members' recorded public keys and fingerprints. */
export const keyListCommand: CliCommand = {
  name: 'key list',
  summary: 'List members’ recorded public keys with their fingerprints',
  positionals: [{ name: 'file', description: 'Workspace file' }],
  options: { json: { type: 'boolean', description: 'Print JSON' } },
  run({ io, args }) {
    return withWorkspace(args.file(), (store) => {
      const parties = store.listParties();
      const rows = store.listMemberKeys().map((key) => {
        const member = store.getMember(key.memberId);
        const party = parties.find((p) => p.id === member?.partyId);
        return { memberId: key.memberId, member: member?.name ?? key.memberId, party: party?.code ?? '', fingerprint: fingerprintOrDamage(key.publicKeyPem), createdAt: key.createdAt, publicKey: key.publicKeyPem };
      });
      if (args.flag('json')) io.stdout.write(toJsonText(rows));
      else if (rows.length === 0) io.stdout.write('No member keys yet (make one: draftroom key create <file> --as … --out …)\n');
      else io.stdout.write(formatTable(['member', 'party', 'fingerprint', 'recorded'], rows.map((r) => [r.member, r.party, r.fingerprint, shortTime(r.createdAt)])));
      return 0;
    });
  },
};
