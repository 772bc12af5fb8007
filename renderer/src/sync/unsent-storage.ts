import type { UnsentEdits } from './doc-sync';

/** Prefix of the localStorage keys that hold unsent edits (versioned: the key layout may change). */
const PREFIX = 'draftroom.unsent.v1|';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Where the edits belong: one workspace file (its id and path: copies of a file share the id) and who made them. */
export interface UnsentScope {
  readonly workspaceId: string;
  readonly workspacePath: string;
  /** The member this page acts as now, or null before anyone is chosen. */
  readonly memberId: () => string | null;
}

/**
 * Unsent edits in the browser's localStorage: one entry per local update,
 * keyed by workspace (id and path), document, member, page and sequence
 * number, written when the update is sent and removed when main confirms
 * it. A page takes over only what other pages left for the same document
 * and member, so tabs acting as different members never send each other's
 * edits, and a tab never overwrites another's.
 */
export function localUnsentEdits(scope: UnsentScope, storage: Storage = window.localStorage): UnsentEdits {
  const page = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const part = (value: string) => encodeURIComponent(value);
  const docPrefix = (docId: string, memberId: string) =>
    `${PREFIX}${part(scope.workspaceId)}|${part(scope.workspacePath)}|${part(docId)}|${part(memberId)}|`;
  const memberOrNobody = () => scope.memberId() ?? '';
  return {
    add(docId, key, update) {
      storage.setItem(`${docPrefix(docId, memberOrNobody())}${page}|${key}`, toBase64(update));
    },
    remove(docId, keys) {
      const wanted = new Set(keys.map(String));
      // The member may have changed since the update was kept: look for this page's keys under any member.
      const docPart = `${PREFIX}${part(scope.workspaceId)}|${part(scope.workspacePath)}|${part(docId)}|`;
      for (const name of Object.keys(storage)) {
        if (!name.startsWith(docPart)) continue;
        // Every part before is URI-encoded, so the last two '|'-separated parts are the page and the key.
        const segments = name.split('|');
        if (segments.at(-2) === page && wanted.has(segments.at(-1) ?? '')) storage.removeItem(name);
      }
    },
    earlier(docId) {
      const memberId = scope.memberId();
      if (memberId === null) return { updates: [], forget: () => undefined };
      const prefix = docPrefix(docId, memberId);
      const names = Object.keys(storage).filter((name) => name.startsWith(prefix) && !name.slice(prefix.length).startsWith(`${page}|`));
      const updates: Uint8Array[] = [];
      for (const name of names) {
        const text = storage.getItem(name);
        if (text === null) continue;
        try {
          updates.push(fromBase64(text));
        } catch {
          // Not ours or damaged: it is dropped with the rest.
        }
      }
      return {
        updates,
        forget: () => {
          for (const name of names) storage.removeItem(name);
        },
      };
    },
  };
}
