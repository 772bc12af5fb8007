import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { TeamSyncStatus } from '../../../shared/api/contract';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import type { DocumentHub } from '../../services/document-hub';
import { changesDocument } from '../../policy/update-policy';
import type { WorkspaceStoreApi } from '../../store/store-types';
import type { BoundWorkspace } from './binding';
import { DocumentLink } from './document-link';
import { fetchServerState, setAsidePreview } from './server-state';
import { TeamHttpClient } from './team-http';
import { applyManifest, pushLocalData, type WorkspaceDataResult } from './workspace-data';

/** Where a bound workspace's sync stands, as the status bar shows it (see `TeamSyncStatus`). */
export type ReplicaStatus = TeamSyncStatus;

/** Preference prefix under which the server's last confirmed state vector of each document is kept (base64). */
const SERVER_VECTOR_PREFERENCE = 'team.serverVector.';

/** Tuning of a replica engine (tests make it quick). */
export interface ReplicaEngineOptions {
  /** How often workspace-level data is exchanged (ms; default 5,000). */
  readonly workspaceIntervalMs?: number;
  /** Delay before asking the server to confirm new edits (ms; default 100). */
  readonly probeDelayMs?: number;
  /** Confirmation heartbeat while connected (ms; default 15,000). */
  readonly heartbeatMs?: number;
  /** How long a refused document waits before trying again to read the server's state (ms; default 2,000). */
  readonly resetRetryMs?: number;
  /** Parties, members, roles, documents or versions changed locally because of the server (to tell the windows). */
  readonly onWorkspaceChanged?: () => void;
  /** The presence of a document to relay through its link (main's PresenceHub), if any. */
  readonly awarenessFor?: (docId: string) => Awareness;
}

/**
 * Keeps a local workspace file in sync with its team server while it runs:
 * one `DocumentLink` per document (every document stays open in the hub
 * while bound, so edits never wait for the network), and workspace-level
 * data (parties, members, roles, documents, named versions) pulled from the
 * server's manifest and pushed with its endpoints every few seconds.
 *
 * Easy to drive from tests: `start`/`stop`, `whenSynced()`,
 * `pendingLocalEdits()`, `status()` and `onStatus`.
 */
export class ReplicaEngine {
  private readonly links = new Map<string, DocumentLink>();
  private readonly client: TeamHttpClient;
  private readonly listeners = new Set<(status: ReplicaStatus) => void>();
  private workspaceTimer: ReturnType<typeof setInterval> | null = null;
  private workspaceRound: Promise<WorkspaceDataResult> | null = null;
  private workspaceError: string | null = null;
  private workspaceSynced = false;
  private running = false;
  private lastStatus = '';
  private readonly resetting = new Set<string>();
  /** Documents known to exist on the server (links connect only to those). */
  private readonly onServer = new Set<string>();

  constructor(
    private readonly store: WorkspaceStoreApi,
    private readonly hub: DocumentHub,
    private readonly bound: BoundWorkspace,
    private readonly options: ReplicaEngineOptions = {},
  ) {
    this.client = new TeamHttpClient(bound.binding.serverUrl, bound.binding.workspaceId, bound.token);
  }

  /** Opens every document and starts syncing (never waits for the network). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.linkDocuments();
    void this.syncWorkspaceData().catch(() => undefined);
    this.workspaceTimer = setInterval(() => {
      void this.syncWorkspaceData().catch(() => undefined);
    }, this.options.workspaceIntervalMs ?? 5_000);
  }

  /** Stops syncing: closes every link (the documents stay as they are locally). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    if (this.workspaceTimer !== null) clearInterval(this.workspaceTimer);
    this.workspaceTimer = null;
    for (const link of this.links.values()) {
      this.keepServerVector(link);
      link.stop();
    }
    this.links.clear();
    this.listeners.clear();
  }

  /** Where sync stands now. */
  status(): ReplicaStatus {
    const links = [...this.links.values()];
    const pending = this.pendingLocalEdits();
    const refused = links.find((link) => link.state() === 'refused');
    const setAside = this.store.listSetAsideEdits().length;
    if (refused !== undefined) return { state: 'refused', pending, reason: refused.refusedBecause(), setAside };
    const states = links.map((link) => link.state());
    if (states.includes('offline') || (this.workspaceError !== null && !this.workspaceSynced)) {
      return { state: 'offline', pending, reason: this.workspaceError, setAside };
    }
    if (states.includes('syncing') || !this.workspaceSynced) return { state: 'syncing', pending, reason: this.workspaceError, setAside };
    return { state: 'online', pending, reason: this.workspaceError, setAside };
  }

  /** Calls `listener` whenever the status changes; returns a function that stops it. */
  onStatus(listener: (status: ReplicaStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Local edits (all documents) the server has not confirmed storing. */
  pendingLocalEdits(): number {
    let total = 0;
    for (const link of this.links.values()) total += link.pendingCount();
    return total;
  }

  /**
   * Resolves once one full round is done: workspace data exchanged, and the
   * server has confirmed storing every local edit of every document (its
   * step 1 covered the local state). Rejects with the refusal's reason if
   * the server refuses, or `unreachable` after `timeoutMs` (at once if the
   * server cannot be reached and `failFast` is set).
   */
  async whenSynced(timeoutMs = 30_000, options: { readonly failFast?: boolean } = {}): Promise<WorkspaceDataResult> {
    const deadline = Date.now() + timeoutMs;
    let data: WorkspaceDataResult | null = null;
    while (data === null) {
      try {
        data = await this.withDeadline(this.syncWorkspaceData(), deadline);
      } catch (error) {
        // Unreachable for now: try again until the deadline, unless the caller wants to know at once.
        if (options.failFast === true || Date.now() >= deadline || !(error instanceof DraftroomError) || error.code !== 'unreachable') throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(0, deadline - Date.now()))));
      }
    }
    this.linkDocuments();
    await new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        const refused = [...this.links.values()].find((link) => link.state() === 'refused');
        if (refused !== undefined) {
          stopWatching();
          const reason = refused.refusedBecause() ?? 'no reason given';
          reject(new DraftroomError('forbidden', refused.editRefused() ? `the team server refused an edit: ${reason}` : reason));
          return true;
        }
        if ([...this.links.values()].every((link) => link.isSynced())) {
          stopWatching();
          resolve();
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        stopWatching();
        reject(new DraftroomError('unreachable', this.unreachableMessage(timeoutMs)));
      }, Math.max(0, deadline - Date.now()));
      const listener = (): void => {
        check();
      };
      const stopWatching = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
    for (const link of this.links.values()) this.keepServerVector(link);
    return data;
  }

  /** Resolves once no refused document is being set aside and reset (or after `timeoutMs`). */
  async settled(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.resetting.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /**
   * One exchange of workspace-level data: pull the manifest into the store,
   * link documents that arrived, push local documents and versions the
   * server lacks. Rounds do not overlap.
   */
  syncWorkspaceData(): Promise<WorkspaceDataResult> {
    this.workspaceRound ??= this.exchangeWorkspaceData().finally(() => {
      this.workspaceRound = null;
    });
    return this.workspaceRound;
  }

  private async exchangeWorkspaceData(): Promise<WorkspaceDataResult> {
    try {
      const manifest = await this.client.manifest();
      if (!this.running) throw new DraftroomError('unreachable', 'sync stopped');
      const before = this.workspaceFingerprint();
      const pulled = applyManifest(this.store, manifest);
      if (this.workspaceFingerprint() !== before) this.options.onWorkspaceChanged?.();
      for (const doc of manifest.documents) this.onServer.add(doc.id);
      const pushed = await pushLocalData(this.store, this.client, manifest);
      for (const doc of this.store.listDocuments()) this.onServer.add(doc.id);
      this.linkDocuments();
      this.workspaceError = null;
      this.workspaceSynced = true;
      this.changed();
      return { ...pulled, ...pushed };
    } catch (error) {
      this.workspaceError = errorText(error);
      this.workspaceSynced = false;
      this.changed();
      throw error;
    }
  }

  /** What the windows show of the workspace level: parties, members and roles, documents, versions per document. */
  private workspaceFingerprint(): string {
    const documents = this.store.listDocuments();
    return JSON.stringify([
      this.store.listParties(),
      this.store.listMembers(),
      documents,
      documents.map((d) => this.store.listVersions(d.id).length),
    ]);
  }

  /** Gives every local document a link (new ones appear through the manifest or the app). */
  private linkDocuments(): void {
    if (!this.running) return;
    for (const doc of this.store.listDocuments()) {
      const linked = this.links.get(doc.id);
      if (linked !== undefined) {
        if (this.onServer.has(doc.id)) linked.goOnline();
        continue;
      }
      const link = new DocumentLink(this.hub, {
        serverUrl: this.bound.binding.serverUrl,
        workspaceId: this.bound.binding.workspaceId,
        docId: doc.id,
        token: this.bound.token,
        ...(this.options.probeDelayMs !== undefined ? { probeDelayMs: this.options.probeDelayMs } : {}),
        ...(this.options.heartbeatMs !== undefined ? { heartbeatMs: this.options.heartbeatMs } : {}),
        ...(this.options.awarenessFor !== undefined ? { awareness: this.options.awarenessFor(doc.id) } : {}),
        onChange: () => this.changed(),
        onRefused: (refused, reason) => void this.setAsideAndReset(refused, reason),
      });
      this.links.set(doc.id, link);
      const kept = this.store.getPreference(`${SERVER_VECTOR_PREFERENCE}${doc.id}`);
      link.start(kept === undefined ? undefined : new Uint8Array(Buffer.from(kept, 'base64')));
      // Confirmed by the server before: it exists there, so it may connect before the first manifest.
      if (kept !== undefined) this.onServer.add(doc.id);
      if (this.onServer.has(doc.id)) link.goOnline();
    }
  }

  /**
   * The server refused an edit of this document: read the server's state,
   * set aside what the local document has beyond it (with the reason and
   * the text, in the file), replace the local document by the server's
   * state (windows are told to reload it), and reconnect. While the server
   * cannot be reached this is retried; the link stays disconnected.
   */
  private async setAsideAndReset(link: DocumentLink, reason: string): Promise<void> {
    if (this.resetting.has(link.docId)) return;
    this.resetting.add(link.docId);
    try {
      for (;;) {
        if (!this.running || this.links.get(link.docId) !== link) return;
        try {
          const serverState = await fetchServerState({ ...this.bound.binding, docId: link.docId, token: this.bound.token });
          if (!this.running || this.links.get(link.docId) !== link) return;
          this.resetTo(link, serverState, reason);
          return;
        } catch (error) {
          console.error(`draftroom: could not read ${link.docId} from the team server after a refusal:`, error);
          await new Promise((resolve) => setTimeout(resolve, this.options.resetRetryMs ?? 2_000));
        }
      }
    } finally {
      this.resetting.delete(link.docId);
      this.changed();
    }
  }

  private resetTo(link: DocumentLink, serverState: Uint8Array, reason: string): void {
    const local = new Y.Doc();
    const server = new Y.Doc();
    try {
      Y.applyUpdate(local, this.hub.withDocument(link.docId, (doc) => Y.encodeStateAsUpdate(doc)));
      Y.applyUpdate(server, serverState);
      const aside = Y.encodeStateAsUpdate(local, Y.encodeStateVector(server));
      if (changesDocument(server, aside)) {
        this.store.addSetAsideEdit({ docId: link.docId, reason, preview: setAsidePreview(local, server), update: aside });
      }
    } finally {
      local.destroy();
      server.destroy();
    }
    this.hub.replaceDocument(link.docId, serverState);
    this.store.deletePreference(`${SERVER_VECTOR_PREFERENCE}${link.docId}`);
    link.restartAfterReset();
  }

  private keepServerVector(link: DocumentLink): void {
    const vector = link.confirmedServerVector();
    if (vector === null) return;
    try {
      this.store.setPreference(`${SERVER_VECTOR_PREFERENCE}${link.docId}`, Buffer.from(vector).toString('base64'));
    } catch (error) {
      console.error('draftroom: could not keep the server state vector:', error);
    }
  }

  /** Tells the listeners of a status change made elsewhere (set-aside edits discarded). */
  notifyChanged(): void {
    this.changed();
  }

  /** Tells the listeners, once per distinct status. */
  private changed(): void {
    if (!this.running || this.listeners.size === 0) return;
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    for (const listener of [...this.listeners]) {
      try {
        listener(status);
      } catch (error) {
        console.error('draftroom: a replica status listener failed:', error);
      }
    }
  }

  private unreachableMessage(timeoutMs: number): string {
    const status = this.status();
    const why = this.workspaceError ?? (status.state === 'offline' ? 'no connection' : `${status.pending} edits not confirmed`);
    return `the team server at ${this.bound.binding.serverUrl} did not confirm within ${Math.round(timeoutMs / 1000)} s (${why})`;
  }

  private async withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | null = null;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new DraftroomError('unreachable', this.unreachableMessage(deadline - Date.now()))), Math.max(0, deadline - Date.now()));
        }),
      ]);
    } finally {
      if (timer !== null) clearTimeout(timer);
    }
  }
}
