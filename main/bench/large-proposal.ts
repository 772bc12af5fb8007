/**
 * A large negotiated proposal for the editing bench, generated
 * deterministically (seeded): 200 clauses of 120–180 words (a heading on most,
 * a list in every tenth), two named versions 20 clauses apart (each
 * difference an accepted change record), then ~200 pending suggestions by
 * members of three parties (text insertions, deletions and replacements
 * carried by marks; proposed, removed and moved clauses carried by their
 * records) and ~100 comments. Built with the project's own schema, seeding
 * helpers and record writers, as Yjs transactions on one Y.Doc.
 */
import { updateYFragment } from 'y-prosemirror';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import type { ChangeRecord, CommentRecord, Identity, Member, Party } from '../../shared/domain/types';
import { proposalSchema } from '../../shared/schema/schema';
import { clauseIndexById } from '../../shared/suggest/marks';
import { amendmentSnippet, clauseSnippet } from '../../shared/suggest/snippets';
import { suggestionBindingMeta } from '../../shared/suggest/y-encoding';
import { contentFragment, seedContent, writeChange, writeComment } from '../../shared/ydoc/layout';
import type { UpdateMeta, WorkspaceStoreApi } from '../store/store-types';
import { createWorkspace } from '../store/workspace-store';
import { SeededRandom } from '../../shared/random/seeded-random';

/** Sizes of the generated proposal. */
export const LARGE_PROPOSAL_SHAPE: LargeProposalShape = {
  clauses: 200,
  minWords: 120,
  maxWords: 180,
  /** Clauses changed (and accepted) between the two named versions. */
  versionChanges: 20,
  /** Pending text changes (insertions, deletions, replacements). */
  amended: 175,
  /** Pending proposed clauses, removals and moves. */
  added: 10,
  removed: 10,
  moved: 5,
  /** Comments (thread roots plus replies). */
  comments: 100,
  threads: 35,
};

/** Sizes of a generated proposal (see `LARGE_PROPOSAL_SHAPE`). */
export interface LargeProposalShape {
  readonly clauses: number;
  readonly minWords: number;
  readonly maxWords: number;
  /** Clauses changed (and accepted) between the two named versions. */
  readonly versionChanges: number;
  /** Pending text changes (insertions, deletions, replacements). */
  readonly amended: number;
  /** Pending proposed clauses, removals and moves. */
  readonly added: number;
  readonly removed: number;
  readonly moved: number;
  /** Comments (thread roots plus replies), and how many are roots. */
  readonly comments: number;
  readonly threads: number;
}

const PARTIES: readonly Party[] = [
  { id: 'p-us', name: 'United States', code: 'US', colour: '#1f4e9c' },
  { id: 'p-ua', name: 'Ukraine', code: 'UA', colour: '#d4a300' },
  { id: 'p-ru', name: 'Russia', code: 'RU', colour: '#b22222' },
];

const MEMBERS: readonly Member[] = [
  { id: 'm-us-lead', name: 'Avery Lead', partyId: 'p-us', role: 'lead' },
  { id: 'm-us-1', name: 'Blake Drafter', partyId: 'p-us', role: 'drafter' },
  { id: 'm-us-2', name: 'Casey Suggester', partyId: 'p-us', role: 'suggester' },
  { id: 'm-ua-lead', name: 'Oksana Lead', partyId: 'p-ua', role: 'lead' },
  { id: 'm-ua-1', name: 'Taras Drafter', partyId: 'p-ua', role: 'drafter' },
  { id: 'm-ua-2', name: 'Iryna Suggester', partyId: 'p-ua', role: 'suggester' },
  { id: 'm-ru-lead', name: 'Dmitri Lead', partyId: 'p-ru', role: 'lead' },
  { id: 'm-ru-1', name: 'Anna Drafter', partyId: 'p-ru', role: 'drafter' },
  { id: 'm-ru-2', name: 'Pavel Suggester', partyId: 'p-ru', role: 'suggester' },
];

function identityOf(memberId: string): Identity {
  const member = MEMBERS.find((m) => m.id === memberId)!;
  return { member, party: PARTIES.find((p) => p.id === member.partyId)! };
}

const VOCABULARY = (
  'the parties agree that security guarantees shall apply to all territory under control of either side within thirty days ' +
  'following signature of this framework and the ceasefire line monitored by an international mission with full access ' +
  'reconstruction fund sanctions relief shall be phased subject to verification of compliance by the joint commission ' +
  'humanitarian corridors prisoners exchange all for all civilians detained children returned families reunited ' +
  'elections held as soon as possible after martial law ends under observation of independent monitors and media ' +
  'nuclear power plant operated safely supervised by the agency electricity shared equally between both sides ' +
  'armed forces capped peacetime strength reviewed annually consultations in case of attack response within hours ' +
  'territorial questions settled by negotiation not by force no recognition of annexation implied by any provision ' +
  'economic cooperation energy infrastructure grain exports ports on the sea open to shipping insurance guaranteed'
)
  .split(' ')
  .filter((w) => w.length > 0);

/** One word of a block; its trailing space is added when the block is built. */
interface Word {
  readonly text: string;
  readonly style?: 'strong' | 'em';
  /** Id of the pending change that proposes this word (insertion) or its removal (deletion). */
  readonly ins?: string;
  readonly del?: string;
}

type Block = { readonly kind: 'p'; words: Word[] } | { readonly kind: 'list'; readonly ordered: boolean; readonly items: Word[][] };

interface ClauseDraft {
  readonly id: string;
  readonly heading: Word[] | null;
  readonly blocks: Block[];
}

/** A proposal as the bench uses it: its Y.Doc, how it was written, and who is who. */
export interface LargeProposal {
  readonly docId: string;
  readonly title: string;
  readonly parties: readonly Party[];
  readonly members: readonly Member[];
  /** The working draft (content, records, comments). */
  readonly ydoc: Y.Doc;
  /** The Yjs updates that wrote it, in order, with who and when (for the store's log). */
  readonly steps: readonly { readonly update: Uint8Array; readonly meta: UpdateMeta }[];
  /** The two named versions (full states): before and after the 20 accepted changes. */
  readonly versions: readonly { readonly name: string; readonly createdAt: string; readonly authorId: string; readonly partyId: string; readonly state: Uint8Array }[];
  /** Clause 100 of the working draft (the bench types there); no pending change touches it. */
  readonly typingClauseId: string;
  /** The member who types in the editing measures (a suggester). */
  readonly typist: Identity;
  readonly stats: { readonly clauses: number; readonly words: number; readonly lists: number; readonly pending: number; readonly accepted: number; readonly comments: number };
}

function sentence(rng: SeededRandom, length: number): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < length; i++) {
    let text = rng.pick(VOCABULARY);
    if (i === 0) text = text[0]!.toUpperCase() + text.slice(1);
    if (i === length - 1) text += '.';
    const style = rng.chance(0.015) ? 'strong' : rng.chance(0.015) ? 'em' : undefined;
    out.push(style ? { text, style } : { text });
  }
  return out;
}

function wordsOfLength(rng: SeededRandom, total: number): Word[] {
  const out: Word[] = [];
  while (out.length < total) out.push(...sentence(rng, Math.min(total - out.length, rng.int(10, 24))));
  return out;
}

function makeClause(rng: SeededRandom, withList: boolean, shape: LargeProposalShape): ClauseDraft {
  const total = rng.int(shape.minWords, shape.maxWords);
  const heading = rng.chance(0.7) ? sentence(rng, rng.int(2, 5)).map((w) => ({ text: w.text.replace(/\.$/, '') })) : null;
  const blocks: Block[] = [];
  let left = total;
  if (withList) {
    const items: Word[][] = [];
    const count = rng.int(3, 5);
    for (let i = 0; i < count; i++) items.push(wordsOfLength(rng, rng.int(8, 15)));
    left -= items.reduce((n, item) => n + item.length, 0);
    const intro = wordsOfLength(rng, Math.max(10, Math.floor(left / 2)));
    left -= intro.length;
    blocks.push({ kind: 'p', words: intro }, { kind: 'list', ordered: rng.chance(0.5), items });
    if (left > 0) blocks.push({ kind: 'p', words: wordsOfLength(rng, left) });
  } else {
    const paragraphs = rng.int(1, 3);
    for (let i = 0; i < paragraphs; i++) {
      const n = i === paragraphs - 1 ? left : Math.floor(total / paragraphs);
      blocks.push({ kind: 'p', words: wordsOfLength(rng, n) });
      left -= n;
    }
  }
  return { id: rng.uuid(), heading, blocks };
}

/** Every word list of a clause (heading excluded): paragraphs and list items. */
function wordLists(clause: ClauseDraft): Word[][] {
  return clause.blocks.flatMap((b) => (b.kind === 'p' ? [b.words] : b.items));
}

function copyClause(clause: ClauseDraft): ClauseDraft {
  return {
    id: clause.id,
    heading: clause.heading ? [...clause.heading] : null,
    blocks: clause.blocks.map((b) => (b.kind === 'p' ? { kind: 'p', words: [...b.words] } : { kind: 'list', ordered: b.ordered, items: b.items.map((i) => [...i]) })),
  };
}

const schema = proposalSchema;

function inline(words: readonly Word[], view: 'marked' | 'plain'): PMNode[] {
  const out: PMNode[] = [];
  const shown = view === 'marked' ? words : words.filter((w) => w.ins === undefined);
  shown.forEach((word, i) => {
    const marks: Mark[] = [];
    if (word.style) marks.push(schema.marks[word.style]!.create());
    if (view === 'marked' && word.ins) marks.push(schema.marks['insertion']!.create({ id: word.ins }));
    if (view === 'marked' && word.del) marks.push(schema.marks['deletion']!.create({ id: word.del }));
    out.push(schema.text(i < shown.length - 1 ? `${word.text} ` : word.text, marks));
  });
  return out;
}

function clauseNode(clause: ClauseDraft, view: 'marked' | 'plain'): PMNode {
  const children: PMNode[] = [];
  if (clause.heading) children.push(schema.nodes['clause_heading']!.create(null, inline(clause.heading, view)));
  for (const block of clause.blocks) {
    if (block.kind === 'p') {
      children.push(schema.nodes['paragraph']!.create(null, inline(block.words, view)));
    } else {
      const items = block.items.map((words) => schema.nodes['list_item']!.create(null, schema.nodes['paragraph']!.create(null, inline(words, view))));
      children.push(schema.nodes[block.ordered ? 'ordered_list' : 'bullet_list']!.create(null, items));
    }
  }
  return schema.nodes['clause']!.create({ id: clause.id }, children);
}

function proposalNode(clauses: readonly ClauseDraft[], view: 'marked' | 'plain'): PMNode {
  return schema.nodes['doc']!.create(null, clauses.map((c) => clauseNode(c, view)));
}

function plainText(words: readonly Word[]): string {
  return words.map((w) => w.text).join(' ');
}

function isoAt(start: number, minutes: number): string {
  return new Date(start + minutes * 60_000).toISOString();
}

/** Members who propose changes (not leads), and leads (who decide). */
const PROPOSERS = MEMBERS.filter((m) => m.role !== 'lead');
const LEADS = MEMBERS.filter((m) => m.role === 'lead');

/** Generates the proposal (about a second on a laptop for the default shape). */
export function buildLargeProposal(seed = 20251128, shape: LargeProposalShape = LARGE_PROPOSAL_SHAPE): LargeProposal {
  const rng = new SeededRandom(seed);
  const t0 = Date.parse('2025-11-20T09:00:00Z');
  const docId = 'doc-large-proposal';
  const title = 'Large framework (bench)';

  // Version 1: 200 clauses.
  const v1: ClauseDraft[] = [];
  for (let i = 0; i < shape.clauses; i++) v1.push(makeClause(rng, i % 10 === 4, shape));

  const ydoc = new Y.Doc();
  ydoc.clientID = 1001;
  const steps: { update: Uint8Array; meta: UpdateMeta }[] = [];
  const versions: { name: string; createdAt: string; authorId: string; partyId: string; state: Uint8Array }[] = [];
  const commit = (by: string, at: string, edit: () => void): void => {
    const collected: Uint8Array[] = [];
    const collect = (u: Uint8Array): void => {
      collected.push(u);
    };
    ydoc.on('update', collect);
    ydoc.transact(edit, 'draftroom-bench');
    ydoc.off('update', collect);
    const { member, party } = identityOf(by);
    for (const update of collected) steps.push({ update, meta: { memberId: member.id, partyId: party.id, at } });
  };
  const keepVersion = (name: string, by: string, at: string): void => {
    versions.push({ name, createdAt: at, authorId: by, partyId: identityOf(by).party.id, state: Y.encodeStateAsUpdate(ydoc) });
  };

  commit('m-us-1', isoAt(t0, 0), () => seedContent(ydoc, proposalNode(v1, 'plain')));
  keepVersion('Draft 1 (bench)', 'm-us-lead', isoAt(t0, 60));

  // Version 2: 20 clauses amended, each by an accepted change record.
  const v2 = v1.map(copyClause);
  const accepted: ChangeRecord[] = [];
  const changedInV2 = new Set<number>();
  while (changedInV2.size < shape.versionChanges) changedInV2.add(rng.int(0, shape.clauses - 1));
  [...changedInV2].sort((a, b) => a - b).forEach((index, n) => {
    const clause = v2[index]!;
    const lists = wordLists(clause);
    const words = rng.pick(lists);
    const at = rng.int(0, Math.max(0, words.length - 6));
    const removed = words.splice(at, rng.int(1, 5), ...sentence(rng, rng.int(2, 8)).map((w) => ({ text: w.text.replace(/\.$/, '') })));
    const author = rng.pick(PROPOSERS);
    const lead = rng.pick(LEADS.filter((l) => l.partyId !== author.partyId));
    accepted.push({
      id: rng.uuid(),
      kind: 'amended',
      partyId: author.partyId,
      authorId: author.id,
      createdAt: isoAt(t0, 120 + n * 30),
      rationale: plainText(sentence(rng, rng.int(8, 16))),
      status: 'accepted',
      clauseIds: [clause.id],
      decidedBy: lead.id,
      decidedAt: isoAt(t0, 125 + n * 30),
      before: plainText(removed),
      after: plainText(words.slice(at, at + 8)),
    });
  });
  commit('m-us-lead', isoAt(t0, 800), () => {
    updateYFragment(ydoc, contentFragment(ydoc), proposalNode(v2, 'plain'), suggestionBindingMeta(schema));
    for (const record of accepted) writeChange(ydoc, record);
  });
  keepVersion('Draft 2 (bench)', 'm-ua-lead', isoAt(t0, 900));

  // Working draft: proposed clauses and moves change the order; then removals and text changes.
  const working = v2.map(copyClause);
  const pending: ChangeRecord[] = [];
  let minute = 1000;
  const proposed = (kind: ChangeRecord['kind'], clauseIds: string[], extra: Partial<ChangeRecord> = {}): ChangeRecord => {
    const author = rng.pick(PROPOSERS);
    const record: ChangeRecord = {
      id: rng.uuid(),
      kind,
      partyId: author.partyId,
      authorId: author.id,
      createdAt: isoAt(t0, (minute += rng.int(1, 20))),
      rationale: rng.chance(0.8) ? plainText(sentence(rng, rng.int(8, 20))) : '',
      status: 'proposed',
      clauseIds,
      ...extra,
    };
    pending.push(record);
    return record;
  };
  const addedIds = new Set<string>();
  for (let i = 0; i < shape.added; i++) {
    const clause = makeClause(rng, rng.chance(0.2), shape);
    working.splice(rng.int(0, working.length), 0, clause);
    addedIds.add(clause.id);
    proposed('added', [clause.id]);
  }
  const movedIds = new Set<string>();
  for (let i = 0; i < shape.moved; i++) {
    const from = rng.int(0, working.length - 1);
    const clause = working[from]!;
    if (addedIds.has(clause.id) || movedIds.has(clause.id)) {
      i--;
      continue;
    }
    working.splice(from, 1);
    working.splice(rng.int(0, working.length), 0, clause);
    movedIds.add(clause.id);
    proposed('moved', [clause.id], { movedFrom: from + 1 });
  }
  let typingIndex = Math.min(99, working.length - 1);
  while (addedIds.has(working[typingIndex]!.id) || movedIds.has(working[typingIndex]!.id)) typingIndex++;
  const typingClauseId = working[typingIndex]!.id;
  const removedIds = new Set<string>();
  while (removedIds.size < shape.removed) {
    const clause = rng.pick(working);
    if (clause.id === typingClauseId || addedIds.has(clause.id) || movedIds.has(clause.id)) continue;
    removedIds.add(clause.id);
    proposed('removed', [clause.id]);
  }
  const amendable = working.filter((c) => c.id !== typingClauseId && !removedIds.has(c.id) && !addedIds.has(c.id));
  for (let made = 0; made < shape.amended; ) {
    const clause = rng.pick(amendable);
    const words = rng.pick(wordLists(clause));
    const length = rng.int(1, 4);
    const at = rng.int(0, Math.max(0, words.length - length));
    const span = words.slice(Math.max(0, at - 1), at + length);
    if (span.length === 0 || span.some((w) => w.ins !== undefined || w.del !== undefined)) continue;
    const record = proposed('amended', [clause.id]);
    const roll = rng.next();
    const inserted = (): Word[] => sentence(rng, rng.int(1, 6)).map((w) => ({ text: w.text.replace(/\.$/, ''), ins: record.id }));
    if (roll < 0.4) {
      words.splice(at, 0, ...inserted());
    } else {
      for (let i = at; i < at + length && i < words.length; i++) words[i] = { ...words[i]!, del: record.id };
      if (roll >= 0.65) words.splice(at + length, 0, ...inserted());
    }
    made++;
  }
  const workingDoc = proposalNode(working, 'marked');
  for (let i = 0; i < pending.length; i++) {
    const record = pending[i]!;
    const clauseId = record.clauseIds[0]!;
    const clause = workingDoc.child(clauseIndexById(workingDoc, clauseId));
    let snippet: { before: string; after: string };
    if (record.kind === 'amended') snippet = amendmentSnippet(workingDoc, record.id, record.clauseIds);
    else if (record.kind === 'removed') snippet = { before: clauseSnippet(clause), after: '' };
    else snippet = { before: '', after: clauseSnippet(clause) };
    pending[i] = { ...record, ...snippet };
  }
  commit('m-ru-1', isoAt(t0, minute), () => {
    updateYFragment(ydoc, contentFragment(ydoc), workingDoc, suggestionBindingMeta(schema));
    for (const record of pending) writeChange(ydoc, record);
  });

  // Comments: threads on clauses and on changes, with replies; a few resolved.
  const comments: CommentRecord[] = [];
  const roots: CommentRecord[] = [];
  for (let i = 0; i < shape.comments; i++) {
    const author = rng.pick(MEMBERS);
    const base = { id: rng.uuid(), authorId: author.id, partyId: author.partyId, body: plainText(sentence(rng, rng.int(6, 30))), createdAt: isoAt(t0, (minute += rng.int(1, 30))) };
    if (i < shape.threads) {
      const onChange = rng.chance(0.45);
      const target = onChange ? ({ type: 'change', changeId: rng.pick(pending).id } as const) : ({ type: 'clause', clauseId: rng.pick(working).id } as const);
      const root: CommentRecord = { ...base, target, parentId: null, ...(rng.chance(0.2) ? { resolved: true, resolvedBy: author.id, resolvedAt: base.createdAt } : {}) };
      roots.push(root);
      comments.push(root);
    } else {
      const root = rng.pick(roots);
      comments.push({ ...base, target: root.target, parentId: root.id });
    }
  }
  commit('m-ua-1', isoAt(t0, minute), () => {
    for (const comment of comments) writeComment(ydoc, comment);
  });

  const all = working.flatMap((c) => [...(c.heading ?? []), ...wordLists(c).flat()]).filter((w) => w.ins === undefined);
  return {
    docId,
    title,
    parties: PARTIES,
    members: MEMBERS,
    ydoc,
    steps,
    versions,
    typingClauseId,
    typist: identityOf('m-ru-2'),
    stats: {
      clauses: working.length,
      words: all.length,
      lists: working.filter((c) => c.blocks.some((b) => b.kind === 'list')).length,
      pending: pending.length,
      accepted: accepted.length,
      comments: comments.length,
    },
  };
}

/**
 * Writes a workspace file holding the proposal: its parties and members, the
 * document's log (compacted into a snapshot, as a long-lived workspace has
 * it) and its two named versions. Returns the open store.
 */
export function writeLargeWorkspace(path: string, proposal: LargeProposal): WorkspaceStoreApi {
  const store = createWorkspace(path, { name: 'Editing bench' });
  for (const party of proposal.parties) store.addParty(party);
  for (const member of proposal.members) store.addMember(member);
  store.createDocument({ id: proposal.docId, title: proposal.title });
  for (const step of proposal.steps) store.appendUpdate(proposal.docId, step.update, step.meta);
  for (const version of proposal.versions) store.createVersion({ docId: proposal.docId, ...version });
  store.compact(proposal.docId);
  return store;
}

/** The workspace's member by id, with their party. */
export function benchIdentity(memberId: string): Identity {
  return identityOf(memberId);
}
