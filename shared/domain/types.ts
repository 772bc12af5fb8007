/**
 * Domain types of a Draftroom workspace. Pure data: no behaviour, no imports
 * from electron, node or the DOM. Every layer speaks in these types.
 */

/** A party to the negotiation (a delegation): U.S., Ukraine, Europe, Russia, … */
export interface Party {
  /** Stable id, never shown. */
  readonly id: string;
  /** Display name, e.g. "United States". */
  readonly name: string;
  /** Short code shown on change chips, e.g. "US". Unique per workspace. */
  readonly code: string;
  /** CSS colour (#rrggbb) that marks this party's changes everywhere. */
  readonly colour: string;
}

/** What a member may do in a workspace. */
export type MemberRole = 'lead' | 'drafter' | 'suggester' | 'observer';

/** All member roles, in order of authority. */
export const MEMBER_ROLES: readonly MemberRole[] = ['lead', 'drafter', 'suggester', 'observer'];

/** A person on one party's team. */
export interface Member {
  readonly id: string;
  readonly name: string;
  readonly partyId: string;
  readonly role: MemberRole;
}

/** A document of the workspace (a proposal, a framework, …). */
export interface DocumentInfo {
  readonly id: string;
  readonly title: string;
  /** ISO 8601 time of creation. */
  readonly createdAt: string;
}

/** A document with the counts that lists show. */
export interface DocumentSummary extends DocumentInfo {
  /** Clauses in the current working draft. */
  readonly clauses: number;
  /** Named versions kept for it. */
  readonly versions: number;
}

/** A named version of a document: a full Yjs state plus who took it and why. */
export interface VersionInfo {
  readonly id: string;
  readonly docId: string;
  readonly name: string;
  readonly note: string;
  readonly authorId: string | null;
  readonly partyId: string | null;
  /** ISO 8601 time the version was taken. */
  readonly createdAt: string;
}

/** Kind of a tracked change. */
export type ChangeKind = 'added' | 'amended' | 'removed' | 'moved';

/** All change kinds. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'amended', 'removed', 'moved'];

/** Where a change stands in the negotiation. */
export type ChangeStatus = 'proposed' | 'accepted' | 'rejected';

/** All change statuses. */
export const CHANGE_STATUSES: readonly ChangeStatus[] = ['proposed', 'accepted', 'rejected'];

/**
 * A change record: one proposed change by one party, for a reason. The marks
 * in the document carry only the change id; everything else lives here.
 */
export interface ChangeRecord {
  readonly id: string;
  readonly kind: ChangeKind;
  readonly partyId: string;
  readonly authorId: string;
  /** ISO 8601 time the change was first made. */
  readonly createdAt: string;
  /** Why the party wants this change. Empty string = not given yet (flagged in the UI). */
  readonly rationale: string;
  readonly status: ChangeStatus;
  /** Stable ids of the clauses the change touches. */
  readonly clauseIds: readonly string[];
  /** Member who accepted or rejected it. */
  readonly decidedBy?: string;
  /** ISO 8601 time of the decision. */
  readonly decidedAt?: string;
  /** Short text before the change (for snippets and history), if any. */
  readonly before?: string;
  /** Short text after the change (for snippets and history), if any. */
  readonly after?: string;
  /** For moves: the 1-based clause number the clause had before it moved. */
  readonly movedFrom?: number;
}

/** What a comment thread is attached to. */
export type CommentTarget =
  | { readonly type: 'clause'; readonly clauseId: string }
  | { readonly type: 'change'; readonly changeId: string };

/** One comment; a thread is a root comment plus the comments whose parentId is its id. */
export interface CommentRecord {
  readonly id: string;
  readonly target: CommentTarget;
  /** Id of the thread's root comment, or null for a root. */
  readonly parentId: string | null;
  readonly authorId: string;
  readonly partyId: string;
  readonly body: string;
  /** ISO 8601 time. */
  readonly createdAt: string;
  /** Set on a thread root once the thread is resolved. */
  readonly resolved?: boolean;
  /** Member who last resolved or reopened the thread (on a thread root). */
  readonly resolvedBy?: string;
  /** ISO 8601 time the thread was last resolved or reopened. */
  readonly resolvedAt?: string;
  /** ISO 8601 time the author last edited the body. */
  readonly editedAt?: string;
}

/** Who is at the keyboard: a member and that member's party. */
export interface Identity {
  readonly member: Member;
  readonly party: Party;
}

/** Workspace-level facts. */
export interface WorkspaceInfo {
  readonly id: string;
  readonly name: string;
  readonly schemaVersion: number;
  /** File path of the workspace (`.draftroom`). */
  readonly path: string;
  readonly parties: readonly Party[];
  readonly members: readonly Member[];
  /**
   * Set when the workspace is bound to a team server: every session acts as
   * the token's member (`memberId`; null if the binding cannot be read) and
   * cannot choose anyone else. Absent or null: each window chooses.
   */
  readonly fixedIdentity?: { readonly serverUrl: string; readonly memberId: string | null } | null;
}
