import { DraftroomError } from '../../shared/api/errors';
import type { Identity, Member } from '../../shared/domain/types';
import { mayDecide } from '../../shared/suggest/decide';
import { fixedIdentityOf, identityOf, mayEditDocuments } from '../services/identities';
import type { WorkspaceStoreApi } from '../store/store-types';

function findMember(store: WorkspaceStoreApi, ref: string, command: string): Member {
  const byId = store.getMember(ref);
  if (byId) return byId;
  const wanted = ref.trim().toLowerCase();
  const named = store.listMembers().filter((m) => m.name.toLowerCase() === wanted);
  if (named.length > 1) {
    throw new DraftroomError(
      'invalid-argument',
      `${named.length} members are called "${ref}"; give --as one of their ids: ${named.map((m) => m.id).join(', ')}`,
    );
  }
  if (named.length === 0) {
    throw new DraftroomError('unknown-member', `unknown member "${ref}" (see: draftroom info <file>; then draftroom ${command} … --as <member id|name>)`);
  }
  return named[0]!;
}

function describeRole(identity: Identity): string {
  return `${identity.member.name} (${identity.party.name}) is ${identity.member.role === 'observer' ? 'an' : 'a'} ${identity.member.role}`;
}

/**
 * The member a command acts as: the one `--as` names (id or name), or else,
 * on a workspace bound to a team server, the binding's member. The file
 * does not remember a member for everyone, so an unbound workspace needs
 * `--as`. On a bound workspace `--as` may only name the binding's member.
 * Throws `unknown-member`, `unknown-party`, `forbidden` or `invalid-argument`
 * (`missing` says what to give). Reads only.
 */
function actingMember(store: WorkspaceStoreApi, asRef: string | undefined, command: string, missing: string): Identity {
  const fixed = fixedIdentityOf(store);
  const bound = fixed?.memberId == null ? undefined : identityOf(store, fixed.memberId);
  if (asRef === undefined) {
    if (bound) return bound;
    throw new DraftroomError('invalid-argument', `say ${missing} with --as <member id|name>`);
  }
  const member = findMember(store, asRef, command);
  const identity = identityOf(store, member.id);
  if (!identity) throw new DraftroomError('unknown-party', `member "${member.name}" belongs to no known party`);
  if (fixed !== null && fixed.memberId !== member.id) {
    const as = bound ? `${bound.member.name} (${bound.party.name})` : 'a member this file does not know';
    throw new DraftroomError('forbidden', `forbidden: this workspace is bound to the team server ${fixed.serverUrl} as ${as}; it acts only as that member`);
  }
  return identity;
}

/**
 * Who decides in `draftroom accept|reject`: the member named by `--as` (id
 * or name, case-insensitive), or on a workspace bound to a team server the
 * binding's member; either must be a lead. Throws `unknown-member`,
 * `forbidden` (not a lead, or not the binding's member) or
 * `invalid-argument` (no `--as` on an unbound workspace). Reads only.
 */
export function resolveDecider(store: WorkspaceStoreApi, asRef: string | undefined, command: string): Identity {
  const identity = actingMember(store, asRef, command, 'who decides (a lead)');
  if (!mayDecide(identity)) {
    throw new DraftroomError('forbidden', `forbidden: ${describeRole(identity)}; only a lead may accept or reject changes`);
  }
  return identity;
}

/**
 * Who writes in `draftroom save-version`: the member named by `--as` (id or
 * name), or on a workspace bound to a team server the binding's member, who
 * must be allowed to edit (a lead, drafter or suggester; not an observer).
 * Throws `unknown-member`, `forbidden` or `invalid-argument`. Reads only.
 */
export function resolveAuthor(store: WorkspaceStoreApi, asRef: string | undefined, command: string, missing = 'who saves the version'): Identity {
  const identity = actingMember(store, asRef, command, missing);
  if (!mayEditDocuments(identity)) throw new DraftroomError('forbidden', `forbidden: ${describeRole(identity)} and may only read`);
  return identity;
}

/**
 * Who acts in `draftroom key create` and `draftroom initial`: the member
 * named by `--as` (id or name), or on a workspace bound to a team server
 * the binding's member. Any role (an observer may initial what they read).
 * Throws `unknown-member`, `forbidden` or `invalid-argument`. Reads only.
 */
export function resolveMember(store: WorkspaceStoreApi, asRef: string | undefined, command: string, missing: string): Identity {
  return actingMember(store, asRef, command, missing);
}
