import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import type { Party } from '../../../shared/domain/types';
import { positionMatrix } from '../../../shared/negotiation/position-matrix';
import { packagesMap, packageStatuses, readPackages } from '../../../shared/negotiation/packages';
import { positionsMap, readPositions } from '../../../shared/negotiation/positions';
import type { OutlinePackages } from '../ui/outline';

/**
 * What the outline marks of packages: per clause in a package, the packages'
 * names and whether all of them are agreed. Reads nothing when the document
 * has no package (the common case costs one map lookup per frame).
 */
export function outlinePackages(ydoc: Y.Doc, doc: PMNode, parties: readonly Party[]): Map<string, OutlinePackages> {
  const out = new Map<string, OutlinePackages>();
  const packages = readPackages(ydoc);
  if (packages.length === 0) return out;
  const statuses = packageStatuses(packages, positionMatrix(doc, readPositions(ydoc), parties));
  for (const status of statuses) {
    for (const clause of status.clauses) {
      const before = out.get(clause.clauseId);
      out.set(clause.clauseId, { names: [...(before?.names ?? []), status.name], agreed: (before?.agreed ?? true) && status.agreed });
    }
  }
  return out;
}

/** Calls `onChange` whenever the document's packages or positions change (local or remote), for as long as the Y.Doc lives. */
export function watchNegotiation(ydoc: Y.Doc, onChange: () => void): () => void {
  const handler = (): void => onChange();
  packagesMap(ydoc).observeDeep(handler);
  positionsMap(ydoc).observeDeep(handler);
  return () => {
    packagesMap(ydoc).unobserveDeep(handler);
    positionsMap(ydoc).unobserveDeep(handler);
  };
}
