import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { packageRecordProblem } from '../../shared/negotiation/package-schema';
import { packagesMap } from '../../shared/negotiation/packages';
import { mayDecide } from '../../shared/suggest/decide';
import { changedFields, entryFields, watchEntries } from './negotiation-record-watch';

/**
 * Main's check of what one peer's update did to the packages of a document:
 * every package created or changed has the shape the app writes; a new one
 * is in the sender's own name and party; its creator and time never change
 * (its name and clauses may, by anyone who may edit); only a lead deletes
 * one.
 */
export function watchPackages(doc: Y.Doc, origin: unknown): { finish(identity: Identity | null): string | null } {
  const packages = watchEntries(packagesMap(doc), origin);
  return {
    finish(identity) {
      const touched = packages.finish();
      if (touched.size === 0) return null;
      if (identity === null) return 'choose who you are before changing packages';
      for (const [id, entry] of touched) {
        const value = packagesMap(doc).get(id);
        if (entry.deleted && entry.created) return `package ${id}: a package cannot be replaced`;
        if (value === undefined) {
          if (!mayDecide(identity)) return `package ${id}: only a lead may delete a package`;
          continue;
        }
        const shape = packageRecordProblem(id, value instanceof Y.Map ? value.toJSON() : value);
        if (shape !== null) return `package ${id}: ${shape}`;
        const now = entryFields(value);
        if (entry.created) {
          if (now.get('createdBy') !== identity.member.id || now.get('partyId') !== identity.party.id) {
            return `package ${id}: a new package is created in the sender's own name (${identity.member.name}, ${identity.party.name})`;
          }
          continue;
        }
        for (const field of changedFields(now, entry)) {
          if (field !== 'name' && field !== 'clauseIds') return `package ${id}: the ${field} of a package cannot be changed`;
        }
      }
      return null;
    },
  };
}
