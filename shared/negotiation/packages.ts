import * as Y from 'yjs';
import { DraftroomError } from '../api/errors';
import type { Identity } from '../domain/types';
import { newId } from '../domain/ids';
import { YDOC_LAYOUT } from '../ydoc/layout';
import { writeRecordFields } from './bracket-records';
import { MAX_PACKAGE_NAME, packageRecordProblem, type PackageRecord } from './package-schema';
import type { PositionRow } from './position-matrix';

/**
 * Packages in a document's Y.Doc (Y.Map `packages`) and what they mean for
 * agreement: a clause in a package counts as agreed only when every clause
 * of the package is agreed by every party (positions not stale). Pure.
 */

/** The map of package records of a document. */
export function packagesMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap<Y.Map<unknown>>(YDOC_LAYOUT.packages);
}

/** Every well-formed package, by name. */
export function readPackages(ydoc: Y.Doc): PackageRecord[] {
  const out: PackageRecord[] = [];
  packagesMap(ydoc).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    const json = value.toJSON() as unknown;
    if (packageRecordProblem(key, json) === null) out.push(json as PackageRecord);
  });
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Creates a package (in `identity`'s name) or, with `id`, renames it and sets its clauses. Returns its id. */
export function writePackage(
  ydoc: Y.Doc,
  identity: Identity,
  request: { readonly id?: string; readonly name: string; readonly clauseIds: readonly string[] },
  options: { readonly origin?: unknown; readonly now?: string; readonly generateId?: () => string } = {},
): string {
  if (identity.member.role === 'observer') throw new DraftroomError('forbidden', `${identity.member.name} is an observer and may not change packages`);
  const name = request.name.replace(/\s+/g, ' ').trim();
  if (name === '' || name.length > MAX_PACKAGE_NAME) throw new DraftroomError('invalid-argument', `a package needs a name of 1 to ${MAX_PACKAGE_NAME} characters`);
  const clauseIds = [...new Set(request.clauseIds)];
  if (clauseIds.length < 2) throw new DraftroomError('invalid-argument', 'a package holds at least two clauses');
  const existing = request.id === undefined ? undefined : readPackages(ydoc).find((p) => p.id === request.id);
  if (request.id !== undefined && !existing) throw new DraftroomError('invalid-argument', `no package ${request.id} in this document`);
  if (readPackages(ydoc).some((p) => p.name.toLowerCase() === name.toLowerCase() && p.id !== request.id)) {
    throw new DraftroomError('conflict', `the document already has a package named “${name}”`);
  }
  const id = existing?.id ?? (options.generateId ?? newId)();
  const record: PackageRecord = existing
    ? { ...existing, name, clauseIds }
    : { id, name, clauseIds, createdBy: identity.member.id, partyId: identity.party.id, createdAt: options.now ?? new Date().toISOString() };
  ydoc.transact(() => writeRecordFields(packagesMap(ydoc), record as unknown as { id: string } & Record<string, unknown>), options.origin ?? null);
  return id;
}

/** A package with what its clauses' positions say. */
export interface PackageStatus {
  readonly id: string;
  readonly name: string;
  /** Its clauses in document order (clauses no longer in the document are left out). */
  readonly clauses: readonly { readonly clauseId: string; readonly point: number; readonly heading: string; readonly agreedByAll: boolean }[];
  /** Every clause of the package is agreed by every party. */
  readonly agreed: boolean;
}

/** Each package's clauses and whether the package is agreed, from the positions matrix's rows (all clauses). */
export function packageStatuses(packages: readonly PackageRecord[], rows: readonly PositionRow[]): PackageStatus[] {
  const byId = new Map(rows.map((r) => [r.clauseId, r]));
  return packages.map((p) => {
    const clauses = rows.filter((r) => p.clauseIds.includes(r.clauseId)).map((r) => ({ clauseId: r.clauseId, point: r.point, heading: r.heading, agreedByAll: r.agreedByAll }));
    const missing = p.clauseIds.some((id) => !byId.has(id));
    return { id: p.id, name: p.name, clauses, agreed: !missing && clauses.length > 0 && clauses.every((c) => c.agreedByAll) };
  });
}

/** Per clause: the packages it belongs to, and whether it counts as agreed (agreed by all, and every package of it agreed). */
export interface ClauseAgreement {
  readonly packages: readonly string[];
  /** Agreed by all on its own but held by a package that is not agreed. */
  readonly heldBy: readonly string[];
  readonly agreed: boolean;
}

/** The agreement of every clause of `rows`, packages considered. */
export function clauseAgreements(rows: readonly PositionRow[], statuses: readonly PackageStatus[]): Map<string, ClauseAgreement> {
  const out = new Map<string, ClauseAgreement>();
  for (const row of rows) {
    const mine = statuses.filter((s) => s.clauses.some((c) => c.clauseId === row.clauseId));
    const heldBy = row.agreedByAll ? mine.filter((s) => !s.agreed).map((s) => s.name) : [];
    out.set(row.clauseId, { packages: mine.map((s) => s.name), heldBy, agreed: row.agreedByAll && heldBy.length === 0 });
  }
  return out;
}
