/** One message between server instances about one document (`<workspaceId>/<docId>`). */
export type BusMessage =
  | {
      readonly kind: 'update';
      /** The instance that stored and published it. */
      readonly instance: string;
      /** The update's sequence number in the document's log (already stored). */
      readonly seq: number;
      /** Who made it (for the update policy's memory of Yjs clients), or null. */
      readonly memberId: string | null;
      readonly payload: Uint8Array;
    }
  | {
      readonly kind: 'awareness';
      readonly instance: string;
      /** A y-protocols awareness update (never stored). */
      readonly payload: Uint8Array;
    };

/**
 * The channel between the team server instances that share one database:
 * updates (after they are stored) and awareness, per document. Delivery is
 * best effort: an instance that misses an update notices the gap in the
 * sequence numbers, or catches up on reconnect and on its periodic check,
 * from the database, never from memory alone.
 */
export interface ClusterBus {
  /** This instance's id (messages it published come back and are ignored). */
  readonly instance: string;
  /** Publishes a message about a document; never throws (a lost message is caught up later). */
  publish(documentKey: string, message: BusMessage): void;
  /** Listens to a document's messages from other instances; returns how to stop. */
  subscribe(documentKey: string, listener: (message: BusMessage) => void): () => void;
  /** Called after the bus reconnects (messages may have been lost meanwhile); returns how to stop. */
  onReconnect(listener: () => void): () => void;
  /** True if the bus answers now (for `/healthz`). */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

const KIND_UPDATE = 1;
const KIND_AWARENESS = 2;

/** A bus message as bytes: kind, instance id, sequence number, member id, payload. */
export function encodeBusMessage(message: BusMessage): Buffer {
  const instance = Buffer.from(message.instance, 'utf8');
  const member = Buffer.from(message.kind === 'update' ? (message.memberId ?? '') : '', 'utf8');
  const header = Buffer.alloc(1 + 1 + instance.length + 8 + 2 + member.length);
  let at = header.writeUInt8(message.kind === 'update' ? KIND_UPDATE : KIND_AWARENESS, 0);
  at = header.writeUInt8(instance.length, at);
  at += instance.copy(header, at);
  at = header.writeDoubleBE(message.kind === 'update' ? message.seq : 0, at);
  at = header.writeUInt16BE(member.length, at);
  member.copy(header, at);
  return Buffer.concat([header, message.payload]);
}

/** Reads `encodeBusMessage`'s bytes; null for anything else (it is ignored). */
export function decodeBusMessage(bytes: Buffer): BusMessage | null {
  try {
    let at = 0;
    const kind = bytes.readUInt8(at++);
    const instanceLength = bytes.readUInt8(at++);
    const instance = bytes.toString('utf8', at, at + instanceLength);
    at += instanceLength;
    const seq = bytes.readDoubleBE(at);
    at += 8;
    const memberLength = bytes.readUInt16BE(at);
    at += 2;
    const member = bytes.toString('utf8', at, at + memberLength);
    at += memberLength;
    if (at > bytes.length) return null;
    const payload = new Uint8Array(bytes.subarray(at));
    if (kind === KIND_UPDATE) return { kind: 'update', instance, seq, memberId: member === '' ? null : member, payload };
    if (kind === KIND_AWARENESS) return { kind: 'awareness', instance, payload };
    return null;
  } catch {
    return null;
  }
}
