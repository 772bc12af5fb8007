import type { DocumentSnapshot } from '../../shared/redline/document-snapshot';
import type { StoredVersion } from '../store/store-types';
import { readVersion, type ProjectionStore, type VersionRead } from './version-read';

/**
 * The read snapshots of named versions (`readVersion`: from the stored
 * projection, or the Yjs state decoded), kept per open workspace so that
 * comparing and exporting the same versions again does not read them and
 * rebuild their ProseMirror documents again. A version read from its state
 * gets its projection stored (versions saved before migration 009).
 *
 * A version never changes once saved, but a version id alone is not trusted
 * as the key: the entry also keeps the state's bytes, and a read whose bytes
 * differ (a workspace file replaced under the same path, a version recreated
 * with the same id) decodes anew and replaces the entry. The working draft is
 * never cached here (it changes with every edit). What is handed out is
 * frozen, so that no caller can change what the next one reads.
 */

/** Versions kept by default (a comparison reads two; the last few comparisons stay warm). */
export const VERSION_SNAPSHOTS_KEPT = 6;

interface Entry {
  readonly state: Buffer;
  readonly read: VersionRead;
}

/** Least-recently-used cache of version snapshots; see the module comment. */
export class VersionSnapshots {
  private readonly entries = new Map<string, Entry>();

  /** `capacity`: versions kept at most (the least recently used goes first). */
  constructor(private readonly capacity: number = VERSION_SNAPSHOTS_KEPT) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`VersionSnapshots: capacity must be a positive integer, not ${capacity}`);
  }

  /** Number of versions held now. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * A version as read from `store`: the kept read if the same version of the
   * same document was read with the same bytes before, else `readVersion`
   * now, storing its projection if it had none (`invalid-argument` for bytes
   * that are not a Yjs state; nothing is kept then).
   */
  read(store: ProjectionStore, version: StoredVersion): VersionRead {
    const key = `${version.docId}\u0000${version.id}`;
    const state = Buffer.from(version.state.buffer, version.state.byteOffset, version.state.byteLength);
    const kept = this.entries.get(key);
    this.entries.delete(key);
    if (kept !== undefined && kept.state.equals(state)) {
      this.entries.set(key, kept);
      return kept.read;
    }
    const fresh = readVersion(store, version, { storeProjection: true });
    const read: VersionRead = Object.freeze({ ...fresh, snapshot: frozenSnapshot(fresh.snapshot) });
    // A copy: the caller's buffer is theirs to reuse.
    this.entries.set(key, { state: Buffer.from(state), read });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
    return read;
  }

  /** Forgets every kept snapshot. */
  clear(): void {
    this.entries.clear();
  }
}

/** Freezes plain JSON data (records, comments) all the way down. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The snapshot with its lists and records frozen (ProseMirror nodes are immutable already). */
function frozenSnapshot(snapshot: DocumentSnapshot): DocumentSnapshot {
  return Object.freeze({
    doc: snapshot.doc,
    records: deepFreeze([...snapshot.records]),
    comments: deepFreeze([...snapshot.comments]),
    brackets: Object.freeze([...snapshot.brackets]),
  });
}
