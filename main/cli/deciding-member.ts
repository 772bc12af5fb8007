import { DraftroomError } from '../../shared/api/errors';
import type { Identity, Member } from '../../shared/domain/types';
import { mayDecide } from '../../shared/suggest/decide';
import { IDENTITY_PREFERENCE, identityOf, mayEditDocuments } from '../services/identities';
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
 * Who decides in `draftroom accept|reject`: the member named by `--as` (id
 * or name, case-insensitive), or else the workspace's remembered identity
 * (`identity.memberId`) if it names a lead. Throws `unknown-member`,
 * `forbidden` (the member named is not a lead) or `invalid-argument` (no
 * `--as` and no remembered lead). Reads only.
 */
export function resolveDecider(store: WorkspaceStoreApi, asRef: string | undefined, command: string): Identity {
  if (asRef !== undefined) {
    const member = findMember(store, asRef, command);
    const identity = identityOf(store, member.id);
    if (!identity) throw new DraftroomError('unknown-party', `member "${member.name}" belongs to no known party`);
    if (!mayDecide(identity)) {
      throw new DraftroomError('forbidden', `forbidden: ${describeRole(identity)}; only a lead may accept or reject changes`);
    }
    return identity;
  }
  const remembered = store.getPreference(IDENTITY_PREFERENCE);
  const identity = remembered === undefined ? undefined : identityOf(store, remembered);
  if (identity && mayDecide(identity)) return identity;
  const why = identity ? `the workspace's remembered member, ${describeRole(identity)}` : 'the workspace remembers no member';
  throw new DraftroomError('invalid-argument', `say who decides with --as <member id|name> (a lead): ${why}`);
}

/**
 * Who writes in `draftroom save-version`: the member named by `--as` (id or
 * name), or else the workspace's remembered identity, who must be allowed
 * to edit (a lead, drafter or suggester; not an observer). Throws
 * `unknown-member`, `forbidden` or `invalid-argument`. Reads only.
 */
export function resolveAuthor(store: WorkspaceStoreApi, asRef: string | undefined, command: string): Identity {
  if (asRef !== undefined) {
    const member = findMember(store, asRef, command);
    const identity = identityOf(store, member.id);
    if (!identity) throw new DraftroomError('unknown-party', `member "${member.name}" belongs to no known party`);
    if (!mayEditDocuments(identity)) throw new DraftroomError('forbidden', `forbidden: ${describeRole(identity)} and may only read`);
    return identity;
  }
  const remembered = store.getPreference(IDENTITY_PREFERENCE);
  const identity = remembered === undefined ? undefined : identityOf(store, remembered);
  if (identity && mayEditDocuments(identity)) return identity;
  const why = identity ? `the workspace's remembered member, ${describeRole(identity)}` : 'the workspace remembers no member';
  throw new DraftroomError('invalid-argument', `say who saves the version with --as <member id|name>: ${why}`);
}
