import type { UnsentEdits } from './doc-sync';

/** Prefix of the localStorage keys that hold unsent edits. */
const PREFIX = 'draftroom.unsent.';

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

/**
 * Unsent edits kept in the browser's localStorage, per workspace (by its id,
 * which is unique to the file) and document, so that a reload or a closed
 * tab while offline loses nothing: the next page that opens the document
 * sends them. Storage that is full or unavailable is reported, not fatal.
 */
export function localUnsentEdits(workspaceId: string): UnsentEdits {
  const key = (docId: string) => `${PREFIX}${workspaceId}.${docId}`;
  return {
    load(docId) {
      const text = window.localStorage.getItem(key(docId));
      return text === null ? null : fromBase64(text);
    },
    store(docId, update) {
      if (update === null) window.localStorage.removeItem(key(docId));
      else window.localStorage.setItem(key(docId), toBase64(update));
    },
  };
}
