import { DraftroomError } from '../../../shared/api/errors';
import type { WorkspaceStoreApi } from '../../store/store-types';

/** Workspace preference that binds a local workspace file to a team server (JSON `TeamBinding`). */
export const BINDING_PREFERENCE = 'team.binding';
/** Workspace preference holding the token's secret (it opens the server's workspace as `memberId`). */
export const TOKEN_PREFERENCE = 'team.token';

/** Which team server a local workspace replicates, and as whom. */
export interface TeamBinding {
  /** `ws://host:port` or `wss://host[:port][/prefix]` (no workspace id, no trailing slash). */
  readonly serverUrl: string;
  /** The server's workspace id (the room prefix in document URLs). */
  readonly workspaceId: string;
  /** The member the token acts as (the app's fixed identity while bound). */
  readonly memberId: string;
}

/** A binding with its token. */
export interface BoundWorkspace {
  readonly binding: TeamBinding;
  readonly token: string;
}

/**
 * Splits a workspace URL, `ws(s)://host:port[/prefix]/<workspaceId>`, into
 * the server URL and the workspace id. `invalid-argument` for anything else.
 */
export function parseWorkspaceUrl(text: string): { serverUrl: string; workspaceId: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DraftroomError('invalid-argument', `not a URL: "${text}" (expected ws://host:port/<workspace id>)`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new DraftroomError('invalid-argument', `a team workspace URL starts with ws:// or wss:// (got "${text}")`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new DraftroomError('invalid-argument', `give the token with --token, not in the URL ("${text}")`);
  }
  const parts = url.pathname.split('/').filter((part) => part !== '');
  const workspaceId = parts.pop();
  if (workspaceId === undefined) {
    throw new DraftroomError('invalid-argument', `the URL names no workspace: "${text}" (expected ws://host:port/<workspace id>)`);
  }
  const prefix = parts.length > 0 ? `/${parts.join('/')}` : '';
  return { serverUrl: `${url.protocol}//${url.host}${prefix}`, workspaceId: decodeURIComponent(workspaceId) };
}

/** The HTTP(S) base of a team server (`ws:` → `http:`, `wss:` → `https:`). */
export function httpBase(serverUrl: string): string {
  return serverUrl.replace(/^ws(s?):/, 'http$1:');
}

/** The binding and token stored in a workspace, or null if it is not bound (or the binding is unreadable). */
export function readBinding(store: WorkspaceStoreApi): BoundWorkspace | null {
  const raw = store.getPreference(BINDING_PREFERENCE);
  const token = store.getPreference(TOKEN_PREFERENCE);
  if (raw === undefined || token === undefined) return null;
  try {
    const value = JSON.parse(raw) as Partial<TeamBinding>;
    if (typeof value.serverUrl !== 'string' || typeof value.workspaceId !== 'string' || typeof value.memberId !== 'string') return null;
    return { binding: { serverUrl: value.serverUrl, workspaceId: value.workspaceId, memberId: value.memberId }, token };
  } catch {
    return null;
  }
}

/** Binds a workspace to a team server as the token's member. */
export function writeBinding(store: WorkspaceStoreApi, bound: BoundWorkspace): void {
  const { serverUrl, workspaceId, memberId } = bound.binding;
  store.setPreference(BINDING_PREFERENCE, JSON.stringify({ serverUrl, workspaceId, memberId }));
  store.setPreference(TOKEN_PREFERENCE, bound.token);
}
