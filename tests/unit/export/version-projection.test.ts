/**
 * A version's redline projection (its content as its hash covers it, stored
 * as JSON) reads into the same snapshot as the version's decoded Y.Doc: on
 * proposals generated with the declarative builders (text suggestions,
 * proposed and removed clauses, records, comments), on the sample (open
 * brackets) and on the bench's generated proposals.
 */
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLargeProposal, LARGE_PROPOSAL_SHAPE } from '../../../main/bench/large-proposal';
import { loadYDoc } from '../../../main/store/document-state';
import type { ChangeKind, ChangeRecord } from '../../../shared/domain/types';
import { versionContentText } from '../../../shared/initials/version-content';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { documentSnapshot, type DocumentSnapshot } from '../../../shared/redline/document-snapshot';
import { snapshotOfVersionContent } from '../../../shared/redline/version-projection';
import { seedContent, writeChange, writeComment } from '../../../shared/ydoc/layout';
import { addedClause, clause, del, em, heading, ins, li, ol, p, proposal, removedClause, strong, ul, type InlineChild } from '../../helpers/builders';
import { DOC, openSample, type SampleWorkspace } from './fixtures';

/** Everything a redline reads of a snapshot, as comparable data. */
function comparable(snapshot: DocumentSnapshot): unknown {
  return { doc: snapshot.doc.toJSON(), records: snapshot.records, comments: snapshot.comments, brackets: snapshot.brackets };
}

function expectSameRead(ydoc: Y.Doc, label: string): DocumentSnapshot {
  const decoded = documentSnapshot(ydoc);
  const projected = snapshotOfVersionContent(versionContentText(ydoc));
  expect(projected.doc.eq(decoded.doc), label).toBe(true);
  expect(comparable(projected), label).toEqual(comparable(decoded));
  return projected;
}

const KINDS: readonly ChangeKind[] = ['added', 'amended', 'removed'];

/** A proposal generated with the builders: clauses with headings, lists, bold and italic text, pending insertions and deletions, proposed and removed clauses, each change with its record, and comments. */
function generatedProposal(seed: number): Y.Doc {
  const gen = new SeededRandom(seed);
  const words = (n: number): string => Array.from({ length: n }, () => gen.word(2, 9)).join(' ');
  const records: ChangeRecord[] = [];
  const change = (kind: ChangeKind, clauseId: string): string => {
    const id = `ch-${seed}-${records.length}`;
    records.push({
      id,
      kind,
      partyId: gen.chance(0.5) ? 'p-us' : 'p-ua',
      authorId: gen.chance(0.5) ? 'm-one' : 'm-two',
      // Some share a time: the order then falls back to the id.
      createdAt: `2025-12-0${gen.int(1, 3)}T10:00:00.000Z`,
      rationale: gen.chance(0.3) ? '' : words(5),
      status: gen.chance(0.8) ? 'proposed' : 'rejected',
      clauseIds: [clauseId],
      ...(gen.chance(0.5) ? { before: words(2) } : {}),
    });
    return id;
  };
  const inline = (clauseId: string): InlineChild[] => {
    const out: InlineChild[] = [words(gen.int(3, 12))];
    for (let i = gen.int(0, 3); i > 0; i--) {
      const roll = gen.int(0, 4);
      const text = ` ${words(gen.int(1, 4))} `;
      if (roll === 0) out.push(ins(change('amended', clauseId), text));
      else if (roll === 1) out.push(del(change('amended', clauseId), text));
      else if (roll === 2) out.push(strong(text));
      else if (roll === 3) out.push(em(ins(change('amended', clauseId), text)));
      else out.push(text);
      out.push(words(gen.int(1, 5)));
    }
    return out;
  };
  const clauses: PMNode[] = [];
  for (let n = 0; n < gen.int(6, 14); n++) {
    const id = `c-${seed}-${n}`;
    const blocks = [heading(words(gen.int(1, 4))), p(...inline(id))];
    if (gen.chance(0.3)) blocks.push((gen.bool() ? ul : ol)(li(...inline(id)), li(words(4))));
    if (gen.chance(0.3)) blocks.push(p(...inline(id)));
    const kind = KINDS[gen.int(0, 6)];
    if (kind === 'added') clauses.push(addedClause(change('added', id), id, ...blocks));
    else if (kind === 'removed') clauses.push(removedClause(change('removed', id), id, ...blocks));
    else clauses.push(clause(id, ...blocks));
  }
  const ydoc = new Y.Doc();
  seedContent(ydoc, proposal(...clauses));
  // Written newest first: the readers sort.
  for (const record of [...records].reverse()) writeChange(ydoc, record);
  for (let i = 0; i < gen.int(0, 5); i++) {
    writeComment(ydoc, {
      id: `cm-${seed}-${i}`,
      target: records.length > 0 && gen.bool() ? { type: 'change', changeId: records[gen.int(0, records.length - 1)]!.id } : { type: 'clause', clauseId: `c-${seed}-0` },
      parentId: null,
      authorId: 'm-one',
      partyId: 'p-us',
      createdAt: `2025-12-0${gen.int(1, 3)}T11:00:00.000Z`,
      body: words(8),
      ...(gen.chance(0.2) ? { resolved: true } : {}),
    });
  }
  return ydoc;
}

describe('a version read from its projection is the version read from its Y.Doc', () => {
  it('on 40 proposals generated with the builders (text suggestions, proposed and removed clauses, lists, records, comments)', () => {
    let records = 0;
    let suggested = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const ydoc = generatedProposal(seed);
      const read = expectSameRead(ydoc, `seed ${seed}`);
      records += read.records.length;
      read.doc.descendants((node) => {
        if (node.marks.some((m) => m.type.name === 'insertion' || m.type.name === 'deletion')) suggested++;
      });
      ydoc.destroy();
    }
    // The generator did produce what the reader must carry.
    expect(records).toBeGreaterThan(100);
    expect(suggested).toBeGreaterThan(50);
  });

  describe('on the sample (versions, and a working draft with open brackets) and the bench proposals', () => {
    let sample: SampleWorkspace;
    beforeAll(() => {
      sample = openSample();
    });
    afterAll(() => sample.dispose());

    it('reads the sample the same', () => {
      const docId = sample.store.getDocument(DOC).id;
      for (const info of sample.store.listVersions(docId)) {
        const ydoc = new Y.Doc();
        Y.applyUpdate(ydoc, sample.store.getVersion(docId, info.id).state);
        expectSameRead(ydoc, info.name);
        ydoc.destroy();
      }
      const draft = loadYDoc(sample.store, docId);
      expect(expectSameRead(draft, 'sample working draft').brackets.length).toBeGreaterThan(0);
      draft.destroy();
    });

    it('reads the bench proposals the same (two seeds, both versions and the working draft)', () => {
      for (const seed of [20251203, 7]) {
          const built = buildLargeProposal(seed, { ...LARGE_PROPOSAL_SHAPE, clauses: 60, minWords: 20, maxWords: 40, versionChanges: 15, amended: 20, added: 3, removed: 3, moved: 2, comments: 10, threads: 4 });
          for (const version of built.versions) {
            const ydoc = new Y.Doc();
            Y.applyUpdate(ydoc, version.state);
            expectSameRead(ydoc, `${seed} ${version.name}`);
            ydoc.destroy();
          }
          expectSameRead(built.ydoc, `${seed} working draft`);
        }
    });
  });

  it('refuses text that is not a version content (the caller then decodes the state)', () => {
    expect(() => snapshotOfVersionContent('{"text":')).toThrow();
    expect(() => snapshotOfVersionContent('[]')).toThrow();
    expect(() => snapshotOfVersionContent('{"text":{"type":"no-such-node"}}')).toThrow();
  });
});
