import * as Y from 'yjs';
import { YDOC_LAYOUT } from '../ydoc/layout';
import { alternativeRecordProblem, bracketRecordProblem, type AlternativeRecord, type BracketRecord } from './bracket-schema';

/**
 * Reading and writing bracket and alternative records in a document's
 * Y.Doc (Y.Maps `brackets` and `alternatives`, one Y.Map of fields per
 * record, like change records). Reads leave out entries that are not
 * well-formed (main refuses them; a replica may still hold one it made).
 */

/** The map of bracket records of a document. */
export function bracketsMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap<Y.Map<unknown>>(YDOC_LAYOUT.brackets);
}

/** The map of alternative records of a document. */
export function alternativesMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap<Y.Map<unknown>>(YDOC_LAYOUT.alternatives);
}

/** The well-formed records among `entries` (record id → its fields as plain data). */
function wellFormed<T>(entries: Iterable<readonly [string, unknown]>, problem: (key: string, value: unknown) => string | null): T[] {
  const out: T[] = [];
  for (const [key, json] of entries) if (problem(key, json) === null) out.push(json as T);
  return out;
}

/** A record map's entries that are Y.Maps, as plain data. */
function* mapEntries(map: Y.Map<Y.Map<unknown>>): Generator<readonly [string, unknown]> {
  for (const [key, value] of map.entries()) if (value instanceof Y.Map) yield [key, value.toJSON() as unknown];
}

/** A record map's entries as plain data (`Y.Map.toJSON`, as a version's content holds them) that are objects. */
function* jsonEntries(map: Readonly<Record<string, unknown>>): Generator<readonly [string, unknown]> {
  for (const [key, value] of Object.entries(map)) if (value !== null && typeof value === 'object' && !Array.isArray(value)) yield [key, value];
}

function bracketsInOrder(records: BracketRecord[]): BracketRecord[] {
  return records.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id));
}

function alternativesInOrder(records: AlternativeRecord[]): AlternativeRecord[] {
  return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Every well-formed bracket record, oldest first. */
export function readBracketRecords(ydoc: Y.Doc): BracketRecord[] {
  return bracketsInOrder(wellFormed(mapEntries(bracketsMap(ydoc)), bracketRecordProblem));
}

/** Every well-formed alternative record, oldest first. */
export function readAlternativeRecords(ydoc: Y.Doc): AlternativeRecord[] {
  return alternativesInOrder(wellFormed(mapEntries(alternativesMap(ydoc)), alternativeRecordProblem));
}

/** `readBracketRecords` of the `brackets` map as plain data (`Y.Map.toJSON`). */
export function bracketRecordsOf(map: Readonly<Record<string, unknown>>): BracketRecord[] {
  return bracketsInOrder(wellFormed(jsonEntries(map), bracketRecordProblem));
}

/** `readAlternativeRecords` of the `alternatives` map as plain data (`Y.Map.toJSON`). */
export function alternativeRecordsOf(map: Readonly<Record<string, unknown>>): AlternativeRecord[] {
  return alternativesInOrder(wellFormed(jsonEntries(map), alternativeRecordProblem));
}

/**
 * Creates or updates a record field by field (concurrent edits of
 * different fields both survive); an unchanged field is not rewritten.
 */
export function writeRecordFields(map: Y.Map<Y.Map<unknown>>, record: { readonly id: string } & Record<string, unknown>): void {
  writeEntryFields(map, record.id, record);
}

/** Like `writeRecordFields`, for records whose key is not a field of theirs (positions). */
export function writeEntryFields(map: Y.Map<Y.Map<unknown>>, key: string, fields: Readonly<Record<string, unknown>>): void {
  let entry = map.get(key);
  if (!(entry instanceof Y.Map)) {
    entry = new Y.Map<unknown>();
    map.set(key, entry);
  }
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (JSON.stringify(entry.get(field)) !== JSON.stringify(value)) entry.set(field, value);
  }
}
