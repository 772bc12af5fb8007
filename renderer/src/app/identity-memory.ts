/**
 * Which member this browser or app profile drafts as in a workspace, kept by
 * the profile (localStorage, keyed by workspace id), never by the workspace
 * file: another person opening the same file in their own browser or app
 * profile is asked "Who is drafting?" instead of arriving as whoever chose
 * last. Each tab also keeps its own choice (sessionStorage), so a reload
 * comes back as the same member even if another tab of the profile switched
 * since. Main is told with `setIdentity` when a session opens.
 */

function key(workspaceId: string): string {
  return `draftroom.identity.${workspaceId}`;
}

/** The member this tab, or else this profile, drafted as in the workspace, if any. */
export function recallMember(workspaceId: string): string | null {
  return read(() => window.sessionStorage) ?? read(() => window.localStorage);

  function read(storage: () => Storage): string | null {
    try {
      return storage().getItem(key(workspaceId));
    } catch {
      return null;
    }
  }
}

/** Remembers the member this tab and this profile draft as in the workspace. */
export function rememberMember(workspaceId: string, memberId: string): void {
  for (const storage of [() => window.sessionStorage, () => window.localStorage]) {
    try {
      storage().setItem(key(workspaceId), memberId);
    } catch {
      // Storage may be unavailable (privacy settings): the window then asks again next time.
    }
  }
}
