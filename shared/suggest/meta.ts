import type { ClauseOp } from '../editing/clause-commands';

/** Transaction meta key set on every transaction produced by suggestion tracking. */
export const SUGGEST_META = 'draftroom/suggest';

/** What a tracked transaction carries under `SUGGEST_META`. */
export interface SuggestMeta {
  /** Member whose edit it is. */
  readonly memberId: string;
  /** The clause operation it tracked, if it came from a clause command. */
  readonly clauseOp?: ClauseOp;
}

/** Transaction meta key set on accept/reject transactions (tracking never touches them). */
export const DECISION_META = 'draftroom/decision';

/** Accepting or rejecting. */
export type Decision = 'accepted' | 'rejected';

/** What a decision transaction carries under `DECISION_META`. */
export interface DecisionMeta {
  readonly decision: Decision;
  /** Changes decided (every one of them gets `decision`). */
  readonly changeIds: readonly string[];
  /**
   * Other proposed changes whose marks the decision removed from the document
   * (say, an amendment inside a clause whose removal was accepted). They are
   * recorded as rejected: their text is gone.
   */
  readonly swept: readonly string[];
  /** Set when the author took their own proposals back: their records are deleted instead of rejected. */
  readonly withdrawn?: boolean;
}
