/**
 * Brackets under concurrent editing: replicas bracket, add alternatives to,
 * close and type into the same clause at once, with updates delivered in a
 * seeded random order; every replica ends with the same bytes, records and
 * counts, and a bracket two leads closed at once holds one closure, whole.
 * Then the same races through main's hub (the update policy accepts both
 * sides).
 */
import { SeededRandom } from '../../../shared/random/seeded-random';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DraftroomError } from '../../../shared/api/errors';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { addAlternativeInYDoc, closeBracketInYDoc, openBracketInYDoc } from '../../../shared/negotiation/bracket-ops';
import { readAlternativeRecords, readBracketRecords } from '../../../shared/negotiation/bracket-records';
import { alternativeRecordProblem, bracketRecordProblem, type BracketClosure } from '../../../shared/negotiation/bracket-schema';
import { readBracketCounts } from '../../../shared/negotiation/bracket-text';
import { findBrackets } from '../../../shared/negotiation/bracket-view';
import { proposalSchema } from '../../../shared/schema/schema';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { contentFragment, seedContent } from '../../../shared/ydoc/layout';
import { alternativesMap, bracketsMap } from '../../../shared/negotiation/bracket-records';
import { PolicyArena } from '../services/policy-harness';

const SEED = Number(process.env['BRACKET_SEED'] ?? 20251230);
const STEPS = Number(process.env['BRACKET_STEPS'] ?? 300);

const us: Party = { id: 'p-us', name: 'United States', code: 'US', colour: '#0072b2' };
const ua: Party = { id: 'p-ua', name: 'Ukraine', code: 'UA', colour: '#a66300' };
const ru: Party = { id: 'p-ru', name: 'Russia', code: 'RU', colour: '#a8466f' };
const identity = (id: string, party: Party, role: Member['role']): Identity => ({ member: { id, name: id, partyId: party.id, role }, party });
const PEOPLE = [identity('us-lead', us, 'lead'), identity('ua-lead', ua, 'lead'), identity('ru-drafter', ru, 'drafter')];
const WORDS = ['forces', 'line', 'zone', 'annex', 'border', 'region', 'plant', 'grid'];

function seeded(): Y.Doc {
  const doc = new Y.Doc();
  const json = {
    type: 'doc',
    content: [
      { type: 'clause', attrs: { id: 'c-territory' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The line of contact is the starting point for talks on territory.' }] }] },
      { type: 'clause', attrs: { id: 'c-znpp' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'How the output of the plant is shared is set out in an annex.' }] }] },
    ],
  };
  seedContent(doc, proposalSchema.nodeFromJSON(json));
  return doc;
}

/** Replicas with their own inboxes; `deliver` hands one pending update to one replica. */
class Network {
  readonly docs: Y.Doc[] = [];
  private readonly inbox = new Map<Y.Doc, Uint8Array[]>();

  constructor(count: number) {
    const base = Y.encodeStateAsUpdate(seeded());
    for (let i = 0; i < count; i++) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, base, 'seed');
      this.inbox.set(doc, []);
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === 'net') return;
        for (const other of this.docs) if (other !== doc) this.inbox.get(other)!.push(update);
      });
      this.docs.push(doc);
    }
  }

  deliver(gen: SeededRandom): void {
    const doc = gen.pick(this.docs);
    const queue = this.inbox.get(doc)!;
    if (queue.length === 0) return;
    // Out of order: any pending update (Yjs parks what lacks its dependencies).
    const [update] = queue.splice(gen.int(0, queue.length - 1), 1);
    Y.applyUpdate(doc, update!, 'net');
  }

  flush(): void {
    for (let more = true; more; ) {
      more = false;
      for (const doc of this.docs) {
        const queue = this.inbox.get(doc)!;
        while (queue.length > 0) {
          Y.applyUpdate(doc, queue.shift()!, 'net');
          more = true;
        }
      }
    }
  }
}

/** A random step on one replica; returns the closure it wrote, if any. Refusals of the operations themselves (nothing to close, words already bracketed) are fine. */
function step(doc: Y.Doc, gen: SeededRandom, closures: BracketClosure[]): void {
  const who = gen.pick(PEOPLE);
  const pm = readSuggestedDoc(doc);
  const proposed = new Set(readAlternativeRecords(doc).filter((x) => !x.existing).map((x) => x.id));
  const open = findBrackets(pm, (id) => proposed.has(id)).filter((b) => readBracketRecords(doc).find((r) => r.id === b.bracketId)?.status === 'open');
  const roll = gen.int(0, 9);
  try {
    if (roll <= 2) {
      // Bracket a few words of either clause (often the same words another replica brackets).
      const clause = gen.int(0, pm.childCount - 1);
      let start = 1;
      for (let i = 0; i < clause; i++) start += pm.child(i).nodeSize;
      const paragraph = pm.child(clause).child(0);
      const length = paragraph.content.size;
      const from = start + 2 + gen.int(0, Math.max(0, Math.floor(length / 2) - 1));
      const to = Math.min(start + 1 + length, from + gen.int(3, 12));
      openBracketInYDoc(doc, who, { from, to, existingPartyId: gen.pick([us, ua, ru]).id, alternatives: [{ text: gen.pick(WORDS), rationale: 'seeded' }] });
    } else if (roll <= 5 && open.length > 0) {
      addAlternativeInYDoc(doc, who, { bracketId: gen.pick(open).bracketId, alternative: { text: gen.pick(WORDS), rationale: '' } });
    } else if (roll <= 7 && open.length > 0) {
      const lead = gen.pick(PEOPLE.filter((p) => p.member.role === 'lead'));
      const bracket = gen.pick(open);
      const choice = gen.bool() ? { altId: gen.pick([...bracket.alternatives]).altId } : { text: `agreed ${gen.pick(WORDS)}` };
      closures.push(closeBracketInYDoc(doc, lead, { bracketId: bracket.bracketId, choice }));
    } else {
      // Plain typing by a lead somewhere in the first paragraph of a clause.
      const clause = gen.int(0, 1);
      const text = (contentFragment(doc).get(clause) as Y.XmlElement).get(0) as Y.XmlElement;
      const ytext = text.get(0) as Y.XmlText;
      ytext.insert(gen.int(0, ytext.length), ` ${gen.pick(WORDS)}`);
    }
  } catch (error) {
    if (!(error instanceof DraftroomError)) throw error;
  }
}

function snapshot(doc: Y.Doc): unknown {
  return {
    content: contentFragment(doc).toJSON(),
    brackets: bracketsMap(doc).toJSON(),
    alternatives: alternativesMap(doc).toJSON(),
    counts: readBracketCounts(doc),
  };
}

describe('brackets under concurrent editing (seeded)', () => {
  it(`converges: same bytes, records and counts on every replica; each closure whole (seed ${SEED}, ${STEPS} steps)`, () => {
    const gen = new SeededRandom(SEED);
    const net = new Network(3);
    const closures: BracketClosure[] = [];
    for (let i = 0; i < STEPS; i++) {
      if (gen.int(0, 2) === 0) step(gen.pick(net.docs), gen, closures);
      else net.deliver(gen);
    }
    net.flush();
    const [first, ...rest] = net.docs;
    for (const doc of rest) {
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(first!));
      expect(snapshot(doc)).toEqual(snapshot(first!));
    }
    const brackets = readBracketRecords(first!);
    expect(brackets.length, `seed ${SEED}: some brackets were opened`).toBeGreaterThan(3);
    expect(closures.length, `seed ${SEED}: some brackets were closed`).toBeGreaterThan(1);
    // Every record well-formed; a closed bracket holds exactly one of the closures some lead wrote, never a mix.
    bracketsMap(first!).forEach((value, key) => expect(bracketRecordProblem(key, (value as Y.Map<unknown>).toJSON())).toBeNull());
    alternativesMap(first!).forEach((value, key) => expect(alternativeRecordProblem(key, (value as Y.Map<unknown>).toJSON())).toBeNull());
    for (const bracket of brackets.filter((b) => b.status === 'closed')) {
      expect(closures.filter((c) => JSON.stringify(c) === JSON.stringify(bracket.closure))).toHaveLength(1);
    }
    expect(readAlternativeRecords(first!).every((a) => brackets.some((b) => b.id === a.bracketId))).toBe(true);
  });

  it('keeps both brackets when two replicas bracket the same words at once (their marks overlap)', () => {
    const net = new Network(2);
    const [a, b] = net.docs as [Y.Doc, Y.Doc];
    const range = (doc: Y.Doc) => {
      const text = readSuggestedDoc(doc).child(0).textContent;
      const at = text.indexOf('The line of contact');
      return { from: 2 + at, to: 2 + at + 'The line of contact'.length };
    };
    openBracketInYDoc(a, PEOPLE[1]!, { ...range(a), existingPartyId: ua.id, alternatives: [{ text: 'The borders of two regions', rationale: '' }] });
    openBracketInYDoc(b, PEOPLE[2]!, { ...range(b), existingPartyId: ua.id, alternatives: [{ text: 'The old borders', rationale: '' }] });
    net.flush();
    expect(snapshot(a)).toEqual(snapshot(b));
    const proposed = new Set(readAlternativeRecords(a).filter((x) => !x.existing).map((x) => x.id));
    const spans = findBrackets(readSuggestedDoc(a), (id) => proposed.has(id));
    expect(spans).toHaveLength(2);
    // Each bracket holds the bracketed words and its own alternative.
    expect(spans.map((s) => s.alternatives.map((x) => x.text)).sort()).toEqual([
      ['The line of contact', 'The borders of two regions'],
      ['The line of contact', 'The old borders'],
    ].sort());
    expect(readBracketCounts(a)).toMatchObject({ brackets: 2, alternatives: 4 });
  });

  it('keeps one closure, whole, when two leads close the same bracket at once with different choices', () => {
    const net = new Network(2);
    const [a, b] = net.docs as [Y.Doc, Y.Doc];
    const text = readSuggestedDoc(a).child(1).textContent;
    const at = text.indexOf('set out in an annex');
    const start = readSuggestedDoc(a).child(0).nodeSize + 2;
    const { bracketId, altIds } = openBracketInYDoc(a, PEOPLE[0]!, {
      from: start + at,
      to: start + at + 'set out in an annex'.length,
      existingPartyId: us.id,
      alternatives: [{ text: 'decided by Ukraine', rationale: '' }],
    });
    net.flush();
    const usClosure = closeBracketInYDoc(a, PEOPLE[0]!, { bracketId, choice: { altId: altIds[0]! } });
    const uaClosure = closeBracketInYDoc(b, PEOPLE[1]!, { bracketId, choice: { altId: altIds[1]! } });
    net.flush();
    expect(snapshot(a)).toEqual(snapshot(b));
    const [record] = readBracketRecords(a);
    expect(record?.status).toBe('closed');
    expect([JSON.stringify(usClosure), JSON.stringify(uaClosure)]).toContain(JSON.stringify(record?.closure));
    // Both alternatives' words are kept in the closure that won, whichever it is.
    expect(record?.closure?.alternatives.map((x) => x.text)).toEqual(['set out in an annex', 'decided by Ukraine']);
    expect(readBracketCounts(a).brackets).toBe(0);
  });
});

describe('concurrent bracket operations through main’s update policy', () => {
  let arena: PolicyArena;
  let who: (member: Member) => Identity;
  beforeEach(async () => {
    arena = await new PolicyArena().setUp();
    const parties = new Map<string, Party>([arena.people.us, arena.people.ua].map((p) => [p.id, p]));
    who = (member) => ({ member, party: parties.get(member.partyId)! });
  });
  afterEach(() => arena.close());

  it('accepts two members bracketing the same words, each on its own replica, and then both of two leads’ closures built on the same state', async () => {
    const { alice, bohdan, carol } = arena.people;
    const words = (doc: Y.Doc) => {
      const text = readSuggestedDoc(doc).child(0).textContent;
      const at = text.indexOf('800,000');
      return { from: 2 + at, to: 2 + at + 7 };
    };
    let first = { bracketId: '', altIds: [] as readonly string[] };
    const byAlice = arena.edit((doc) => (first = openBracketInYDoc(doc, who(alice), { ...words(doc), existingPartyId: arena.people.ua.id, alternatives: [{ text: '600,000', rationale: '' }] })));
    const byCarol = arena.edit((doc) => openBracketInYDoc(doc, who(carol), { ...words(doc), existingPartyId: arena.people.ua.id, alternatives: [{ text: '500,000', rationale: '' }] }));
    await arena.send(alice, byAlice);
    await arena.send(carol, byCarol);
    expect(readBracketCounts(arena.mirror.doc)).toMatchObject({ brackets: 2, alternatives: 4 });
    // Two closures of Alice's bracket made on the same state (a second lead's replica had not seen the first).
    const closeA = arena.edit((doc) => closeBracketInYDoc(doc, who(bohdan), { bracketId: first.bracketId, choice: { altId: first.altIds[0]! } }));
    const closeB = arena.edit((doc) => closeBracketInYDoc(doc, who(bohdan), { bracketId: first.bracketId, choice: { altId: first.altIds[1]! } }));
    await arena.send(bohdan, closeA);
    await arena.send(bohdan, closeB);
    const [closed] = readBracketRecords(arena.mirror.doc).filter((b) => b.id === first.bracketId);
    expect(closed?.status).toBe('closed');
    expect(readBracketCounts(arena.mirror.doc).brackets).toBe(1);
    expect(arena.inMemory()).toEqual(arena.onDisk());
  });
});
