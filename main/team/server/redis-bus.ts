import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import { decodeBusMessage, encodeBusMessage, type BusMessage, type ClusterBus } from './cluster-bus';
import { fields, type ServerLog } from './server-log';

/** Options of `connectRedisBus`. */
export interface RedisBusOptions {
  /** Prefix of every channel name (several deployments, or test runs, may share one Redis). Default `draftroom:`. */
  readonly prefix?: string;
  /** This instance's id (default: random). */
  readonly instance?: string;
  readonly log: ServerLog;
}

/** A `redis://…` URL without its password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}

/**
 * The cluster bus on Redis pub/sub (ioredis): one channel per document,
 * `<prefix>doc:<workspaceId>/<docId>`. Two connections: one subscribed, one
 * publishing. Both reconnect on their own; publishing while disconnected
 * fails at once (no offline queue) and is only logged, since the update is
 * already stored and the other instances catch it up. Rejects with
 * `unreachable` if Redis does not answer at start.
 */
export async function connectRedisBus(url: string, options: RedisBusOptions): Promise<ClusterBus> {
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new DraftroomError('invalid-argument', `--redis must be a redis://… URL (got "${String(url)}")`);
  }
  const prefix = options.prefix ?? 'draftroom:';
  const instance = options.instance ?? randomBytes(6).toString('hex');
  const label = redactRedisUrl(url);
  const common = {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: (times: number) => Math.min(100 * times, 1000),
  };
  // Named, so that an operator (or a test) can tell this instance's connections in CLIENT LIST.
  const publisher = new Redis(url, { ...common, enableOfflineQueue: false, connectionName: `${prefix}${instance}:pub` });
  const subscriber = new Redis(url, { ...common, autoResubscribe: true, connectionName: `${prefix}${instance}:sub` });
  const listeners = new Map<string, Set<(message: BusMessage) => void>>();
  const reconnectListeners = new Set<() => void>();
  let closed = false;
  /** Set once both connections are up: losing Redis before that is a start failure, not an outage. */
  let started = false;
  let lostSince: number | null = null;

  for (const [name, connection] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    connection.on('error', () => undefined);
    connection.on('close', () => {
      if (closed || name !== 'subscriber' || lostSince !== null || !started) return;
      lostSince = Date.now();
      options.log.error(`redis-lost ${fields({ redis: label, instance })}`);
    });
  }
  subscriber.on('ready', () => {
    if (lostSince === null) return;
    options.log.info(`redis-back ${fields({ redis: label, instance, after_ms: Date.now() - lostSince })}`);
    lostSince = null;
    for (const listener of reconnectListeners) listener();
  });
  subscriber.on('messageBuffer', (channel: Buffer, bytes: Buffer) => {
    const key = channel.toString('utf8').slice(prefix.length + 4);
    const set = listeners.get(key);
    if (set === undefined) return;
    const message = decodeBusMessage(bytes);
    if (message === null || message.instance === instance) return;
    for (const listener of set) listener(message);
  });

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new DraftroomError('unreachable', `Redis at ${label} is unreachable (${errorText(error)})`);
  }
  started = true;

  const channelOf = (key: string): string => `${prefix}doc:${key}`;
  return {
    instance,
    publish(documentKey, message) {
      publisher.publish(channelOf(documentKey), encodeBusMessage(message)).catch((error: unknown) => {
        if (!closed) options.log.error(`redis-publish-failed ${fields({ doc: documentKey, error: errorText(error) })}`);
      });
    },
    subscribe(documentKey, listener) {
      let set = listeners.get(documentKey);
      if (set === undefined) {
        set = new Set();
        listeners.set(documentKey, set);
        subscriber.subscribe(channelOf(documentKey)).catch(() => undefined);
      }
      set.add(listener);
      return () => {
        const now = listeners.get(documentKey);
        if (now === undefined || !now.delete(listener) || now.size > 0) return;
        listeners.delete(documentKey);
        subscriber.unsubscribe(channelOf(documentKey)).catch(() => undefined);
      };
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    async reachable() {
      try {
        const answer = await Promise.race([publisher.ping(), new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
        return answer === 'PONG' && subscriber.status === 'ready';
      } catch {
        return false;
      }
    },
    async close() {
      closed = true;
      listeners.clear();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
