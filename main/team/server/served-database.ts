import { randomBytes } from 'node:crypto';
import { DraftroomError } from '../../../shared/api/errors';
import type { PolicyLimits } from '../../policy/update-shape';
import { PgDatabase } from '../../store/pg/pg-database';
import type { ClusterBus } from './cluster-bus';
import { connectRedisBus } from './redis-bus';
import type { ServedWorkspace } from './served-workspaces';
import type { ServerLog } from './server-log';
import { SharedDocuments } from './shared-documents';

/** Where a database-backed server keeps and shares its workspaces. */
export interface DatabaseBacking {
  /** `postgres://…` (its `options=-c search_path=…` picks a schema). */
  readonly database: string;
  /** `redis://…`: share documents live with the other instances on the same database. */
  readonly redis?: string;
  /** Prefix of the Redis channels (default `draftroom:`); instances that share documents use the same one. */
  readonly redisPrefix?: string;
  /** Serve only these workspaces (default: every workspace in the database). */
  readonly workspaces?: readonly string[];
  /** How often loaded documents are checked against the database for missed updates (ms; default 2000). */
  readonly catchUpMs?: number;
  /** Compact a document after this many updates appended by this instance (default 500). */
  readonly compactAfter?: number;
}

/** The workspaces of a database, opened for serving, with the health of what they rely on. */
export interface ServedDatabase {
  readonly served: Map<string, ServedWorkspace>;
  /** This instance's id on the bus (`single` without Redis). */
  readonly instance: string;
  /** The bus to the other instances, if any. */
  readonly bus: ClusterBus | undefined;
  readonly databaseLabel: string;
  databaseReachable(): Promise<boolean>;
  /** Null without Redis. */
  redisReachable(): Promise<boolean> | null;
  /** Unloads every document and closes the pool and the bus. */
  close(): Promise<void>;
}

/**
 * Opens the database (migrating it), the Redis bus if asked, and every
 * workspace to serve, each with its `SharedDocuments`. `not-found` if the
 * database holds no workspace (or not one asked for), `unreachable` if
 * PostgreSQL or Redis does not answer.
 */
export async function openServedDatabase(backing: DatabaseBacking, options: { log: ServerLog; policyLimits?: Partial<PolicyLimits> }): Promise<ServedDatabase> {
  const database = await PgDatabase.open(backing.database);
  let bus: ClusterBus | undefined;
  try {
    const all = await database.listWorkspaces();
    const wanted = backing.workspaces ?? all.map((w) => w.id);
    if (wanted.length === 0) {
      throw new DraftroomError('not-found', `${database.label} holds no workspace yet (copy one in: draftroom migrate-store <file> --database …)`);
    }
    if (backing.redis !== undefined) {
      bus = await connectRedisBus(backing.redis, { log: options.log, instance: randomBytes(6).toString('hex'), ...(backing.redisPrefix !== undefined ? { prefix: backing.redisPrefix } : {}) });
    }
    const served = new Map<string, ServedWorkspace>();
    for (const id of wanted) {
      const store = await database.workspace(id);
      const meta = await store.meta();
      const documents = new SharedDocuments(store, {
        workspaceId: id,
        log: options.log,
        ...(bus !== undefined ? { bus } : {}),
        ...(backing.catchUpMs !== undefined ? { catchUpMs: backing.catchUpMs } : {}),
        ...(backing.compactAfter !== undefined ? { compactAfter: backing.compactAfter } : {}),
        ...(options.policyLimits !== undefined ? { policyLimits: options.policyLimits } : {}),
      });
      served.set(id, { id, name: meta.name, location: store.location, store, documents, release: () => documents.dispose() });
    }
    const instance = bus?.instance ?? 'single';
    return {
      served,
      instance,
      bus,
      databaseLabel: database.label,
      databaseReachable: () => database.reachable(),
      redisReachable: () => bus?.reachable() ?? null,
      async close() {
        for (const workspace of served.values()) await workspace.release().catch(() => undefined);
        await bus?.close();
        await database.close();
      },
    };
  } catch (error) {
    await bus?.close();
    await database.close();
    throw error;
  }
}
