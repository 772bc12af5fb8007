import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { Transform } from 'prosemirror-transform';
import { dropVoidChangeMarks, effectiveChangeMarks } from '../../../shared/suggest/text-change';
import * as encoding from 'lib0/encoding';
import { writeUpdate } from 'y-protocols/sync';
import type { ChangeRecord, Identity, Member, Party } from '../../../shared/domain/types';
import { commentProblem } from '../../../shared/comments/comment-schema';
import { listClauses } from '../../../shared/schema/clauses';
import { proposalSchema } from '../../../shared/schema/schema';
import { decideInYDoc } from '../../../shared/suggest/decide-ydoc';
import { changeRecordProblem } from '../../../shared/suggest/record-schema';
import { readContent } from '../../../shared/ydoc/content-reader';
import { changesMap, commentsMap, contentFragment, readChanges, seedContent, writeChange, writeComment, YDOC_LAYOUT } from '../../../shared/ydoc/layout';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { loadYDoc } from '../../../main/store/document-state';
import { createWorkspace, openWorkspace } from '../../../main/store/workspace-store';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { DocumentHub, type HubPeer } from '../../../main/services/document-hub';
import { clause, heading, p, proposal } from '../../helpers/builders';
import { errorText } from '../../../shared/api/errors';

/**
 * Issue 13, "Tests that must exist": a seeded fuzz of the update policy.
 * Members of every role send random structural edits — honest ones as the
 * app makes them and hostile ones (forged records, untracked deletions,
 * edits inside others' suggestions, duplicate clause ids, schema faults,
 * decisions flipped) — as raw Yjs updates through the real `DocumentHub`
 * and its policy, over a real workspace file. Every accepted state must
 * keep the invariants below; every refused update must leave nothing
 * broadcast and memory equal to disk. `POLICY_FUZZ_SEED=<n>` replays a run;
 * a failure names the seed.
 */

const SEED = Number(process.env['POLICY_FUZZ_SEED'] ?? 20251213);
/** Updates in all (≥ 10,000), over fresh documents of a few clauses each (reloads after refusals stay cheap). */
const ROUNDS = Number(process.env['POLICY_FUZZ_ROUNDS'] ?? 101);
const STEPS_PER_ROUND = 100;
/** Disk is compared with memory every this many steps (and at the end of every round). */
const DISK_EVERY = 50;

type Violation = { readonly round: number; readonly step: number; readonly member: string; readonly op: string; readonly what: string };

/** What the run found, per invariant. */
const found = {
  schemaValid: [] as Violation[],
  recordShapes: [] as Violation[],
  decisionsFinal: [] as Violation[],
  observersChangeNothing: [] as Violation[],
  layout: [] as Violation[],
  refusalsLeaveNothing: [] as Violation[],
  originalsIntact: [] as Violation[],
  uniqueClauseIds: [] as Violation[],
  pendingTextByAuthor: [] as Violation[],
  /** The policy's cached read of a clause's suggestions (kept from the last accepted update) equals a fresh walk. */
  cachedReadsAgree: [] as Violation[],
};
let accepted = 0;
let refused = 0;
let updates = 0;


const parties: Party[] = [];
const people: Identity[] = [];

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A member's client: a replica of the document, a hub peer, the client ids its replicas used. */
class FuzzClient implements HubPeer {
  doc: Y.Doc = new Y.Doc();
  delivered = 0;
  readonly clients = new Set<number>();
  constructor(readonly who: Identity) {}
  attribution() {
    return { memberId: this.who.member.id, partyId: this.who.party.id };
  }
  editRefusal(): string | null {
    return this.who.member.role === 'observer' ? `${this.who.member.name} is an observer` : null;
  }
  identity(): Identity {
    return this.who;
  }
  deliver(_docId: string, message: Uint8Array): void {
    this.delivered++;
    // y-protocols update message: type 2, then the update.
    const update = message.subarray(message.length - readLength(message));
    Y.applyUpdate(this.doc, update, 'main');
  }
  /** Starts over from main's state (after a refusal, as the app does), with a fresh client id. */
  reset(state: Uint8Array): void {
    this.doc.destroy();
    this.doc = new Y.Doc();
    this.clients.add(this.doc.clientID);
    Y.applyUpdate(this.doc, state, 'main');
  }
}

/** Length of the varUint8Array payload at the end of a y-protocols update message. */
function readLength(message: Uint8Array): number {
  let pos = 1;
  let len = 0;
  let shift = 0;
  for (;;) {
    const byte = message[pos++]!;
    len += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) break;
  }
  return len;
}

const WORDS = ['troops', 'ceasefire', 'Donetsk', 'guarantee', 'NATO', 'sanctions', 'elections', 'not', 'all', 'assets', '800,000', 'shall'];

/** Random edits; each returns a short name of what it tried. */
class EditMaker {
  constructor(private readonly rng: SeededRandom) {}

  private words(): string {
    const n = this.rng.int(1, 3);
    return Array.from({ length: n }, () => this.rng.pick(WORDS)).join(' ') + ' ';
  }

  private clauses(doc: Y.Doc): Y.XmlElement[] {
    return contentFragment(doc)
      .toArray()
      .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
  }

  private texts(doc: Y.Doc): { clause: Y.XmlElement; text: Y.XmlText }[] {
    const out: { clause: Y.XmlElement; text: Y.XmlText }[] = [];
    const walk = (clauseEl: Y.XmlElement, el: Y.XmlElement): void => {
      for (const child of el.toArray()) {
        if (child instanceof Y.XmlText) out.push({ clause: clauseEl, text: child });
        else if (child instanceof Y.XmlElement) walk(clauseEl, child);
      }
    };
    for (const c of this.clauses(doc)) walk(c, c);
    return out;
  }

  private record(id: string, who: Identity, kind: ChangeRecord['kind'], clauseIds: string[], extra: Partial<ChangeRecord> = {}): ChangeRecord {
    return {
      id,
      kind,
      partyId: who.party.id,
      authorId: who.member.id,
      createdAt: new Date(Date.UTC(2025, 11, 1, 0, 0, this.rng.int(0, 59))).toISOString(),
      rationale: this.rng.chance(0.5) ? '' : 'Because.',
      status: 'proposed',
      clauseIds,
      ...extra,
    };
  }

  private someChangeId(doc: Y.Doc, who: Identity, own: boolean): string | null {
    const records = readChanges(doc).filter((r) => r.status === 'proposed' && (r.authorId === who.member.id) === own);
    return records.length > 0 ? this.rng.pick(records).id : null;
  }

  /** Makes one random edit on `client.doc`; returns its name. */
  edit(client: FuzzClient): string {
    const doc = client.doc;
    const who = client.who;
    const rng = this.rng;
    const texts = this.texts(doc);
    const clauses = this.clauses(doc);
    const roll = rng.next();
    const clauseId = (el: Y.XmlElement | undefined): string => String(el?.getAttribute('id') ?? '');
    if (roll < 0.26 && texts.length > 0) {
      // Tracked insertion with its record (sometimes under an existing change id: its own, or someone else's).
      const { clause: c, text } = rng.pick(texts);
      const reuse = rng.chance(0.15) ? this.someChangeId(doc, who, rng.chance(0.5)) : null;
      const id = reuse ?? rng.uuid();
      const key = rng.chance(0.5) ? 'insertion' : `insertion--${id.slice(0, 8)}`;
      doc.transact(() => {
        text.insert(rng.int(0, text.length), this.words(), { [key]: { id } });
        if (reuse === null && rng.chance(0.9)) writeChange(doc, this.record(id, who, 'amended', [clauseId(c)]));
      });
      return reuse ? 'insert-under-existing-id' : 'tracked-insert';
    }
    if (roll < 0.38 && texts.length > 0) {
      const { clause: c, text } = rng.pick(texts);
      if (text.length === 0) return 'noop';
      const from = rng.int(0, text.length - 1);
      const len = rng.int(1, Math.min(8, text.length - from));
      const id = rng.uuid();
      doc.transact(() => {
        text.format(from, len, { deletion: { id } });
        if (rng.chance(0.9)) writeChange(doc, this.record(id, who, 'amended', [clauseId(c)]));
      });
      return 'tracked-delete';
    }
    if (roll < 0.44 && texts.length > 0) {
      const { text } = rng.pick(texts);
      text.insert(rng.int(0, text.length), this.words());
      return 'untracked-insert';
    }
    if (roll < 0.5 && texts.length > 0) {
      const { text } = rng.pick(texts);
      if (text.length === 0) return 'noop';
      const from = rng.int(0, text.length - 1);
      text.delete(from, rng.int(1, Math.min(6, text.length - from)));
      return 'untracked-delete';
    }
    if (roll < 0.54 && texts.length > 0) {
      // Remove a mark outright (an acceptance or rejection without a decision).
      const { text } = rng.pick(texts);
      const marked = text.toDelta().some((d: { attributes?: object }) => d.attributes !== undefined);
      if (!marked || text.length === 0) return 'noop';
      doc.transact(() => {
        const attrs: Record<string, null> = {};
        for (const d of text.toDelta() as { attributes?: Record<string, unknown> }[]) for (const k of Object.keys(d.attributes ?? {})) attrs[k] = null;
        text.format(0, text.length, attrs);
      });
      return 'unmark';
    }
    if (roll < 0.6) {
      // A new clause, proposed (with its record) or not; sometimes reusing an existing id.
      const id = rng.chance(0.15) && clauses.length > 0 ? clauseId(rng.pick(clauses)) : `cl-${rng.uuid().slice(0, 8)}`;
      const change = rng.uuid();
      doc.transact(() => {
        const el = new Y.XmlElement('clause');
        el.setAttribute('id', id);
        const para = new Y.XmlElement('paragraph');
        const text = new Y.XmlText();
        // Marked as inserted, or unmarked as the editor writes a proposed clause (its record makes it a proposal).
        text.insert(0, this.words(), rng.chance(0.5) ? { insertion: { id: change } } : undefined);
        para.insert(0, [text]);
        el.insert(0, [para]);
        contentFragment(doc).insert(rng.int(0, clauses.length), [el]);
        if (rng.chance(0.8)) writeChange(doc, this.record(change, who, 'added', [id]));
      });
      return 'add-clause';
    }
    if (roll < 0.64 && clauses.length > 1) {
      contentFragment(doc).delete(rng.int(0, clauses.length - 1), 1);
      return 'remove-clause';
    }
    if (roll < 0.66 && clauses.length > 1) {
      const from = rng.int(0, clauses.length - 1);
      const copy = clauses[from]!.clone();
      doc.transact(() => {
        contentFragment(doc).delete(from, 1);
        contentFragment(doc).insert(rng.int(0, clauses.length - 1), [copy]);
      });
      return 'move-clause';
    }
    if (roll < 0.73) {
      // A decision: a lead's as the app makes it; anyone else's as raw fields.
      const records = readChanges(doc).filter((r) => r.status === 'proposed');
      const decided = readChanges(doc).filter((r) => r.status !== 'proposed');
      const flip = decided.length > 0 && rng.chance(0.25);
      const target = flip ? rng.pick(decided) : records.length > 0 ? rng.pick(records) : null;
      if (!target) return 'noop';
      const decision = rng.chance(0.5) ? 'accepted' : 'rejected';
      if (who.member.role === 'lead' && !flip) {
        try {
          decideInYDoc(doc, { changeId: target.id }, decision, who);
        } catch {
          return 'noop';
        }
        return 'decide';
      }
      writeChange(doc, { id: target.id, status: decision, decidedBy: who.member.id, decidedAt: '2025-12-02T10:00:00.000Z' });
      return flip ? 'flip-decision' : 'decide-raw';
    }
    if (roll < 0.79) {
      // Forged or malformed records.
      const id = rng.uuid();
      const victim = rng.pick(people);
      const forged = rng.pick<() => void>([
        () => writeChange(doc, this.record(id, victim, 'amended', [])),
        () => writeChange(doc, { ...this.record(id, who, 'amended', []), status: 'banana' as never }),
        () => writeChange(doc, { ...this.record(id, who, 'amended', []), id: this.someChangeId(doc, who, false) ?? 'x' }),
        () => writeChange(doc, { ...this.record(id, who, 'added', clauses.length > 0 ? [clauseId(rng.pick(clauses))] : []) }),
        () => {
          const other = this.someChangeId(doc, who, false);
          if (other) writeChange(doc, { id: other, rationale: 'Rewritten.' });
        },
        () => {
          const other = this.someChangeId(doc, who, rng.chance(0.5));
          if (other) changesMap(doc).delete(other);
        },
        () => changesMap(doc).set(id, 'junk' as never),
      ]);
      forged();
      return 'forge-record';
    }
    if (roll < 0.87) {
      const comments = [...commentsMap(doc).keys()];
      const target = rng.pick<() => void>([
        () =>
          writeComment(doc, {
            id: rng.uuid(),
            target: { type: 'clause', clauseId: clauseId(clauses[0]) || 'none' },
            parentId: null,
            authorId: rng.chance(0.8) ? who.member.id : rng.pick(people).member.id,
            partyId: who.party.id,
            body: rng.chance(0.9) ? 'A question.' : '',
            createdAt: '2025-12-02T10:00:00.000Z',
            ...(rng.chance(0.2) ? { resolved: true, resolvedBy: rng.pick(people).member.id, resolvedAt: '2025-12-02T10:01:00.000Z' } : {}),
          }),
        () => {
          if (comments.length > 0) writeComment(doc, { id: rng.pick(comments), resolved: rng.chance(0.5), resolvedBy: who.member.id, resolvedAt: '2025-12-02T10:02:00.000Z' });
        },
        () => {
          if (comments.length > 0) writeComment(doc, { id: rng.pick(comments), body: 'Edited.', editedAt: '2025-12-02T10:03:00.000Z' });
        },
        () => {
          if (comments.length > 0) commentsMap(doc).delete(rng.pick(comments));
        },
      ]);
      target();
      return 'comment';
    }
    // Structural faults and layout breaches.
    const fault = rng.pick<() => void>([
      () => clauses[0]?.insert(0, [new Y.XmlElement('banana')]),
      () => clauses[0]?.insert(0, [new Y.XmlElement('clause_heading'), new Y.XmlElement('clause_heading')]),
      () => clauses[0]?.insert(0, [new Y.XmlText('loose')]),
      () => contentFragment(doc).insert(0, [new Y.XmlElement('clause')]),
      () => contentFragment(doc).insert(0, [new Y.XmlText('top')]),
      () => doc.getText('junk').insert(0, 'x'.repeat(100)),
      () => texts[0]?.text.format(0, Math.max(1, texts[0].text.length), { banana: {} }),
    ]);
    fault();
    return 'structural-fault';
  }
}

/** Facts about an accepted state, for the invariants. */
function checkState(doc: Y.Doc, violation: (set: Violation[], what: string) => void): void {
  changesMap(doc).forEach((entry, key) => {
    const why = changeRecordProblem(key, entry instanceof Y.Map ? entry.toJSON() : entry);
    if (why) violation(found.recordShapes, `change ${key}: ${why}`);
  });
  commentsMap(doc).forEach((entry, key) => {
    const why = commentProblem(key, entry instanceof Y.Map ? entry.toJSON() : entry);
    if (why) violation(found.recordShapes, `comment ${key}: ${why}`);
  });
  for (const name of doc.share.keys()) {
    if (!Object.values(YDOC_LAYOUT).includes(name as never)) violation(found.layout, `top-level type ${name}`);
  }
  const read = readContent(contentFragment(doc), proposalSchema);
  if (read.dropped > 0) violation(found.schemaValid, `${read.dropped} part(s) outside the schema`);
  else {
    try {
      // As every reader reads it: a deletion on text that is an insertion does not count (shared/suggest/text-change.ts).
      const reading = new Transform(read.doc);
      dropVoidChangeMarks(reading);
      reading.doc.check();
    } catch (error) {
      violation(found.schemaValid, String(error));
    }
  }
  const ids = contentFragment(doc)
    .toArray()
    .map((c) => (c instanceof Y.XmlElement ? String(c.getAttribute('id') ?? '') : ''));
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) violation(found.uniqueClauseIds, `clause id ${JSON.stringify(dup)} twice`);
  // No text is inserted under a change id that has no record.
  const records = new Set(readChanges(doc).map((r) => r.id));
  for (const [key] of markedTexts(doc, () => new Set())) {
    const [kind, id] = key.split(':') as [string, string];
    if (kind === 'insertion' && !records.has(id)) violation(found.pendingTextByAuthor, `inserted text under change ${id}, which has no record`);
  }
}

/**
 * `kind:changeId` → the text under that suggestion mark, read through
 * ProseMirror (each clause's piece, the pieces sorted: a move keeps it).
 * Which Yjs client wrote an item does not say whose suggestion it is: a
 * move re-creates the clause's items under the mover's client, and text
 * typed inside a mark makes Yjs re-set the mark after it from the typist's
 * client. The text under each change's marks does.
 */
function markedTexts(doc: Y.Doc, clientsOf: (memberId: string) => ReadonlySet<number>): Map<string, string> {
  const pieces = new Map<string, string[]>();
  const elements = contentFragment(doc).toArray();
  const additions = readChanges(doc).filter((r) => r.kind === 'added' && r.status === 'proposed');
  readContent(contentFragment(doc), proposalSchema).doc.forEach((clauseNode, _offset, index) => {
    const inClause = new Map<string, string>();
    // A clause its proposer created: its text outside insertion marks is the proposal's (key `proposal:<record id>`).
    const creator = elements[index]?._item?.id.client;
    const proposals = additions.filter((r) => r.clauseIds.includes(String(clauseNode.attrs['id'])) && creator !== undefined && clientsOf(r.authorId).has(creator));
    clauseNode.descendants((node) => {
      if (!node.isText) return true;
      // As every reader reads overlapping marks (a deletion on an insertion does not count).
      for (const mark of effectiveChangeMarks(node.marks)) {
        const key = `${mark.type.name}:${String(mark.attrs['id'])}`;
        inClause.set(key, (inClause.get(key) ?? '') + (node.text ?? ''));
      }
      if (!node.marks.some((m) => m.type.name === 'insertion')) {
        for (const r of proposals) inClause.set(`proposal:${r.id}`, (inClause.get(`proposal:${r.id}`) ?? '') + (node.text ?? '').replace(/[\u200B-\u200D\u2060\uFEFF]/g, ''));
      }
      return false;
    });
    for (const [key, text] of inClause) pieces.set(key, [...(pieces.get(key) ?? []), text]);
  });
  return new Map([...pieces].map(([key, list]) => [key, list.sort().join('\u0000')]));
}

/**
 * Pending text changed by someone other than its author: text typed,
 * deleted or marked under a change id, or its marks removed, by a member
 * who is not the change's author, unless a lead decided the change in the
 * same update.
 */
/** The text outside insertion marks of the clauses with these ids, as `markedTexts` joins a proposal's. */
function wordsOf(doc: Y.Doc, clauseIds: readonly string[]): string {
  const pieces: string[] = [];
  readContent(contentFragment(doc), proposalSchema).doc.forEach((clauseNode) => {
    if (!clauseIds.includes(String(clauseNode.attrs['id']))) return;
    let text = '';
    clauseNode.descendants((node) => {
      if (node.isText && !node.marks.some((m) => m.type.name === 'insertion')) text += (node.text ?? '').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
      return !node.isText;
    });
    if (text !== '') pieces.push(text);
  });
  return pieces.sort().join('\u0000');
}

/** Whether some record's status changed between the two states (a decision was made). */
function decidedNow(before: Map<string, ChangeRecord>, after: Map<string, ChangeRecord>): boolean {
  return [...after.values()].some((r) => before.has(r.id) && before.get(r.id)!.status !== r.status);
}

function foreignMarkEdits(before: Map<string, string>, after: Map<string, string>, doc: Y.Doc, recordsBefore: Map<string, ChangeRecord>, sender: Identity): string[] {
  const out: string[] = [];
  const records = new Map(readChanges(doc).map((r) => [r.id, r]));
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(key) === after.get(key)) continue;
    const id = key.slice(key.indexOf(':') + 1);
    const record = records.get(id);
    // The author's, also a withdrawal (the record deleted with its marks).
    if ((record ?? recordsBefore.get(id))?.authorId === sender.member.id) continue;
    if (record !== undefined && sender.member.role === 'lead' && recordsBefore.get(id)?.status !== record.status) continue;
    // A lead's decision may change a proposed clause's words (accepting a suggestion inside it).
    if (key.startsWith('proposal:') && sender.member.role === 'lead' && decidedNow(recordsBefore, records)) continue;
    // Someone else re-created the proposed clause (a move: deleted and inserted again): it is no longer the
    // proposer's element, but its words are all there.
    if (key.startsWith('proposal:') && !after.has(key) && record?.status === 'proposed' && wordsOf(doc, record.clauseIds) === before.get(key)) continue;
    // A lead may clear marks no record answers for.
    if (record === undefined && sender.member.role === 'lead' && isSubsequence(after.get(key) ?? '', before.get(key) ?? '')) continue;
    out.push(`the text under ${key} changed, by someone other than its author`);
  }
  return out;
}

/** Clause id → original text (pending insertions left out, white space ignored); clauses their author proposed are left out. */
function originals(doc: Y.Doc, clientsOf: (memberId: string) => ReadonlySet<number>): Map<string, string> {
  const proposedBy = new Map<string, string>();
  for (const r of readChanges(doc)) if (r.kind === 'added' && r.status === 'proposed') for (const c of r.clauseIds) proposedBy.set(c, r.authorId);
  const exempt = new Set<string>();
  for (const el of contentFragment(doc).toArray()) {
    if (!(el instanceof Y.XmlElement)) continue;
    const id = String(el.getAttribute('id') ?? '');
    const author = proposedBy.get(id);
    // Only a clause its proposer created is exempt (a forged `added` record exempts nothing).
    if (author !== undefined && el._item !== null && clientsOf(author).has(el._item.id.client)) exempt.add(id);
  }
  const out = new Map<string, string>();
  for (const c of listClauses(readContent(contentFragment(doc), proposalSchema).doc, 'original')) {
    if (exempt.has(c.id) || out.has(c.id)) continue;
    out.set(c.id, `${c.heading} ${c.text}`.replace(/[\s\u200B-\u200D\u2060\uFEFF]+/g, ''));
  }
  return out;
}

function isSubsequence(small: string, big: string): boolean {
  let i = 0;
  for (let j = 0; j < big.length && i < small.length; j++) if (big[j] === small[i]) i++;
  return i === small.length;
}

describe(`policy fuzz (seed ${SEED}; replay with POLICY_FUZZ_SEED=${SEED})`, () => {
  let dir: string;
  let store: WorkspaceStoreApi;
  const ops = new Map<string, { accepted: number; refused: number }>();

  beforeAll(() => {
    const started = Date.now();
    const cpu = process.cpuUsage();
    // In memory where the machine has it, synced less: the fuzz measures the policy, not the disk.
    dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'draftroom-policy-fuzz-'));
    createWorkspace(join(dir, 'fuzz.draftroom'), { name: 'Policy fuzz' }).close();
    store = openWorkspace(join(dir, 'fuzz.draftroom'), { durability: 'normal' });
    for (const [name, code] of [
      ['United States', 'US'],
      ['Ukraine', 'UA'],
      ['Russia', 'RU'],
    ] as const) {
      parties.push(store.addParty({ name, code, colour: '#336699' }));
    }
    const add = (name: string, party: Party, role: Member['role']): void => {
      people.push({ member: store.addMember({ name, partyId: party.id, role }), party });
    };
    add('US Lead', parties[0]!, 'lead');
    add('US Drafter', parties[0]!, 'drafter');
    add('UA Lead', parties[1]!, 'lead');
    add('UA Suggester', parties[1]!, 'suggester');
    add('RU Suggester', parties[2]!, 'suggester');
    add('RU Observer', parties[2]!, 'observer');
    const hub = new DocumentHub(store, { loadYDoc, policyLimits: { maxGrowthPerMinute: 1 << 30 }, verifyPolicyCache: true });
    const rng = new SeededRandom(SEED);
    const seeder: HubPeer = {
      attribution: () => ({}),
      editRefusal: () => null,
      identity: () => null,
      deliver: () => undefined,
    };
    for (let round = 0; round < ROUNDS; round++) {
      const docId = store.createDocument({ title: `Fuzz ${round}` }).id;
      hub.change(seeder, docId, (doc) =>
        seedContent(
          doc,
          proposal(
            clause('c1', heading('Troops'), p('Troop cap of 600,000 men.')),
            clause('c2', p('A ceasefire takes effect at once.')),
            clause('c3', p('Elections within 100 days.')),
            clause('c4', p('Frozen assets fund the rebuilding.')),
          ),
        ),
      );
      const clients = people.map((who) => new FuzzClient(who));
      /** Main's accepted state as the clients see it (every broadcast applied). */
      const mirror = new FuzzClient(people[0]!);
      const mainState = (): Uint8Array => hub.withDocument(docId, (doc) => Y.encodeStateAsUpdate(doc));
      for (const c of [...clients, mirror]) {
        c.reset(mainState());
        hub.handleSyncMessage(c, docId, updateMessage(new Uint8Array([0, 0])));
      }
      const clientsOf = (memberId: string): ReadonlySet<number> => {
        const set = new Set<number>();
        for (const c of clients) if (c.who.member.id === memberId) for (const id of c.clients) set.add(id);
        return set;
      };
      const maker = new EditMaker(rng);
      const decidedStatus = new Map<string, string>();
      let originalBefore = originals(mirror.doc, clientsOf);
      let markedBefore = markedTexts(mirror.doc, clientsOf);
      let recordsBefore = new Map<string, ChangeRecord>();
      for (let step = 0; step < STEPS_PER_ROUND; step++) {
        const client = rng.pick(clients);
        const before = Y.encodeStateVector(client.doc);
        const op = maker.edit(client);
        const update = Y.encodeStateAsUpdate(client.doc, before);
        const stateBefore = Y.snapshot(mirror.doc);
        const deliveredBefore = mirror.delivered;
        const tally = ops.get(op) ?? { accepted: 0, refused: 0 };
        ops.set(op, tally);
        const at = (set: Violation[], what: string): void => {
          // A state that breaks an invariant persists: the first step of a round that breaks it is the one to report.
          if (set.length >= 20 || set.some((v) => v.round === round)) return;
          set.push({ round, step: round * STEPS_PER_ROUND + step, member: `${client.who.member.name} (${client.who.member.role})`, op, what });
        };
        updates++;
        let refusal: string | null = null;
        try {
          hub.handleSyncMessage(client, docId, updateMessage(update));
        } catch (error) {
          refusal = errorText(error);
        }
        if (refusal !== null) {
          if (refusal.includes('MarkedTextCache')) at(found.cachedReadsAgree, refusal);
          refused++;
          tally.refused++;
          if (mirror.delivered !== deliveredBefore) at(found.refusalsLeaveNothing, `refused (${refusal}) but broadcast`);
          const memory = hub.withDocument(docId, (doc) => Y.snapshot(doc));
          if (!Y.equalSnapshots(memory, stateBefore)) at(found.refusalsLeaveNothing, `refused (${refusal}) but main's memory changed`);
          client.reset(mainState());
          continue;
        }
        accepted++;
        tally.accepted++;
        const changed = !Y.equalSnapshots(stateBefore, Y.snapshot(mirror.doc));
        if (client.who.member.role === 'observer' && changed) at(found.observersChangeNothing, 'an observer changed the document');
        checkState(mirror.doc, at);
        const markedAfter = changed ? markedTexts(mirror.doc, clientsOf) : markedBefore;
        for (const what of foreignMarkEdits(markedBefore, markedAfter, mirror.doc, recordsBefore, client.who)) at(found.pendingTextByAuthor, what);
        markedBefore = markedAfter;
        recordsBefore = new Map(readChanges(mirror.doc).map((r) => [r.id, r]));
        for (const r of readChanges(mirror.doc)) {
          const was = decidedStatus.get(r.id);
          if (was !== undefined && was !== r.status) at(found.decisionsFinal, `change ${r.id} went from ${was} to ${r.status}`);
          if (r.status !== 'proposed') decidedStatus.set(r.id, r.status);
        }
        for (const [id] of decidedStatus) if (!changesMap(mirror.doc).has(id)) at(found.decisionsFinal, `decided change ${id} was deleted`);
        const after = changed ? originals(mirror.doc, clientsOf) : originalBefore;
        if (client.who.member.role !== 'lead' && changed) {
          for (const [id, text] of originalBefore) {
            const now = after.get(id);
            // A clause with no original text loses nothing when a record exempts it (all its text is proposed).
            if (now === undefined) {
              if (text !== '') at(found.originalsIntact, `clause ${id} removed outright`);
            } else if (!isSubsequence(text, now)) at(found.originalsIntact, `original text of ${id} lost characters`);
          }
        }
        originalBefore = after;
        if (step % DISK_EVERY === DISK_EVERY - 1 || step === STEPS_PER_ROUND - 1) {
          const disk = loadYDoc(store, docId);
          if (!Y.equalSnapshots(Y.snapshot(disk), Y.snapshot(mirror.doc))) at(found.refusalsLeaveNothing, 'disk differs from what main broadcast');
          disk.destroy();
        }
      }
      hub.closePeer(mirror);
      for (const c of clients) hub.closePeer(c);
    }
    hub.dispose();
    console.log(
      `policy fuzz seed ${SEED}: ${updates} updates (${accepted} accepted, ${refused} refused) in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(${(process.cpuUsage(cpu).user / 1e6).toFixed(1)} s of CPU)\n` +
        [...ops].map(([op, t]) => `  ${op}: ${t.accepted} accepted, ${t.refused} refused`).join('\n'),
    );
    for (const [name, list] of Object.entries(found)) {
      for (const v of list.slice(0, 5)) console.log(`  ${name} broken at step ${v.step} by ${v.member}, ${v.op}: ${v.what}`);
    }
  }, 300_000);

  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const hard = ['recordShapes', 'decisionsFinal', 'observersChangeNothing', 'layout', 'refusalsLeaveNothing', 'schemaValid', 'originalsIntact', 'uniqueClauseIds', 'pendingTextByAuthor', 'cachedReadsAgree'] as const;
  it(`sends at least 10,000 updates, some accepted and some refused (seed ${SEED})`, () => {
    expect(updates).toBeGreaterThanOrEqual(10_000);
    expect(accepted).toBeGreaterThan(1_000);
    expect(refused).toBeGreaterThan(1_000);
  });
  for (const name of hard) {
    it(`every accepted state keeps: ${name} (seed ${SEED})`, () => {
      expect(found[name]).toEqual([]);
    });
  }
});
