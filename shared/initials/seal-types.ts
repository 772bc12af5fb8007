/**
 * What `draftroom verify`, the app's "Verify versions" and the versions
 * dialog report about named versions: each version's chained content hash,
 * who initialled it, and what does not match.
 */

/** Why a version fails verification. */
export type VersionProblemKind =
  /** Its content (text, records, facts) no longer gives the hash stored with it, or its row is damaged. */
  | 'content'
  /** It does not follow the version before it in the chain (reordered, or a version removed or inserted). */
  | 'order'
  /** A signature of initials does not verify with the member's recorded key. */
  | 'signature'
  /**
   * Its stored redline projection (derived from its content, migration 009)
   * does not give its hash: altered or damaged. Its content is not affected
   * (redlines read its state instead), so it can still be initialled.
   */
  | 'projection';

/** One thing wrong with a version. */
export interface VersionProblem {
  readonly kind: VersionProblemKind;
  /** What does not match, for people ("its text was changed after it was hashed"). */
  readonly message: string;
}

/** One member's initials on a version, as checked. */
export interface VersionInitialCheck {
  readonly memberId: string;
  /** The member's name (their id if the workspace no longer knows them). */
  readonly memberName: string;
  /** Their party's code ("US"), or "" if unknown. */
  readonly partyCode: string;
  /** ISO time they initialled. */
  readonly at: string;
  /** Whether the signature verifies with their recorded key over the version's stored hash. */
  readonly valid: boolean;
}

/** One named version with its chain and initials, as checked. */
export interface VersionSeal {
  readonly docId: string;
  readonly documentTitle: string;
  readonly versionId: string;
  readonly name: string;
  /** Position in the document's chain (1 = first version). */
  readonly position: number;
  /** The stored content hash (SHA-256, hex), or null if none was stored. */
  readonly hash: string | null;
  /** The stored hash of the version before it, or null for the first. */
  readonly previousHash: string | null;
  readonly initials: readonly VersionInitialCheck[];
  /** Empty when the version verifies. */
  readonly problems: readonly VersionProblem[];
}

/** The outcome of verifying the named versions of one document or of a workspace. */
export interface VerifyReport {
  /** True when no version has a problem. */
  readonly ok: boolean;
  /** Every version checked, document by document, in chain order. */
  readonly versions: readonly VersionSeal[];
}

/** Input of the API's `initialVersion`: the member is the window's identity. */
export interface InitialRequest {
  readonly docId: string;
  /** Version id or name. */
  readonly versionId: string;
  /** The member's private key file's text (PEM, PKCS#8 Ed25519); used once and never stored. */
  readonly privateKeyPem: string;
}
