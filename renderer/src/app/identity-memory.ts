/**
 * Which member this window (browser tab) acts as, kept in sessionStorage per
 * workspace, so that a reload comes back as the same member even when
 * another window of the same workspace chose someone else since (the
 * workspace remembers only the last choice).
 */

function key(workspaceId: string): string {
  return `draftroom.identity.${workspaceId}`;
}

/** The member this window acted as in the workspace, if it remembers one. */
export function recallMember(workspaceId: string): string | null {
  try {
    return window.sessionStorage.getItem(key(workspaceId));
  } catch {
    return null;
  }
}

/** Remembers the member this window acts as in the workspace. */
export function rememberMember(workspaceId: string, memberId: string): void {
  try {
    window.sessionStorage.setItem(key(workspaceId), memberId);
  } catch {
    // Storage may be unavailable (privacy settings); the workspace's own memory still applies.
  }
}
