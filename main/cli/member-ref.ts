import { DraftroomError } from '../../shared/api/errors';
import type { Member, Party } from '../../shared/domain/types';
import type { ServerStore } from '../store/server-store';

/**
 * The member a `--member <id|name>` flag names: by id, else by name
 * (case-insensitive). `unknown-member` if none, `invalid-argument` if the
 * name is shared (then give the id).
 */
export async function findMemberByRef(store: ServerStore, ref: string): Promise<Member> {
  const byId = await store.getMember(ref.trim());
  if (byId) return byId;
  const wanted = ref.trim().toLowerCase();
  const named = (await store.listMembers()).filter((m) => m.name.toLowerCase() === wanted);
  if (named.length > 1) {
    throw new DraftroomError('invalid-argument', `${named.length} members are called "${ref}"; give one of their ids: ${named.map((m) => m.id).join(', ')}`);
  }
  if (named.length === 0) throw new DraftroomError('unknown-member', `unknown member "${ref}" (see: draftroom members)`);
  return named[0]!;
}

/** The party a `--party <name|code>` flag names; `unknown-party` (listing the parties) if none. */
export async function findPartyByRef(store: ServerStore, ref: string): Promise<Party> {
  const party = await store.findParty(ref.trim());
  if (party) return party;
  const known = (await store.listParties()).map((p) => `${p.code} (${p.name})`).join(', ') || 'none';
  throw new DraftroomError('unknown-party', `unknown party "${ref}" (parties: ${known})`);
}

/** A member as the CLI prints it in JSON: with their party's name and code. */
export function memberJson(member: Member, parties: readonly Party[]): Record<string, unknown> {
  const party = parties.find((p) => p.id === member.partyId);
  return {
    id: member.id,
    name: member.name,
    role: member.role,
    party: { id: member.partyId, name: party?.name ?? member.partyId, code: party?.code ?? '?' },
  };
}
