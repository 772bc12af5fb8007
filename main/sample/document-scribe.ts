import * as Y from 'yjs';
import { updateYFragment } from 'y-prosemirror';
import { contentFragment } from '../../shared/ydoc/layout';
import type { WorkspaceStoreApi } from '../store/store-types';
import { toProseMirror, type ProposalModel } from './sample-model';
import { SAMPLE_MEMBERS, who, type MemberHandle } from './sample-people';

/**
 * A deterministic Yjs client id for a sample member (FNV-1a of the member
 * id), so each member's edits come from "their" replica and the sample's
 * updates are the same bytes every time it is written.
 */
export function sampleClientId(memberId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < memberId.length; i++) {
    hash ^= memberId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash === 0 ? 1 : hash;
}

/**
 * Writes one document of the sample: every edit is a real Yjs transaction on
 * the document's Y.Doc, made from the acting member's client id, and its
 * update is appended to the store's log with that member, party and time.
 */
export class DocumentScribe {
  /** The document's Y.Doc (the source of truth the log is made from). */
  readonly ydoc = new Y.Doc();
  private readonly pending: Uint8Array[] = [];

  constructor(
    private readonly store: WorkspaceStoreApi,
    /** Id of the document in the store. */
    readonly docId: string,
  ) {
    this.ydoc.on('update', (update: Uint8Array) => this.pending.push(update));
  }

  /**
   * Runs `edit` as one transaction by `by` at time `at` and appends the
   * resulting update(s) to the log, attributed to that member and party.
   */
  commit(by: MemberHandle, at: string, edit: (ydoc: Y.Doc) => void): void {
    this.ydoc.clientID = sampleClientId(SAMPLE_MEMBERS[by].id);
    this.ydoc.transact(() => edit(this.ydoc), 'draftroom-sample');
    const { memberId, partyId } = who(by);
    for (const update of this.pending.splice(0)) {
      this.store.appendUpdate(this.docId, update, { memberId, partyId, at });
    }
  }

  /** Inside `commit`: makes the content equal to `model` with the smallest Yjs edit y-prosemirror finds. */
  setContent(model: ProposalModel): void {
    updateYFragment(this.ydoc, contentFragment(this.ydoc), toProseMirror(model), {
      mapping: new Map(),
      isOMark: new Map(),
    });
  }

  /**
   * The full Yjs state (V1) of a copy of the document made equal to `model`
   * by `by`'s replica, for a named version that is not the document's own
   * past (another party's draft); the document and its log are untouched.
   */
  forkState(by: MemberHandle, model: ProposalModel): Uint8Array {
    const fork = new Y.Doc();
    try {
      fork.clientID = sampleClientId(SAMPLE_MEMBERS[by].id);
      Y.applyUpdate(fork, this.state());
      fork.transact(() => updateYFragment(fork, contentFragment(fork), toProseMirror(model), { mapping: new Map(), isOMark: new Map() }), 'draftroom-sample');
      return Y.encodeStateAsUpdate(fork);
    } finally {
      fork.destroy();
    }
  }

  /** The full Yjs state (V1), for keeping a named version. */
  state(): Uint8Array {
    return Y.encodeStateAsUpdate(this.ydoc);
  }
}
