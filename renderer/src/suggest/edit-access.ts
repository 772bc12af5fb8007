import type { Identity } from '../../../shared/domain/types';

/** What a lead chose in the toolbar: propose changes, or edit the text directly. */
export type EditMode = 'suggesting' | 'editing';

/** How the member at the keyboard may change the document right now. */
export type EditorAccess =
  /** Edits become tracked suggestions of the member's party (the default for everyone). */
  | 'suggesting'
  /** A lead editing directly: edits are not tracked. */
  | 'editing'
  /** An observer, or nobody chosen yet: the editor is read-only. */
  | 'read-only';

/** True if the member may switch to direct editing (a lead). */
export function mayEditDirectly(identity: Identity | null): boolean {
  return identity?.member.role === 'lead';
}

/** The access an identity has with the mode chosen in the toolbar (only a lead's choice counts). */
export function editorAccess(identity: Identity | null, mode: EditMode): EditorAccess {
  if (!identity || identity.member.role === 'observer') return 'read-only';
  return mode === 'editing' && mayEditDirectly(identity) ? 'editing' : 'suggesting';
}

/**
 * Why the editor is read-only for this identity, in one sentence the hint,
 * the mode pill and the disabled toolbar buttons all show (observers read
 * everything, comments included, and change nothing: main refuses them).
 */
export function readOnlyReason(identity: Identity | null): string {
  if (!identity) return 'Choose who you are (in the status bar) to edit.';
  return 'Observers read the draft, its changes and comments, but cannot edit, propose changes or comment.';
}
