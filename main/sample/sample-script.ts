import type { CommentTarget } from '../../shared/domain/types';
import type { ClauseText, TextEdit } from './sample-model';
import type { MemberHandle } from './sample-people';

/**
 * The shapes in which the sample's content modules script the negotiation:
 * changes proposed by a member (and perhaps decided by another) and
 * comments. `build-sample.ts` plays them in time order into the Y.Doc.
 */

/** What a scripted change does to the text. */
export type ScriptedEdit =
  | { readonly kind: 'removed'; readonly clauseId: string }
  | { readonly kind: 'amended'; readonly clauseId: string; readonly edit: TextEdit }
  | { readonly kind: 'added'; readonly clause: ClauseText; readonly after: string };

/** One change of the sample, as proposed and (optionally) decided. */
export interface ScriptedChange {
  /** Change record id; also the id of the change's suggestion marks. */
  readonly id: string;
  readonly change: ScriptedEdit;
  /** Member who proposed it (the change's party is theirs). */
  readonly author: MemberHandle;
  /** ISO time it was proposed. */
  readonly createdAt: string;
  /** Why, in the proposing party's voice (our own words). */
  readonly rationale: string;
  /** Set when the other side accepted or rejected it. */
  readonly decision?: { readonly by: MemberHandle; readonly at: string; readonly accept: boolean };
}

/** One comment of the sample. */
export interface ScriptedComment {
  readonly id: string;
  readonly target: CommentTarget;
  /** Id of the thread's root comment, for a reply. */
  readonly parentId?: string;
  readonly author: MemberHandle;
  readonly createdAt: string;
  readonly body: string;
  readonly resolved?: boolean;
}
