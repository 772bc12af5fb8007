import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as Y from 'yjs';
import type { DraftroomEvents, ApiEventName } from '../../shared/api/contract';
import type { WorkspaceInfo } from '../../shared/domain/types';
import { loadYDoc } from '../store/document-state';
import type { WorkspaceStoreApi } from '../store/store-types';
import { openWorkspace } from '../store/workspace-store';
import { DocumentHub } from './document-hub';
import { PresenceHub } from './presence-hub';
import { VersionSnapshots } from '../export/version-snapshots';
import type { PolicyLimits } from '../policy/update-shape';
import { fixedIdentityOf } from './identities';
import { readBinding } from '../team/replica/binding';
import { ReplicaEngine, type ReplicaEngineOptions } from '../team/replica/replica-engine';

/** Sends one event to one API session's renderer. */
export type EventSink = <E extends ApiEventName>(event: E, payload: DraftroomEvents[E]) => void;

/** A workspace file opened once and shared by every session that shows it. */
export interface OpenWorkspace {
  /** Canonical absolute path (the registry's key). */
  readonly path: string;
  readonly store: WorkspaceStoreApi;
  readonly hub: DocumentHub;
  /** Who is present in each document (in memory only). */
  readonly presence: PresenceHub;
  /** Named versions decoded for comparisons and exports, kept while the workspace is open. */
  readonly versionSnapshots: VersionSnapshots;
  /** Event sinks of the sessions on this workspace. */
  readonly sinks: Set<EventSink>;
  /** The sync with the team server while the workspace is bound to one (see `startTeamSync`), else null. */
  replica: ReplicaEngine | null;
}

/** How the registry opens stores and documents (the real store by default; tests may wrap it). */
export interface WorkspaceRegistryOptions {
  readonly openStore?: (path: string) => WorkspaceStoreApi;
  readonly loadYDoc?: (store: WorkspaceStoreApi, docId: string) => Y.Doc;
  /** Log rows after which a document is compacted (see `DocumentHub`). */
  readonly compactAfter?: number;
  /** Limits of the update policy (see `DocumentHubOptions.policyLimits`). */
  readonly policyLimits?: Partial<PolicyLimits>;
  /** Sync bound workspaces with their team server while open (default true; a team server serving files passes false). */
  readonly teamSync?: boolean;
  /** Tuning of the team sync (tests make it quick). */
  readonly replicaOptions?: ReplicaEngineOptions;
}

/** The canonical form of a workspace path: absolute, symlinks resolved when the file exists. */
export function canonicalWorkspacePath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync.native(absolute);
  } catch {
    return absolute;
  }
}

/**
 * The workspaces open in this process, each opened once (one store
 * connection, one document hub) however many windows or connections show
 * it, and closed when the last one lets go.
 */
export class WorkspaceRegistry {
  private readonly open = new Map<string, { workspace: OpenWorkspace; refs: number }>();

  constructor(private readonly options: WorkspaceRegistryOptions = {}) {}

  /**
   * Opens (or shares) a workspace. Fails with the store's error
   * (`not-found`, `not-a-workspace`, `corrupt`, `newer-schema`) and then
   * holds nothing. Every `acquire` needs one `release`.
   */
  acquire(path: string): OpenWorkspace {
    const key = canonicalWorkspacePath(path);
    const existing = this.open.get(key);
    if (existing !== undefined) {
      existing.refs += 1;
      return existing.workspace;
    }
    const store = (this.options.openStore ?? openWorkspace)(key);
    const hub = new DocumentHub(store, {
      loadYDoc: this.options.loadYDoc ?? loadYDoc,
      ...(this.options.compactAfter !== undefined ? { compactAfter: this.options.compactAfter } : {}),
      ...(this.options.policyLimits !== undefined ? { policyLimits: this.options.policyLimits } : {}),
    });
    const workspace: OpenWorkspace = { path: key, store, hub, presence: new PresenceHub(), versionSnapshots: new VersionSnapshots(), sinks: new Set(), replica: null };
    this.open.set(key, { workspace, refs: 1 });
    if (this.options.teamSync !== false) {
      try {
        this.startTeamSync(workspace);
      } catch (error) {
        console.error(`draftroom: could not start syncing ${key} with its team server:`, error);
      }
    }
    return workspace;
  }

  /**
   * Starts syncing an open workspace with the team server it is bound to
   * (nothing if it is not bound, or already syncing): every document stays
   * open in the hub, edits never wait for the network, and every session
   * hears `teamStatus` events. Returns the engine, or null if not bound.
   */
  startTeamSync(workspace: OpenWorkspace): ReplicaEngine | null {
    if (workspace.replica !== null) return workspace.replica;
    const bound = readBinding(workspace.store);
    if (bound === null) return null;
    const engine = new ReplicaEngine(workspace.store, workspace.hub, bound, {
      awarenessFor: (docId) => workspace.presence.awarenessFor(docId),
      onWorkspaceChanged: () => announceWorkspaceChanged(workspace),
      ...this.options.replicaOptions,
    });
    workspace.replica = engine;
    engine.onStatus((status) => {
      for (const sink of workspace.sinks) {
        try {
          sink('teamStatus', status);
        } catch (error) {
          console.error('draftroom: could not deliver teamStatus:', error);
        }
      }
    });
    engine.start();
    return engine;
  }

  /** Lets go of a workspace; the last release compacts its open documents and closes the file. */
  release(workspace: OpenWorkspace): void {
    const held = this.open.get(workspace.path);
    if (held === undefined || held.workspace !== workspace) return;
    held.refs -= 1;
    if (held.refs > 0) return;
    this.open.delete(workspace.path);
    closeWorkspace(workspace);
  }

  /** Whether a workspace file is open in this process. */
  isOpen(path: string): boolean {
    return this.open.has(canonicalWorkspacePath(path));
  }

  /** Closes every workspace (the process is quitting). */
  closeAll(): void {
    for (const { workspace } of [...this.open.values()]) {
      this.open.delete(workspace.path);
      closeWorkspace(workspace);
    }
  }
}

function closeWorkspace(workspace: OpenWorkspace): void {
  try {
    workspace.replica?.stop();
  } catch (error) {
    console.error('draftroom: could not stop the team sync:', error);
  }
  workspace.replica = null;
  workspace.presence.dispose();
  try {
    workspace.hub.dispose();
  } finally {
    workspace.store.close();
  }
}

/** What `getWorkspace` returns for an open workspace. */
export function describeWorkspace(workspace: OpenWorkspace): WorkspaceInfo {
  const meta = workspace.store.meta();
  return {
    id: meta.id,
    name: meta.name,
    schemaVersion: meta.schemaVersion,
    path: workspace.path,
    parties: workspace.store.listParties(),
    members: workspace.store.listMembers(),
    fixedIdentity: fixedIdentityOf(workspace.store),
  };
}

/** Tells every session on a workspace that its parties, members or documents changed. */
export function announceWorkspaceChanged(workspace: OpenWorkspace): void {
  // A bound workspace tells its team server at once (a new document is created there, then linked).
  void workspace.replica?.syncWorkspaceData().catch(() => undefined);
  const info = describeWorkspace(workspace);
  for (const sink of workspace.sinks) {
    try {
      sink('workspaceChanged', info);
    } catch (error) {
      console.error('draftroom: could not deliver workspaceChanged:', error);
    }
  }
}
