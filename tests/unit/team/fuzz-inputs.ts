/**
 * Seeded malformed and hostile traffic for the team server's fuzz test:
 * each generator returns one WebSocket message (bytes) and whether it is
 * meant to end the connection.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import type { SeededRandom } from '../../../shared/random/seeded-random';
import { changesMap, commentsMap, contentFragment } from '../../../shared/ydoc/layout';
import { typeInClause } from '../services/harness';

/** One fuzz input. */
export interface FuzzInput {
  readonly kind: string;
  readonly bytes: Uint8Array;
  /** Who sends it: a lead (only inputs nobody may store) or an observer (anything that would change the document). */
  readonly as: 'lead' | 'observer';
  /** Whether it is malformed, so that the server is expected to close the connection (4400, 1009). */
  readonly closes?: boolean;
}

/** The seeded generator the fuzz draws from. */
export type Rng = SeededRandom;
/** A whole number in [0, n). */
const int = (rng: Rng, n: number): number => rng.int(0, n - 1);
const randomBytes = (rng: Rng, n: number): Uint8Array => rng.bytes(n);

function envelope(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const syncUpdate = (update: Uint8Array): Uint8Array => envelope(0, (e) => writeUpdate(e, update));

/**
 * Makes fuzz inputs against a document whose current state is `base`:
 * random bytes; valid messages truncated, or re-wrapped truncated; bytes
 * flipped in valid updates; oversized messages; updates that build on
 * structs the server never got (content and deletions); random state
 * vectors; awareness floods, some malformed.
 */
export class FuzzInputs {
  constructor(
    private readonly rng: Rng,
    private readonly pool: UpdatePool,
    private readonly maxMessageBytes: number,
  ) {}

  /** The next input. */
  next(): FuzzInput {
    const rng = this.rng;
    const roll = int(rng, 100);
    if (roll < 14) return { kind: 'random-bytes', bytes: randomBytes(rng, 1 + int(rng, 200)), as: 'lead', closes: true };
    if (roll < 20) {
      // Random bytes behind a valid type byte.
      const type = int(rng, 5);
      return { kind: 'random-typed', bytes: envelope(type, (e) => encoding.writeUint8Array(e, randomBytes(rng, int(rng, 120)))), as: 'lead', closes: type !== 3 };
    }
    if (roll < 28) {
      const message = syncUpdate(this.pick());
      return { kind: 'truncated', bytes: message.slice(0, 1 + int(rng, message.length - 1)), as: 'lead', closes: true };
    }
    if (roll < 34) {
      const update = this.pick();
      return { kind: 'truncated-rewrapped', bytes: syncUpdate(update.slice(0, int(rng, update.length))), as: 'observer', closes: true };
    }
    if (roll < 48) {
      const update = this.pick().slice();
      for (let flips = 1 + int(rng, 3); flips > 0; flips--) update[int(rng, update.length)] = int(rng, 256);
      return { kind: 'mutated-update', bytes: syncUpdate(update), as: 'observer', closes: true };
    }
    if (roll < 56) return { kind: 'valid-update-from-observer', bytes: syncUpdate(this.pick()), as: 'observer' };
    if (roll < 66) return { kind: 'missing-structs', bytes: syncUpdate(this.pool.dependent[int(rng, this.pool.dependent.length)]!), as: 'lead' };
    if (roll < 70) {
      const sv = encoding.createEncoder();
      const clients = int(rng, 6);
      encoding.writeVarUint(sv, clients);
      for (let i = 0; i < clients; i++) {
        encoding.writeVarUint(sv, int(rng, 2 ** 32));
        encoding.writeVarUint(sv, int(rng, 10_000));
      }
      return { kind: 'random-state-vector', bytes: envelope(0, (e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, encoding.toUint8Array(sv));
      }), as: 'observer' };
    }
    if (roll < 72) return { kind: 'sync-step1', bytes: envelope(0, (e) => writeSyncStep1(e, this.pool.replica)), as: 'observer' };
    if (roll < 73) {
      return { kind: 'oversized', bytes: envelope(0, (e) => writeUpdate(e, new Uint8Array(this.maxMessageBytes + int(rng, 1000)))), as: 'lead', closes: true };
    }
    if (roll < 92) return { kind: 'awareness', bytes: this.awareness(false), as: roll % 2 === 0 ? 'lead' : 'observer' };
    if (roll < 97) return { kind: 'awareness-malformed', bytes: this.awareness(true), as: 'lead', closes: true };
    return { kind: 'query-awareness', bytes: new Uint8Array([3]), as: 'observer' };
  }

  private pick(): Uint8Array {
    return this.pool.plausible[int(this.rng, this.pool.plausible.length)]!;
  }

  private awareness(malformed: boolean): Uint8Array {
    const rng = this.rng;
    return envelope(1, (outer) => {
      const inner = encoding.createEncoder();
      const count = 1 + int(rng, 6);
      encoding.writeVarUint(inner, count);
      for (let i = 0; i < count; i++) {
        encoding.writeVarUint(inner, int(rng, 50));
        encoding.writeVarUint(inner, int(rng, 1000));
        const state = malformed ? String.fromCharCode(...randomBytes(rng, 1 + int(rng, 40))) : JSON.stringify({ user: { name: `n${int(rng, 1e6)}` }, pad: 'x'.repeat(int(rng, 300)) });
        encoding.writeVarString(inner, state);
      }
      const bytes = encoding.toUint8Array(inner);
      encoding.writeVarUint8Array(outer, malformed && int(rng, 2) === 0 ? bytes.slice(0, int(rng, bytes.length)) : bytes);
    });
  }
}

/**
 * Updates the inputs are made from, built once against the document's
 * state: plausible edits (typing, a new clause, a deletion, a record or
 * comment) and updates that depend on edits the server never got.
 */
export class UpdatePool {
  readonly replica = new Y.Doc();
  readonly plausible: Uint8Array[] = [];
  readonly dependent: Uint8Array[] = [];
  private serial = 0;

  constructor(
    private readonly rng: Rng,
    base: Uint8Array,
    size = 40,
  ) {
    Y.applyUpdate(this.replica, base);
    for (let i = 0; i < size; i++) this.plausible.push(this.plausibleUpdate());
    for (let i = 0; i < size; i++) this.dependent.push(this.missingStructs());
  }

  /** An update someone might send: typing, a new clause, a deletion, a record. */
  private plausibleUpdate(): Uint8Array {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.replica));
    const before = Y.encodeStateVector(doc);
    const what = int(this.rng, 4);
    const fragment = contentFragment(doc);
    if (what === 0 && fragment.length > 0) typeInClause(doc, 0, ` fuzz ${++this.serial}`, { tracked: int(this.rng, 2) === 0, by: null });
    else if (what === 1 && fragment.length > 0) fragment.delete(int(this.rng, fragment.length), 1);
    else if (what === 2) changesMap(doc).set(`chg-${++this.serial}`, new Y.Map([['status', 'accepted']]));
    else commentsMap(doc).set(`cmt-${++this.serial}`, new Y.Map([['text', 'hello']]));
    return Y.encodeStateAsUpdate(doc, before);
  }

  /** An update whose structs or deletions depend on edits the server never received. */
  private missingStructs(): Uint8Array {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.replica));
    typeInClause(doc, 0, ` never sent ${++this.serial}`, { tracked: false });
    const afterUnsent = Y.encodeStateVector(doc);
    const text = doc.getText(`t${this.serial}`);
    if (int(this.rng, 2) === 0) {
      // Deletes what the server never got.
      const fragment = contentFragment(doc);
      fragment.delete(0, Math.min(1, fragment.length));
    } else {
      text.insert(0, 'depends on the unsent edit');
      typeInClause(doc, 0, ' and more', { tracked: false });
    }
    return Y.encodeStateAsUpdate(doc, afterUnsent);
  }
}
