import type { IncomingHttpHeaders } from 'node:http';
import type { Identity } from '../../../shared/domain/types';
import type { ServerStore } from '../../store/server-store';
import type { AccessToken } from '../../store/store-types';

/** Who a presented token acts as, or why it was refused. */
export type Authentication =
  | { readonly ok: true; readonly token: AccessToken; readonly identity: Identity }
  | { readonly ok: false; readonly message: string };

/**
 * The token a request presents: `Authorization: Bearer <token>`, else the
 * `token` query parameter (what y-websocket clients send). Null if none.
 */
export function presentedToken(headers: IncomingHttpHeaders, query: URLSearchParams | null): string | null {
  const header = headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match !== null) return match[1]!;
  }
  const param = query?.get('token');
  return param === null || param === undefined || param === '' ? null : param;
}

/**
 * Checks a token against one workspace's store: it must be one of this
 * workspace's tokens (a token opens only its own workspace), its secret
 * must match, it must not be revoked, and its member must exist.
 */
export async function authenticate(store: ServerStore, token: string | null): Promise<Authentication> {
  if (token === null) return { ok: false, message: 'a token is required (?token=… or Authorization: Bearer …)' };
  const check = await store.checkToken(token);
  if (!check.ok) return { ok: false, message: check.message };
  const identity = await serverIdentityOf(store, check.token.memberId);
  if (identity === undefined) return { ok: false, message: 'the member this token acts as no longer exists' };
  return { ok: true, token: check.token, identity };
}

/** The member with this id and their party, as the store has them now; undefined if either is unknown. */
export async function serverIdentityOf(store: ServerStore, memberId: string): Promise<Identity | undefined> {
  const member = await store.getMember(memberId);
  if (member === undefined) return undefined;
  const party = (await store.listParties()).find((p) => p.id === member.partyId);
  return party === undefined ? undefined : { member, party };
}
