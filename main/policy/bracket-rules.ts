import * as Y from 'yjs';
import type { Identity } from '../../shared/domain/types';
import { alternativesMap, bracketsMap } from '../../shared/negotiation/bracket-records';
import { alternativeRecordProblem, bracketRecordProblem } from '../../shared/negotiation/bracket-schema';
import { mayDecide } from '../../shared/suggest/decide';
import { entryWriteBasis } from '../../shared/ydoc/map-writes';
import { changedFields, entryFields, watchEntries, type TouchedEntry } from './negotiation-record-watch';

/**
 * Main's check of what one peer's update did to the bracket and
 * alternative records of a document (`shared/negotiation/`):
 * - every record created or changed has the shape the app writes;
 * - a new bracket is opened in the sender's own name and party, open;
 * - a new alternative is recorded by the sender, for the sender's party,
 *   in an open bracket — except the bracketed words themselves
 *   (`existing`), whose party the member who opens the bracket names, in
 *   the same update as the bracket;
 * - an alternative's rationale is edited only by a member of its party;
 *   nothing else of an alternative changes;
 * - only a lead closes a bracket, in their own name, once (a closed bracket
 *   is final; two leads closing at once, each having seen it open, is a
 *   race that Yjs settles on one whole closure); nothing else of a bracket
 *   changes;
 * - no record is deleted or replaced.
 * (The words under `alternative` marks are text: the content and
 * tracked-text rules judge them.)
 */

/** Watches a document's bracket and alternative records while one peer's update is applied. */
export function watchBrackets(doc: Y.Doc, origin: unknown): { finish(identity: Identity | null): string | null } {
  const brackets = watchEntries(bracketsMap(doc), origin);
  const alternatives = watchEntries(alternativesMap(doc), origin);
  return {
    finish(identity) {
      const bracketTouches = brackets.finish();
      const altTouches = alternatives.finish();
      if (bracketTouches.size === 0 && altTouches.size === 0) return null;
      if (identity === null) return 'choose who you are before changing brackets';
      for (const [id, touched] of bracketTouches) {
        const why = bracketRefusal(doc, id, touched, identity);
        if (why !== null) return `bracket ${id}: ${why}`;
      }
      for (const [id, touched] of altTouches) {
        const why = alternativeRefusal(doc, id, touched, identity, bracketTouches);
        if (why !== null) return `alternative ${id}: ${why}`;
      }
      return null;
    },
  };
}

function bracketRefusal(doc: Y.Doc, id: string, touched: TouchedEntry, identity: Identity): string | null {
  if (touched.deleted) return 'a bracket record cannot be deleted or replaced';
  const entry = bracketsMap(doc).get(id);
  const shape = bracketRecordProblem(id, entry instanceof Y.Map ? entry.toJSON() : entry);
  if (shape !== null) return shape;
  const now = entryFields(entry);
  if (touched.created) {
    if (now.get('openedBy') !== identity.member.id || now.get('partyId') !== identity.party.id) {
      return `a new bracket must be opened in the sender's own name (${identity.member.name}, ${identity.party.name})`;
    }
    return now.get('status') === 'open' ? null : 'a new bracket is open';
  }
  for (const field of changedFields(now, touched)) {
    if (field !== 'status' && field !== 'closure') return `the ${field} of a bracket cannot be changed`;
  }
  const changed = changedFields(now, touched);
  if (changed.length === 0) return null;
  const statusBefore = touched.before.has('status') ? touched.before.get('status') : now.get('status');
  if (!mayDecide(identity)) return `only a lead may close a bracket; ${identity.member.name} is a ${identity.member.role}`;
  // Two leads closing at once is a race, not a reopening: each saw the bracket open, and one closure wins whole.
  if (statusBefore !== 'open' && !(now.get('status') === 'closed' && closedConcurrently(entry))) return 'a closed bracket stays closed';
  const closure = now.get('closure') as { by?: unknown } | undefined;
  if (closure?.by !== identity.member.id) return 'a bracket is closed in the closer’s own name';
  return null;
}

/** Whether the closure just written was made without seeing the one main held (both writers saw the bracket open). */
function closedConcurrently(entry: unknown): boolean {
  if (!(entry instanceof Y.Map)) return false;
  return ['status', 'closure'].every((field) => {
    const basis = entryWriteBasis(entry, field);
    return basis.kind === 'concurrent' && (field !== 'status' || basis.seen === undefined || basis.seen === 'open');
  });
}

function alternativeRefusal(doc: Y.Doc, id: string, touched: TouchedEntry, identity: Identity, bracketTouches: ReadonlyMap<string, TouchedEntry>): string | null {
  if (touched.deleted) return 'an alternative record cannot be deleted or replaced';
  const entry = alternativesMap(doc).get(id);
  const shape = alternativeRecordProblem(id, entry instanceof Y.Map ? entry.toJSON() : entry);
  if (shape !== null) return shape;
  const now = entryFields(entry);
  if (touched.created) {
    const bracketId = String(now.get('bracketId'));
    const bracket = bracketsMap(doc).get(bracketId);
    if (!(bracket instanceof Y.Map)) return 'it names a bracket the document does not have';
    if (bracket.get('status') !== 'open') return 'a closed bracket takes no new alternative';
    if (now.get('proposedBy') !== identity.member.id) return `a new alternative must be recorded in the sender's own name (${identity.member.name})`;
    if (now.get('existing') === true) {
      // The bracketed words: their party is named by the member who opens the bracket, in the same update.
      return bracketTouches.get(bracketId)?.created && bracket.get('openedBy') === identity.member.id
        ? null
        : 'only the member opening a bracket records the words it brackets';
    }
    return now.get('partyId') === identity.party.id ? null : `a new alternative is proposed for the sender's own party (${identity.party.name})`;
  }
  for (const field of changedFields(now, touched)) {
    if (field !== 'rationale') return `the ${field} of an alternative cannot be changed`;
    if (now.get('partyId') !== identity.party.id) {
      return `only members of the proposing party may edit its rationale; ${identity.member.name} is with ${identity.party.name}`;
    }
  }
  return null;
}
