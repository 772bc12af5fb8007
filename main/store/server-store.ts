import type { WorkspaceStoreApi } from './store-types';

/**
 * The asynchronous view of a synchronous interface: every method returns a
 * promise of what it returned; properties stay as they are. Derived from the
 * interface, so the two can never drift apart.
 */
export type AsyncView<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/**
 * What the team server needs of a workspace store: the workspace, its
 * parties and members, documents and their update log, named versions and
 * access tokens. (Preferences, set-aside edits and identity switches belong
 * to desktop replicas, never to a server.)
 */
export type ServerStoreMethods = Pick<
  WorkspaceStoreApi,
  | 'meta'
  | 'listParties'
  | 'addParty'
  | 'findParty'
  | 'listMembers'
  | 'addMember'
  | 'getMember'
  | 'setMemberRole'
  | 'listDocuments'
  | 'createDocument'
  | 'getDocument'
  | 'appendUpdate'
  | 'appendUpdates'
  | 'appendBatch'
  | 'readDocumentState'
  | 'compact'
  | 'logLength'
  | 'listContributors'
  | 'createVersion'
  | 'listVersions'
  | 'getVersion'
  | 'listTokens'
  | 'getToken'
  | 'createToken'
  | 'revokeToken'
  | 'checkToken'
  | 'touchToken'
>;

/**
 * The store as the team server uses it: the asynchronous view of
 * `ServerStoreMethods`, plus where it lives and how to let go of it. A
 * workspace file gives one through `serverStoreOf`; PostgreSQL through
 * `PgWorkspaceStore` (`main/store/pg/`).
 */
export type ServerStore = AsyncView<ServerStoreMethods> & {
  /** Where the workspace lives, for log lines and the start banner (a file path, or `postgres://…#<id>` without the password). */
  readonly location: string;
  /** Lets go of the store (closes a file; a PostgreSQL store's pool is closed by its owner). */
  close(): Promise<void>;
  /**
   * A value that changes whenever parties or members may have changed (see
   * `WorkspaceStoreApi.membershipVersion`); absent for a store that cannot
   * tell cheaply (PostgreSQL, written by other instances): its readers re-read.
   */
  membershipVersion?(): Promise<string>;
};

const SERVER_METHODS: readonly (keyof ServerStoreMethods)[] = [
  'meta',
  'listParties',
  'addParty',
  'findParty',
  'listMembers',
  'addMember',
  'getMember',
  'setMemberRole',
  'listDocuments',
  'createDocument',
  'getDocument',
  'appendUpdate',
  'appendUpdates',
  'appendBatch',
  'readDocumentState',
  'compact',
  'logLength',
  'listContributors',
  'createVersion',
  'listVersions',
  'getVersion',
  'listTokens',
  'getToken',
  'createToken',
  'revokeToken',
  'checkToken',
  'touchToken',
];

/**
 * The server view of a synchronous (SQLite) store: each call runs at once
 * and its result or error comes back as a settled promise. `close` lets the
 * caller decide: by default it does not close the file (the workspace
 * registry owns it).
 */
export function serverStoreOf(store: WorkspaceStoreApi, options: { readonly closes?: boolean } = {}): ServerStore {
  const view: Record<string, unknown> = {};
  for (const name of SERVER_METHODS) {
    const method = store[name] as (...args: unknown[]) => unknown;
    view[name] = (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(method.apply(store, args));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
  }
  view['membershipVersion'] = (): Promise<string> => {
    try {
      return Promise.resolve(store.membershipVersion());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  view['location'] = store.path;
  view['close'] = (): Promise<void> => {
    if (options.closes === true) store.close();
    return Promise.resolve();
  };
  return view as ServerStore;
}
