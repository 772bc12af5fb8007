import type { ConnectionState } from '../api/connection';
import type { SaveState } from '../sync/doc-sync';

/** The text the status bar shows for a save state on a connection. */
export function saveLabel(save: SaveState, connection: ConnectionState): { text: string; tone: 'ok' | 'busy' | 'warn' } {
  if (connection !== 'online') {
    return save === 'saved' && connection === 'connecting'
      ? { text: 'Connecting…', tone: 'busy' }
      : { text: 'Offline — edits kept', tone: 'warn' };
  }
  if (save === 'saved') return { text: 'Saved', tone: 'ok' };
  if (save === 'saving') return { text: 'Saving…', tone: 'busy' };
  if (save === 'refused') return { text: 'Not saved — an edit was refused', tone: 'warn' };
  return { text: 'Offline — edits kept', tone: 'warn' };
}

/** How long a save must last before the status bar says "Saving…" (most take a few milliseconds). */
export const SAVING_SHOWN_AFTER_MS = 1000;

/**
 * Whether the status bar shows a new save label at once (true) or only
 * once it has lasted `SAVING_SHOWN_AFTER_MS` (false): "Saving…" right after
 * "Saved" waits, so that typing does not make the label (a polite live
 * region) flicker and repaint on every keystroke; every other label, and
 * "Saved" above all, shows at once.
 */
export function showsSaveLabelAtOnce(shown: string | null, next: { readonly text: string }): boolean {
  return !(next.text === 'Saving…' && shown === 'Saved');
}
