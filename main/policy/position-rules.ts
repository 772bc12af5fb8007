import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { positionRecordProblem } from '../../shared/negotiation/position-schema';
import { positionsMap } from '../../shared/negotiation/positions';
import { watchEntries } from './negotiation-record-watch';

/**
 * Main's check of what one peer's update did to the party positions of a
 * document (`shared/negotiation/positions.ts`): only a member of a party
 * records that party's position, in their own name, in the shape the app
 * writes (stance, note, time, the clause text's fingerprint), under the
 * key of its clause and party; no position is deleted. Observers change
 * nothing anyway (the roles rule).
 */
export function watchPositions(doc: Y.Doc, origin: unknown): { finish(identity: Identity | null): string | null } {
  const positions = watchEntries(positionsMap(doc), origin);
  return {
    finish(identity) {
      const touched = positions.finish();
      if (touched.size === 0) return null;
      if (identity === null) return 'choose who you are before recording a position';
      for (const [key, entry] of touched) {
        if (entry.deleted && !entry.created) return `position ${key}: a position cannot be deleted; record another`;
        const value = positionsMap(doc).get(key);
        const shape = positionRecordProblem(key, value instanceof Y.Map ? value.toJSON() : value);
        if (shape !== null) return `position ${key}: ${shape}`;
        const record = value as Y.Map<unknown>;
        if (record.get('partyId') !== identity.party.id) {
          return `only a member of a party records its position; ${identity.member.name} is with ${identity.party.name}`;
        }
        if (record.get('recordedBy') !== identity.member.id) return `a position is recorded in the sender's own name (${identity.member.name})`;
      }
      return null;
    },
  };
}
