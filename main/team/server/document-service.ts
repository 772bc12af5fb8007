import type { DocumentHub, HubPeer } from '../../services/document-hub';

/**
 * A peer of a served document: a `HubPeer` that can also be told that its
 * document can no longer be served (the store stopped answering), so that it
 * disconnects with the reason instead of waiting for an answer.
 */
export interface ServedPeer extends HubPeer {
  /** The document cannot be served any more; `reason` says why (the peer should close). */
  documentUnavailable?(docId: string, reason: string): void;
}

/** What handling one sync message gave (see `DocumentService.handleSync`). */
export interface SyncOutcome {
  readonly replies: Uint8Array[];
  /** Resolves once the message's updates are stored and relayed. */
  readonly stored: Promise<void>;
}

/**
 * The documents of one served workspace, as the team server's connections
 * use them: asynchronous, so that the store behind may be a remote database.
 * Every accepted update is stored before the promise of the call that made
 * it resolves, and only then relayed.
 */
export interface DocumentService {
  /** Opens a document for a peer (`unknown-document` if none); resolves to the server's sync step 1. */
  open(peer: ServedPeer, docId: string): Promise<Uint8Array>;
  /**
   * Handles one y-protocols sync message (see `DocumentHub.handleSyncMessage`).
   * Resolves once the message is judged and applied in memory (a refusal
   * rejects, with `forbidden`); `stored` then resolves once its updates are
   * stored and relayed (or rejects with `unreachable`). The replies may be
   * sent only after `stored`: a step 1's answer confirms that everything
   * before it is stored. The next message may be handled meanwhile, so a
   * burst is stored in few transactions.
   */
  handleSync(peer: ServedPeer, docId: string, message: Uint8Array): Promise<SyncOutcome>;
  /** The peer left: the last one out of a document compacts and unloads it. */
  closePeer(peer: ServedPeer): void;
  /** Compacts and unloads every document (the server is stopping). */
  dispose(): Promise<void>;
}

/**
 * The document service of a workspace file: the workspace's own
 * synchronous `DocumentHub` (shared with anything else in the process that
 * has the file open), its results handed back as promises. Sync messages go
 * through the hub's group commit (`DocumentHub.acceptSyncMessage`): each is
 * judged on its own at once, and what every connection sent in the same
 * turn of the event loop is stored in one transaction, then relayed;
 * `stored` resolves after that commit.
 */
export function hubDocuments(hub: DocumentHub): DocumentService {
  return {
    open: (peer, docId) => settle(() => hub.openDocument(peer, docId)),
    handleSync: (peer, docId, message) => settle(() => hub.acceptSyncMessage(peer, docId, message)),
    closePeer: (peer) => hub.closePeer(peer),
    // The registry that owns the hub compacts and unloads on release.
    dispose: () => Promise.resolve(),
  };
}

function settle<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Whether a transaction origin is a served peer (the hub attributes updates to it). */
export function isServedPeer(value: unknown): value is ServedPeer {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Partial<ServedPeer>).attribution === 'function' &&
    typeof (value as Partial<ServedPeer>).deliver === 'function'
  );
}
