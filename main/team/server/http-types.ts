import type { Member, Party } from '../../../shared/domain/types';

/**
 * The JSON the team server's `/v1/` endpoints speak (documented in
 * ARCHITECTURE.md, "The team server"). Replicas read and write workspace-
 * level data through them; documents themselves travel over y-websocket.
 */

/** `GET /v1/workspaces/<workspaceId>/manifest`. */
export interface WorkspaceManifest {
  readonly workspace: { readonly id: string; readonly name: string };
  /** The member the token acts as. */
  readonly you: { readonly memberId: string };
  readonly parties: Party[];
  readonly members: Member[];
  readonly documents: ManifestDocument[];
  readonly versions: ManifestVersion[];
}

/** A document in the manifest (and the body of `POST …/documents`, without `createdAt`). */
export interface ManifestDocument {
  readonly id: string;
  readonly title: string;
  readonly createdAt: string;
}

/** A named version with its full Yjs state (V1) in base64. */
export interface ManifestVersion {
  readonly id: string;
  readonly docId: string;
  readonly name: string;
  readonly note: string;
  readonly authorId: string | null;
  readonly partyId: string | null;
  readonly createdAt: string;
  readonly state: string;
}

/** Body of `POST /v1/workspaces/<workspaceId>/documents`. */
export interface NewDocumentBody {
  readonly id: string;
  readonly title: string;
}

/** Body of `POST /v1/workspaces/<workspaceId>/versions` (author and party are the token's member). */
export interface NewVersionBody {
  readonly id: string;
  readonly docId: string;
  readonly name: string;
  readonly note?: string;
  readonly createdAt: string;
  /** Full Yjs state (V1), base64. */
  readonly state: string;
}

/** Every error response: `{ error: { code, message } }`. */
export interface HttpErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}
