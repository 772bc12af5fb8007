import * as Y from 'yjs';
import { DraftroomError, errorText } from '../api/errors';
import type { ChangeRecord } from '../domain/types';
import { listClauses } from '../schema/clauses';
import { readSuggestedDoc } from '../suggest/suggested-doc';
import { readChanges } from '../ydoc/layout';

/**
 * What a named version says about its clauses: read once from the version's
 * full Yjs state (versions never change, so callers cache the result per
 * version id).
 */

/** One clause of a version. */
export interface VersionClause {
  readonly id: string;
  /** 1-based number in that version. */
  readonly number: number;
  /** Heading text ('' if none). */
  readonly heading: string;
  /** Proposed for removal in that version (it still had its number). */
  readonly pendingRemoval: boolean;
  /** Proposed for addition in that version. */
  readonly pendingAddition: boolean;
}

/** A version's clauses and the change records it held. */
export interface VersionContents {
  readonly clauses: readonly VersionClause[];
  readonly records: readonly ChangeRecord[];
}

/**
 * Reads a version's clauses (numbered as the suggestion engine shows them:
 * clause-level suggestions projected from the records) and change records
 * from its full Yjs V1 state. Throws `invalid-argument` for bytes that are
 * not a Yjs state.
 */
export function readVersionContents(state: Uint8Array): VersionContents {
  return withVersionDoc(state, (ydoc) => {
    const clauses = listClauses(readSuggestedDoc(ydoc)).map((c) => ({
      id: c.id,
      number: c.number,
      heading: c.heading,
      pendingRemoval: c.pendingRemoval,
      pendingAddition: c.pendingAddition,
    }));
    return { clauses, records: readChanges(ydoc) };
  });
}

/**
 * Runs `fn` on a Y.Doc rebuilt from a version's full Yjs V1 state and
 * destroys it afterwards (`fn` must not keep it). Throws `invalid-argument`
 * for bytes that are not a Yjs state.
 */
export function withVersionDoc<T>(state: Uint8Array, fn: (ydoc: Y.Doc) => T): T {
  const ydoc = new Y.Doc();
  try {
    try {
      Y.applyUpdate(ydoc, state);
    } catch (error) {
      throw new DraftroomError('invalid-argument', `The version's stored state cannot be read: ${errorText(error)}`);
    }
    return fn(ydoc);
  } finally {
    ydoc.destroy();
  }
}
