import type { Mark, Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { updateYFragment } from 'y-prosemirror';
import type * as Y from 'yjs';
import { DraftroomError } from '../api/errors';
import type { ChangeRecord, Identity } from '../domain/types';
import { newId } from '../domain/ids';
import { proposalSchema } from '../schema/schema';
import { decideRecord, decisionPatches, mayDecide } from '../suggest/decide';
import { indexChangeMarks, isSuggestionMark, markChangeId } from '../suggest/marks';
import { suggestedDoc } from '../suggest/suggested-doc';
import { suggestionBindingMeta } from '../suggest/y-encoding';
import { readContent } from '../ydoc/content-reader';
import { contentFragment, readChanges, writeChange } from '../ydoc/layout';
import { alternativesMap, bracketsMap, readAlternativeRecords, readBracketRecords, writeRecordFields } from './bracket-records';
import type { AlternativeRecord, BracketClosure, BracketRecord } from './bracket-schema';
import { ALTERNATIVE_MARK, alternativeMarks, bracketRuns, findBrackets, type BracketSpan } from './bracket-view';

/**
 * Putting words in brackets, proposing an alternative, closing a bracket:
 * each one Yjs transaction on a document's Y.Doc (the app runs them on its
 * mirror Y.Doc, the CLI and the sample on the stored one), checked by main's
 * update policy like any edit. The words of every alternative are text of
 * the clause under an `alternative` mark: a member who may only suggest
 * adds an alternative as a tracked insertion (a change record of their
 * party, whose rationale is the alternative's), and everyone edits the
 * words in suggestion mode like any other text. Closing is a lead's
 * decision: the chosen alternative's pending changes are accepted, the
 * others' rejected and their words removed, and every alternative's words
 * are kept in the bracket's record.
 */

/** Options shared by the operations. */
export interface BracketOpOptions {
  /** Yjs transaction origin. */
  readonly origin?: unknown;
  /** ISO time (default now). */
  readonly now?: string;
  /** Fresh ids (default `newId`). */
  readonly generateId?: () => string;
}

/** An alternative to propose: its words and why. */
export interface ProposedAlternative {
  readonly text: string;
  readonly rationale: string;
}

/** What to put in brackets. */
export interface OpenBracketRequest {
  /** The words to bracket: a range of the document (positions as in `readSuggestedDoc`, i.e. the editor's). */
  readonly from: number;
  readonly to: number;
  /** The party whose wording the bracketed words are ("Alt 1 — United States"). */
  readonly existingPartyId: string;
  /** Why that party wants them (may be empty). */
  readonly existingRationale?: string;
  /** Alternatives to them, proposed by the member's party (none: the words are bracketed, and alternatives follow with `addAlternativeInYDoc`). */
  readonly alternatives: readonly ProposedAlternative[];
}

/** What opening a bracket made. */
export interface OpenedBracket {
  readonly bracketId: string;
  /** The alternatives' ids, the bracketed words' first. */
  readonly altIds: readonly string[];
}

/** How a lead closes a bracket: by choosing one alternative, or with agreed new wording. */
export type BracketChoice = { readonly altId: string } | { readonly text: string };

interface DocRead {
  readonly doc: PMNode;
  readonly records: ChangeRecord[];
}

function readDoc(ydoc: Y.Doc): DocRead {
  const records = readChanges(ydoc);
  const content = readContent(contentFragment(ydoc), proposalSchema);
  if (content.dropped > 0) {
    throw new DraftroomError('conflict', `The document holds ${content.dropped} part(s) its schema does not allow; writing it would delete them, so nothing was changed.`);
  }
  return { doc: suggestedDoc(content.doc, records), records };
}

function cleanText(text: string, what: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (trimmed === '') throw new DraftroomError('invalid-argument', `${what} is empty`);
  return trimmed;
}

function alternativeMark(bracketId: string, altId: string): Mark {
  return proposalSchema.marks[ALTERNATIVE_MARK]!.create({ bracket: bracketId, alt: altId });
}

/**
 * Inserts the words of new alternatives at `at` (after the bracket's last
 * alternative), each under its own `alternative` mark: the alternative's
 * record is the proposal, so the words carry no suggestion mark (the
 * update policy leaves them out of the original text and lets only their
 * party change them outright).
 */
function insertAlternatives(tr: Transform, at: number, bracketId: string, alts: readonly { altId: string; text: string }[]): void {
  let pos = at;
  for (const alt of alts) {
    // Keep the formatting of the words it follows (bold stays bold), never their suggestion or alternative marks.
    const before = tr.doc.resolve(pos).marks().filter((m) => !isSuggestionMark(m) && m.type.name !== ALTERNATIVE_MARK);
    const node = proposalSchema.text(alt.text, [...before, alternativeMark(bracketId, alt.altId)]);
    tr.insert(pos, node);
    pos += node.nodeSize;
  }
}

/** Writes the content and the records of an operation in one Yjs transaction. */
function commit(ydoc: Y.Doc, doc: PMNode, write: () => void, origin: unknown): void {
  ydoc.transact(() => {
    updateYFragment(ydoc, contentFragment(ydoc), doc, suggestionBindingMeta(proposalSchema));
    write();
  }, origin ?? null);
}

function mayWrite(identity: Identity): void {
  if (identity.member.role === 'observer') throw new DraftroomError('forbidden', `${identity.member.name} is an observer and may not change the text`);
}

/**
 * Puts the words between `from` and `to` in brackets as "Alt 1" (the
 * wording of `existingPartyId`) and adds the member's alternatives after
 * them. Refused (`invalid-argument`) for an empty range, one that leaves
 * its clause or its paragraph, words already in brackets, or words carrying
 * another member's pending suggestion.
 */
export function openBracketInYDoc(ydoc: Y.Doc, identity: Identity, request: OpenBracketRequest, options: BracketOpOptions = {}): OpenedBracket {
  mayWrite(identity);
  const generateId = options.generateId ?? newId;
  const now = options.now ?? new Date().toISOString();
  const alternatives = request.alternatives.map((a, i) => ({ text: cleanText(a.text, `alternative ${i + 2}`), rationale: a.rationale.trim() }));
  const read = readDoc(ydoc);
  const { doc } = read;
  const { from, to } = request;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= doc.content.size)) {
    throw new DraftroomError('invalid-argument', 'select the words to put in brackets');
  }
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  if ($from.depth < 1 || $from.node(1) !== $to.node(1)) throw new DraftroomError('invalid-argument', 'a bracket stays within one clause');
  if (!$from.parent.isTextblock || !$from.sameParent($to)) throw new DraftroomError('invalid-argument', 'a bracket stays within one paragraph');
  const clauseId = String($from.node(1).attrs['id']);
  const words = doc.textBetween(from, to, ' ').trim();
  if (words === '') throw new DraftroomError('invalid-argument', 'select the words to put in brackets');
  const records = new Map(read.records.map((r) => [r.id, r]));
  let problem: string | null = null;
  doc.nodesBetween(from, to, (node) => {
    if (!node.isText || problem) return true;
    if (alternativeMarks(node.marks).length > 0) problem = 'those words are already in brackets';
    for (const mark of node.marks) {
      if (!isSuggestionMark(mark)) continue;
      const record = records.get(markChangeId(mark));
      if (record?.status === 'proposed' && record.authorId !== identity.member.id) problem = 'those words carry another member’s pending suggestion: decide it first';
    }
    return true;
  });
  if (problem) throw new DraftroomError('invalid-argument', problem);

  const bracketId = generateId();
  const altIds = [generateId(), ...alternatives.map(() => generateId())];
  const tr = new Transform(doc);
  tr.addMark(from, to, alternativeMark(bracketId, altIds[0]!));
  insertAlternatives(
    tr,
    to,
    bracketId,
    alternatives.map((a, i) => ({ altId: altIds[i + 1]!, text: a.text })),
  );
  const bracket: BracketRecord = { id: bracketId, clauseId, openedBy: identity.member.id, partyId: identity.party.id, openedAt: now, status: 'open' };
  const altRecords: AlternativeRecord[] = [
    {
      id: altIds[0]!,
      bracketId,
      partyId: request.existingPartyId,
      proposedBy: identity.member.id,
      createdAt: now,
      rationale: (request.existingRationale ?? '').trim(),
      existing: true,
    },
    ...alternatives.map(
      (a, i): AlternativeRecord => ({
        id: altIds[i + 1]!,
        bracketId,
        partyId: identity.party.id,
        proposedBy: identity.member.id,
        createdAt: now,
        rationale: a.rationale,
        existing: false,
      }),
    ),
  ];
  commit(
    ydoc,
    tr.doc,
    () => {
      writeRecordFields(bracketsMap(ydoc), bracket as unknown as { id: string } & Record<string, unknown>);
      for (const alt of altRecords) writeRecordFields(alternativesMap(ydoc), alt as unknown as { id: string } & Record<string, unknown>);
    },
    options.origin,
  );
  return { bracketId, altIds };
}

/** Whether an alternative id is a proposed alternative's (see `findBrackets`). */
function proposedIn(ydoc: Y.Doc): (altId: string) => boolean {
  const proposed = new Set(readAlternativeRecords(ydoc).filter((a) => !a.existing).map((a) => a.id));
  return (altId) => proposed.has(altId);
}

function openBracketSpan(doc: PMNode, ydoc: Y.Doc, bracketId: string): { span: BracketSpan; record: BracketRecord } {
  const record = readBracketRecords(ydoc).find((b) => b.id === bracketId);
  const span = findBrackets(doc, proposedIn(ydoc)).find((b) => b.bracketId === bracketId);
  if (!record || !span) throw new DraftroomError('invalid-argument', `no bracket ${bracketId} in this document`);
  if (record.status !== 'open') throw new DraftroomError('conflict', 'that bracket is already closed');
  return { span, record };
}

/** Adds the member's party's alternative to an open bracket (after its last alternative). Returns the alternative's id. */
export function addAlternativeInYDoc(
  ydoc: Y.Doc,
  identity: Identity,
  request: { readonly bracketId: string; readonly alternative: ProposedAlternative },
  options: BracketOpOptions = {},
): string {
  mayWrite(identity);
  const generateId = options.generateId ?? newId;
  const now = options.now ?? new Date().toISOString();
  const text = cleanText(request.alternative.text, 'the alternative');
  const rationale = request.alternative.rationale.trim();
  const read = readDoc(ydoc);
  const { span } = openBracketSpan(read.doc, ydoc, request.bracketId);
  const altId = generateId();
  const tr = new Transform(read.doc);
  insertAlternatives(tr, span.to, request.bracketId, [{ altId, text }]);
  const record: AlternativeRecord = {
    id: altId,
    bracketId: request.bracketId,
    partyId: identity.party.id,
    proposedBy: identity.member.id,
    createdAt: now,
    rationale,
    existing: false,
  };
  commit(
    ydoc,
    tr.doc,
    () => {
      writeRecordFields(alternativesMap(ydoc), record as unknown as { id: string } & Record<string, unknown>);
    },
    options.origin,
  );
  return altId;
}

/** Change ids of the suggestion marks on text between `from` and `to`. */
function changeIdsBetween(doc: PMNode, from: number, to: number): Set<string> {
  const ids = new Set<string>();
  doc.nodesBetween(from, to, (node) => {
    for (const mark of node.marks) if (isSuggestionMark(mark)) ids.add(markChangeId(mark));
    return true;
  });
  return ids;
}

/**
 * A lead closes a bracket: with `{altId}` that alternative's words stay
 * (its pending suggestions accepted), the others go (theirs rejected);
 * with `{text}` the whole bracket becomes the agreed new wording (every
 * pending suggestion inside rejected). The bracket record keeps every
 * alternative's words. `forbidden` for anyone but a lead; `conflict` for
 * a bracket already closed.
 */
export function closeBracketInYDoc(ydoc: Y.Doc, identity: Identity, request: { readonly bracketId: string; readonly choice: BracketChoice }, options: BracketOpOptions = {}): BracketClosure {
  if (!mayDecide(identity)) throw new DraftroomError('forbidden', `${identity.member.name} is not a lead and may not close a bracket`);
  const now = options.now ?? new Date().toISOString();
  const read = readDoc(ydoc);
  const { span, record } = openBracketSpan(read.doc, ydoc, request.bracketId);
  const choice = request.choice;
  const chosen = 'altId' in choice ? span.alternatives.find((a) => a.altId === choice.altId) : undefined;
  if ('altId' in choice && !chosen) throw new DraftroomError('invalid-argument', `no alternative ${choice.altId} in that bracket`);
  const newWording = 'text' in choice ? cleanText(choice.text, 'the agreed wording') : null;

  const proposed = new Map(read.records.filter((r) => r.status === 'proposed').map((r) => [r.id, r]));
  const accept = chosen ? [...changeIdsBetween(read.doc, chosen.from, chosen.to)].filter((id) => proposed.has(id)) : [];
  const reject = [...changeIdsBetween(read.doc, span.from, span.to)].filter((id) => proposed.has(id) && !accept.includes(id));
  const tr = new Transform(read.doc);
  for (const id of accept) decideRecord(tr, proposed.get(id)!, 'accepted');
  for (const id of reject) decideRecord(tr, proposed.get(id)!, 'rejected');
  const proposedAlt = proposedIn(ydoc);
  const after = findBrackets(tr.doc, proposedAlt).find((b) => b.bracketId === request.bracketId);
  if (after) {
    if (newWording !== null) {
      tr.replaceWith(after.from, after.to, proposalSchema.text(newWording));
    } else {
      // Run by run, from the end: the chosen alternative's words lose the bracket's marks, the others' go.
      for (const run of bracketRuns(tr.doc, request.bracketId, proposedAlt).reverse()) {
        if (run.altIds.includes(chosen!.altId)) {
          for (const altId of run.altIds) tr.removeMark(run.from, run.to, alternativeMark(request.bracketId, altId));
        } else {
          tr.delete(run.from, run.to);
        }
      }
    }
  } else if (newWording !== null) {
    // Every alternative's words went with rejected suggestions: the agreed wording goes where the bracket stood.
    tr.insert(tr.mapping.map(span.from), proposalSchema.text(newWording));
  }
  // Proposed changes whose marks the closing removed are recorded as rejected (their words are gone).
  const left = indexChangeMarks(tr.doc);
  const swept = [...indexChangeMarks(read.doc).keys()].filter((id) => proposed.has(id) && !accept.includes(id) && !reject.includes(id) && !left.has(id));
  const patches = [
    ...decisionPatches({ decision: 'accepted', changeIds: accept, swept: [] }, identity, now),
    ...decisionPatches({ decision: 'rejected', changeIds: reject, swept }, identity, now),
  ];
  const closure: BracketClosure = {
    by: identity.member.id,
    at: now,
    chosenAltId: chosen?.altId ?? null,
    text: newWording ?? chosen?.text ?? '',
    alternatives: span.alternatives.map((a) => ({ altId: a.altId, text: a.text })),
  };
  commit(
    ydoc,
    tr.doc,
    () => {
      for (const patch of patches) writeChange(ydoc, patch);
      writeRecordFields(bracketsMap(ydoc), { id: record.id, status: 'closed', closure });
    },
    options.origin,
  );
  return closure;
}

/** The alternative records of one bracket, in no particular order. */
export function alternativesOf(ydoc: Y.Doc, bracketId: string): AlternativeRecord[] {
  return readAlternativeRecords(ydoc).filter((a) => a.bracketId === bracketId);
}

/** A member of an alternative's party writes its rationale (`forbidden` for anyone else, `invalid-argument` for an unknown alternative). */
export function setAlternativeRationale(ydoc: Y.Doc, identity: Identity, altId: string, rationale: string, options: BracketOpOptions = {}): void {
  const record = readAlternativeRecords(ydoc).find((a) => a.id === altId);
  if (!record) throw new DraftroomError('invalid-argument', `no alternative ${altId} in this document`);
  if (record.partyId !== identity.party.id || identity.member.role === 'observer') {
    throw new DraftroomError('forbidden', `only members of the alternative's party may write its rationale; ${identity.member.name} is with ${identity.party.name}`);
  }
  ydoc.transact(() => writeRecordFields(alternativesMap(ydoc), { id: altId, rationale: rationale.trim() }), options.origin ?? null);
}
