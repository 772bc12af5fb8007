import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftroomError } from '../../../shared/api/errors';
import type { ChangeRecord } from '../../../shared/domain/types';
import { listClauses, type ClauseView } from '../../../shared/schema/clauses';
import { changesMap, commentsMap, readChanges, readComments, readProseMirrorDoc } from '../../../shared/ydoc/layout';
import { commentProblem } from '../../../shared/comments/comment-schema';
import { changeRecordProblem } from '../../../shared/suggest/record-schema';
import { Transform } from 'prosemirror-transform';
import { readAlternativeRecords, readBracketRecords } from '../../../shared/negotiation/bracket-records';
import { findBrackets } from '../../../shared/negotiation/bracket-view';
import { readPositions } from '../../../shared/negotiation/positions';
import { readPackages } from '../../../shared/negotiation/packages';
import { writeSampleWorkspace } from '../../../main/sample/build-sample';
import { SAMPLE_NOTE } from '../../../main/sample/sample-people';
import { loadYDoc } from '../../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';

const V28 = 'U.S. 28-point draft';
const V20 = 'U.S.–Ukraine 20-point proposal';

let dir: string;
let file: string;
let store: WorkspaceStoreApi;

function versionDoc(title: string, version: string): PMNode {
  const doc = store.getDocument(title);
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, store.getVersion(doc.id, version).state);
  return readProseMirrorDoc(ydoc);
}

function draft(title: string): { ydoc: Y.Doc; doc: PMNode } {
  const ydoc = loadYDoc(store, store.getDocument(title).id);
  return { ydoc, doc: readProseMirrorDoc(ydoc) };
}

function clauseMatching(clauses: readonly ClauseView[], pattern: RegExp): ClauseView {
  const hits = clauses.filter((c) => pattern.test(`${c.heading} ${c.text}`));
  expect(hits, `exactly one clause matches ${pattern}`).toHaveLength(1);
  return hits[0]!;
}

/** Marks (type and id) found on the text and nodes of one clause. */
function clauseMarks(doc: PMNode, clauseId: string): { type: string; id: string; text: string }[] {
  const out: { type: string; id: string; text: string }[] = [];
  doc.forEach((clause) => {
    if (clause.attrs['id'] !== clauseId) return;
    clause.descendants((node) => {
      for (const mark of node.marks) {
        if (mark.type.name === 'insertion' || mark.type.name === 'deletion') {
          out.push({ type: mark.type.name, id: String(mark.attrs['id']), text: node.text ?? '' });
        }
      }
      return true;
    });
  });
  return out;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-sample-'));
  file = join(dir, 'sample.draftroom');
  writeSampleWorkspace(file);
  store = openWorkspace(file);
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sample workspace: people', () => {
  it('is labelled as an illustrative sample', () => {
    expect(store.meta().name.toLowerCase()).toContain('illustrative');
    for (const doc of store.listDocuments()) {
      for (const version of store.listVersions(doc.id)) expect(version.note).toContain(SAMPLE_NOTE);
    }
  });

  it('has the four parties with distinct, readable colours', () => {
    const parties = store.listParties();
    expect(parties.map((p) => [p.code, p.name]).sort()).toEqual(
      [
        ['EU', 'Europe'],
        ['RU', 'Russia'],
        ['UA', 'Ukraine'],
        ['US', 'United States'],
      ].sort(),
    );
    expect(new Set(parties.map((p) => p.colour.toLowerCase())).size).toBe(4);
    for (const party of parties) {
      expect(party.colour).toMatch(/^#[0-9a-f]{6}$/i);
      expect(1.05 / (luminance(party.colour) + 0.05), `${party.code} contrast on white`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('has members on every side, a lead for the U.S. and Ukraine, and every role', () => {
    const members = store.listMembers();
    const parties = new Map(store.listParties().map((p) => [p.id, p.code]));
    for (const code of ['US', 'UA', 'EU', 'RU']) {
      expect(members.some((m) => parties.get(m.partyId) === code), `${code} has members`).toBe(true);
    }
    for (const code of ['US', 'UA']) {
      expect(members.some((m) => parties.get(m.partyId) === code && m.role === 'lead'), `${code} lead`).toBe(true);
    }
    expect(new Set(members.map((m) => m.role))).toEqual(new Set(['lead', 'drafter', 'suggester', 'observer']));
  });
});

describe('sample workspace: Peace framework versions', () => {
  it('keeps the 28-point draft, the 20-point proposal and the Russian counter-draft', () => {
    const title = 'Peace framework';
    expect(store.listVersions(store.getDocument(title).id).map((v) => v.name)).toEqual([V28, V20, 'Russian counter-draft']);
    expect(listClauses(versionDoc(title, V28))).toHaveLength(28);
    expect(listClauses(versionDoc(title, V20))).toHaveLength(20);
  });

  it('keeps the ids of the clauses that stay and drops exactly the removed ones', () => {
    const before = listClauses(versionDoc('Peace framework', V28));
    const after = listClauses(versionDoc('Peace framework', V20));
    expect(new Set(before.map((c) => c.id)).size).toBe(28);
    const removed = new Set(
      readChanges(draft('Peace framework').ydoc)
        .filter((c) => c.kind === 'removed' && c.status === 'accepted')
        .flatMap((c) => c.clauseIds),
    );
    expect(removed.size).toBe(8);
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id).filter((id) => !removed.has(id)));
    // Kept clauses are renumbered but keep their ids (and, unless amended, their text).
    const sovereignty = after.find((c) => c.id === before[0]!.id)!;
    expect(sovereignty.text).toBe(before[0]!.text);
    expect(after.map((c) => c.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('reaches the 20-point proposal through accepted change records with party and rationale', () => {
    const { ydoc } = draft('Peace framework');
    const accepted = readChanges(ydoc).filter((c) => c.status === 'accepted');
    expect(accepted.length).toBeGreaterThanOrEqual(12);
    const parties = new Map(store.listParties().map((p) => [p.id, p.code]));
    const members = new Map(store.listMembers().map((m) => [m.id, m]));
    for (const change of accepted) {
      expect(['US', 'UA'], change.id).toContain(parties.get(change.partyId));
      expect(members.get(change.authorId)?.partyId, `${change.id} author is on the party's team`).toBe(change.partyId);
      expect(change.rationale.trim().length, `${change.id} rationale`).toBeGreaterThan(20);
      expect(members.has(change.decidedBy ?? ''), `${change.id} decidedBy`).toBe(true);
      expect(Date.parse(change.decidedAt ?? '')).toBeGreaterThan(Date.parse(change.createdAt));
      expect(change.createdAt >= '2025-11-30' && change.createdAt <= '2025-12-22', change.createdAt).toBe(true);
      expect(change.clauseIds.length).toBeGreaterThan(0);
      expect(change.before ?? change.after, `${change.id} snippet`).toBeTruthy();
    }
  });

  it('covers every change the reporting lists', () => {
    const v28 = listClauses(versionDoc('Peace framework', V28));
    const v20 = listClauses(versionDoc('Peace framework', V20));
    const accepted = readChanges(draft('Peace framework').ydoc).filter((c) => c.status === 'accepted');
    const recordFor = (clauseId: string, kind: ChangeRecord['kind']): ChangeRecord | undefined =>
      accepted.find((c) => c.kind === kind && c.clauseIds.includes(clauseId));

    const removals: [string, RegExp][] = [
      ['NATO–Russia dialogue', /dialogue between NATO and Russia/],
      ['ban on NATO accession', /will not join NATO/],
      ['ban on NATO troops in Ukraine', /NATO will not station troops/],
      ['European jets in Poland', /fighter aircraft.*Poland/],
      ['reintegration into the global economy', /global economy/],
      ['seized/frozen Russian assets', /frozen sovereign assets/],
      ['START talks', /New START/],
      ['amnesty', /full amnesty/],
    ];
    for (const [label, pattern] of removals) {
      const clause = clauseMatching(v28, pattern);
      expect(recordFor(clause.id, 'removed'), label).toBeDefined();
      expect(v20.some((c) => c.id === clause.id), `${label} is gone from the 20 points`).toBe(false);
    }

    const amendments: [string, RegExp, RegExp, RegExp][] = [
      ['troop cap', /armed forces will not exceed/, /600,000/, /800,000/],
      ['IAEA role at Zaporizhzhia', /Zaporizhzhia/, /Atomic Energy Agency/, /agreed by the parties/],
      ['Nazism in education', /school programmes/, /Nazi/, /counter racism/],
      ['election timeline', /hold elections/, /100 days/, /as soon as practicable/],
    ];
    for (const [label, locate, was, now] of amendments) {
      const before = clauseMatching(v28, locate);
      const after = v20.find((c) => c.id === before.id);
      expect(after, `${label} clause kept under the same id`).toBeDefined();
      expect(before.text, label).toMatch(was);
      expect(after!.text, label).toMatch(now);
      expect(after!.text, label).not.toMatch(was);
      expect(recordFor(before.id, 'amended'), label).toBeDefined();
    }
    const troop = recordFor(clauseMatching(v28, /600,000/).id, 'amended')!;
    expect([troop.before, troop.after]).toEqual(['600,000', '800,000']);
  });

  it('logs every edit as a Yjs update attributed to the member who made it', () => {
    const docId = store.getDocument('Peace framework').id;
    const changes = readChanges(draft('Peace framework').ydoc);
    const contributors = store.listContributors(docId);
    const byMember = new Map(contributors.map((c) => [c.memberId, c]));
    for (const change of changes) {
      expect(byMember.get(change.authorId)?.partyId, `${change.id} author in the log`).toBe(change.partyId);
      if (change.decidedBy) expect(byMember.has(change.decidedBy), `${change.id} decider in the log`).toBe(true);
    }
    // One update to seed, one per proposal, one per decision, one per comment, one per party's positions, one per package, one per bracket
    // opened and alternative added.
    const updates = contributors.reduce((n, c) => n + c.updates, 0);
    const decided = changes.filter((c) => c.decidedBy).length;
    const { ydoc } = draft('Peace framework');
    const bracketSteps = readBracketRecords(ydoc).length + readAlternativeRecords(ydoc).filter((a) => !a.existing).length;
    expect(bracketSteps).toBe(4);
    const positionSteps = new Set(readPositions(ydoc).map((p) => p.partyId)).size;
    expect(positionSteps).toBe(4);
    const packageSteps = readPackages(ydoc).length;
    expect(packageSteps).toBe(1);
    expect(updates).toBe(1 + changes.length + decided + readComments(ydoc).length + positionSteps + packageSteps + bracketSteps);
  });
});

describe('sample workspace: Russia’s pending suggestions', () => {
  const expected: [string, RegExp][] = [
    ['withdrawal from Donetsk', /Donetsk/],
    ['non-accession and denazification pledges', /NATO[\s\S]*denazification|denazification[\s\S]*NATO/i],
    ['status-quo management of the ZNPP', /management that runs it today/],
    ['no NATO forces', /No forces of NATO/],
    ['amnesty', /amnesty/i],
  ];

  it('holds each as a proposed RU change with a rationale by an RU member', () => {
    const proposed = readChanges(draft('Peace framework').ydoc).filter((c) => c.status === 'proposed');
    const ru = store.findParty('RU')!;
    const members = new Map(store.listMembers().map((m) => [m.id, m]));
    for (const change of proposed) {
      expect(change.partyId, change.id).toBe(ru.id);
      expect(members.get(change.authorId)?.partyId, change.id).toBe(ru.id);
      expect(change.rationale.trim().length, change.id).toBeGreaterThan(20);
      expect(change.decidedBy).toBeUndefined();
    }
    for (const [label, pattern] of expected) {
      expect(proposed.filter((c) => pattern.test(c.after ?? '')), label).toHaveLength(1);
    }
  });

  it('represents them as suggestion marks whose ids are the proposed records', () => {
    const { ydoc, doc } = draft('Peace framework');
    const proposed = readChanges(ydoc).filter((c) => c.status === 'proposed');
    expect(proposed).toHaveLength(5);
    const markIds = new Set<string>();
    doc.descendants((node) => {
      for (const mark of node.marks) if (mark.type.name !== 'alternative') markIds.add(String(mark.attrs['id']));
      return true;
    });
    expect(markIds).toEqual(new Set(proposed.map((c) => c.id)));

    const clauses = listClauses(doc, 'marked');
    for (const change of proposed) {
      const [clauseId] = change.clauseIds;
      const marks = clauseMarks(doc, clauseId!);
      expect(marks.length, change.id).toBeGreaterThan(0);
      expect(marks.every((m) => m.id === change.id), change.id).toBe(true);
      if (change.kind === 'added') {
        // A whole proposed clause: every piece of its text is an insertion of this change.
        expect(marks.every((m) => m.type === 'insertion')).toBe(true);
        const clause = clauses.find((c) => c.id === clauseId)!;
        expect(clause.text.startsWith('[+') && clause.text.endsWith('+]'), clause.text).toBe(true);
      }
    }
    const znpp = proposed.find((c) => /management that runs it today/.test(c.after ?? ''))!;
    expect(new Set(clauseMarks(doc, znpp.clauseIds[0]!).map((m) => m.type))).toEqual(new Set(['insertion', 'deletion']));
  });

  it('leaves the 20-point text underneath: rejecting every suggestion (and leaving out the brackets’ proposed alternatives) gives the 20-point proposal', () => {
    const { ydoc, doc: withAlternatives } = draft('Peace framework');
    const proposed = new Set(readAlternativeRecords(ydoc).filter((a) => !a.existing).map((a) => a.id));
    const tr = new Transform(withAlternatives);
    for (const alt of findBrackets(withAlternatives).flatMap((b) => b.alternatives).filter((a) => proposed.has(a.altId)).sort((a, b) => b.from - a.from)) {
      tr.delete(alt.from, alt.to);
    }
    expect(proposed.size).toBe(2);
    const doc = tr.doc;
    const original = listClauses(doc, 'original').filter((c) => c.heading !== '' || c.text !== '');
    const v20 = listClauses(versionDoc('Peace framework', V20));
    expect(original.map((c) => [c.id, c.heading, c.text])).toEqual(v20.map((c) => [c.id, c.heading, c.text]));
    expect(listClauses(doc, 'current')).toHaveLength(23);
  });

  it('carries comments, including a Ukrainian question on a Russian suggestion', () => {
    const { ydoc } = draft('Peace framework');
    const comments = readComments(ydoc);
    const changes = new Map(readChanges(ydoc).map((c) => [c.id, c]));
    expect(comments.length).toBeGreaterThanOrEqual(2);
    const ua = store.findParty('UA')!;
    const ru = store.findParty('RU')!;
    const onRu = comments.filter(
      (c) => c.target.type === 'change' && changes.get(c.target.changeId)?.partyId === ru.id && c.partyId === ua.id,
    );
    expect(onRu.length).toBeGreaterThan(0);
    for (const comment of comments) {
      if (comment.parentId) expect(comments.some((c) => c.id === comment.parentId)).toBe(true);
      expect(store.getMember(comment.authorId)?.partyId).toBe(comment.partyId);
    }
  });
});

describe('sample workspace: well-formed records', () => {
  it('holds only change records and comments the update policy’s schemas accept', () => {
    for (const title of ['Peace framework', 'European 6-point framework']) {
      const { ydoc } = draft(title);
      changesMap(ydoc).forEach((entry, key) => expect(changeRecordProblem(key, entry.toJSON()), key).toBeNull());
      commentsMap(ydoc).forEach((entry, key) => expect(commentProblem(key, entry.toJSON()), key).toBeNull());
    }
  });
});

describe('sample workspace: European 6-point framework', () => {
  it('has six points and a version kept by a European member', () => {
    const doc = store.getDocument('European 6-point framework');
    expect(listClauses(draft(doc.title).doc)).toHaveLength(6);
    const [version] = store.listVersions(doc.id);
    expect(version).toBeDefined();
    expect(listClauses(versionDoc(doc.title, version!.id))).toHaveLength(6);
    const eu = store.findParty('EU')!;
    expect(version!.partyId).toBe(eu.id);
    expect(store.getMember(version!.authorId ?? '')?.partyId).toBe(eu.id);
    expect(listClauses(draft(doc.title).doc)[0]!.text).toMatch(/800,000/);
  });
});

describe('writeSampleWorkspace', () => {
  it('refuses to overwrite an existing file and leaves it untouched', () => {
    const other = join(dir, 'exists.draftroom');
    writeFileSync(other, 'not mine');
    const before = statSync(other).mtimeMs;
    expect(() => writeSampleWorkspace(other)).toThrow(DraftroomError);
    try {
      writeSampleWorkspace(other);
    } catch (error) {
      expect((error as DraftroomError).code).toBe('conflict');
    }
    expect(readFileSync(other, 'utf8')).toBe('not mine');
    expect(statSync(other).mtimeMs).toBe(before);
  });
});
