import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { messageYjsUpdate } from 'y-protocols/sync';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { contentFragment, seedContent } from '../../../shared/ydoc/layout';
import { DocumentPolicy, type PolicySender } from '../../../main/policy/update-policy';
import { emptyProposal } from '../../../main/services/documents';
import { insertClause, typeInClause } from '../services/harness';

/**
 * The update policy keeps each clause's suggestions as the last accepted
 * update left them and reads them from there for the next update to the
 * clause, instead of walking it again (`MarkedTextCache`). These tests run
 * with `verifyCache` (every cached read is also walked, and a difference
 * throws); the seeded policy fuzz (`policy-fuzz.test.ts`) does the same over
 * 10,000 honest and hostile updates.
 */

const us: Party = { id: 'p-us', name: 'United States', code: 'US', colour: '#1f4e9c' };
const ua: Party = { id: 'p-ua', name: 'Ukraine', code: 'UA', colour: '#d4a106' };
const alice: Member = { id: 'm-alice', name: 'Alice Drafter', partyId: us.id, role: 'drafter' };
const bohdan: Member = { id: 'm-bohdan', name: 'Bohdan Lead', partyId: ua.id, role: 'lead' };
const carol: Member = { id: 'm-carol', name: 'Carol Suggester', partyId: us.id, role: 'suggester' };
const partyOf = (m: Member): Party => (m.partyId === us.id ? us : ua);
const sender = (member: Member): PolicySender => ({ origin: member, identity: { member, party: partyOf(member) } satisfies Identity, editRefusal: null });

/** The text node of the first paragraph of clause `index`. */
function firstText(d: Y.Doc, index: number): Y.XmlText {
  return ((contentFragment(d).get(index) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** A server Y.Doc with two clauses, its policy, and a replica per member. */
function setup(options: { readonly verifyCache: boolean }) {
  const doc = new Y.Doc();
  seedContent(doc, emptyProposal());
  typeInClause(doc, 0, 'Ukraine keeps an army of 800,000.', { tracked: false });
  insertClause(doc, 1, 'c-elections', 'Elections are held after the ceasefire.');
  const policy = new DocumentPolicy(doc, { verifyCache: options.verifyCache });
  const replica = (): Y.Doc => {
    const r = new Y.Doc();
    Y.applyUpdate(r, Y.encodeStateAsUpdate(doc));
    return r;
  };
  /** Judges `member`'s edit of its replica as the server would; returns the refusal or null. */
  const send = (member: Member, from: Y.Doc, edit: (d: Y.Doc) => void): string | null => {
    const before = Y.encodeStateVector(from);
    edit(from);
    const update = Y.encodeStateAsUpdate(from, before);
    const verdict = policy.check(sender(member), { type: messageYjsUpdate, payload: update }, () => Y.applyUpdate(doc, update, member));
    return verdict.refusal;
  };
  return { doc, policy, replica, send };
}

describe('the policy’s cached read of a clause’s suggestions', () => {
  it('serves keystroke after keystroke in one clause from the cache, each read equal to a walk', () => {
    const { policy, replica, send } = setup({ verifyCache: true });
    const mine = replica();
    for (const ch of ' and no more') expect(send(alice, mine, (d) => typeInClause(d, 0, ch, { by: alice }))).toBeNull();
    // The first keystroke walked the clause; every later one read what the one before left.
    expect(policy.cachedClauseReads).toBe(' and no more'.length - 1);
  });

  it('forgets a clause that anything else changed (another instance’s update, applied outside a check): the next read walks it', () => {
    const { doc, policy, replica, send } = setup({ verifyCache: true });
    const mine = replica();
    const theirs = replica();
    expect(send(alice, mine, (d) => typeInClause(d, 0, ' A', { by: alice }))).toBeNull();
    expect(send(alice, mine, (d) => typeInClause(d, 0, 'B', { by: alice }))).toBeNull();
    const reads = policy.cachedClauseReads;
    // Bohdan's tracked typing in the same clause reaches the document without a check (stored elsewhere already).
    const before = Y.encodeStateVector(theirs);
    typeInClause(theirs, 0, ' (agreed)', { by: bohdan });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(theirs, before), 'another instance');
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(doc));
    expect(send(alice, mine, (d) => typeInClause(d, 0, 'C', { by: alice }))).toBeNull();
    expect(policy.cachedClauseReads).toBe(reads);
    // The clause is cached again from there.
    expect(send(alice, mine, (d) => typeInClause(d, 0, 'D', { by: alice }))).toBeNull();
    expect(policy.cachedClauseReads).toBe(reads + 1);
    // And a suggester's untracked typing in that clause is refused on the cached read, as on a walk.
    const hers = replica();
    const refusal = send(carol, hers, (d) => firstText(d, 0).insert(0, 'U', {}));
    expect(refusal).toMatch(/suggest/);
  });

  it('judges a sequence of members’ edits on cached reads as on walks: the suggester’s untracked typing alone is refused', () => {
    const { doc, policy, replica, send } = setup({ verifyCache: true });
    const replicas = new Map([alice, bohdan, carol].map((m) => [m.id, replica()]));
    const script: [Member, (d: Y.Doc) => void][] = [
      [alice, (d) => typeInClause(d, 0, ' x', { by: alice })],
      [alice, (d) => typeInClause(d, 0, 'y', { by: alice })],
      [carol, (d) => typeInClause(d, 1, ' z', { by: carol })],
      [carol, (d) => firstText(d, 1).insert(0, 'U', {})],
      [bohdan, (d) => typeInClause(d, 1, ' w', { by: bohdan })],
      [alice, (d) => typeInClause(d, 0, 'v', { by: alice })],
    ];
    const refused: boolean[] = [];
    for (const [member, edit] of script) {
      const mine = replicas.get(member.id)!;
      Y.applyUpdate(mine, Y.encodeStateAsUpdate(doc));
      const refusal = send(member, mine, edit);
      refused.push(refusal !== null);
      // The sender of a refused update starts again from the document (which this test does not roll back: the cache forgets what the refused update touched).
      if (refusal !== null) replicas.set(member.id, replica());
    }
    expect(refused).toEqual([false, false, false, true, false, false]);
    expect(policy.cachedClauseReads).toBeGreaterThan(0);
  });
});
