/**
 * The redline's faster paths (B4) give what the paths they replace gave:
 * the one-pass reading of a block's pieces against the reading it replaced,
 * a diff of equal text against slicing it, the content reader against
 * y-prosemirror's, and the one-pass numbering of Word files against the
 * `docx` library's own, on the sample and on seeded generated proposals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchIdentity, buildLargeProposal, LARGE_PROPOSAL_SHAPE, writeLargeWorkspace, type LargeProposal } from '../../../main/bench/large-proposal';
import { replaceNumberingPlaceholders, useNumberingReplacer } from '../../../main/export/docx-numbering';
import { writeRedlineDocx } from '../../../main/export/docx-writer';
import { buildRedline, type RedlineSource } from '../../../main/export/export-redline';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { withVersionDoc } from '../../../shared/history/version-clauses';
import { inlinePieces, pushPiece, type ContentView, type StyledPiece } from '../../../shared/redline/clause-content';
import { documentSnapshot } from '../../../shared/redline/document-snapshot';
import type { RedlineDocument, RunRevision } from '../../../shared/redline/model';
import { diffPieces, slicePieces } from '../../../shared/redline/word-diff';
import { diffWordSpans } from '../../../shared/diff/word-diff';
import { proposalSchema } from '../../../shared/schema/schema';
import { markChangeId, ZERO_WIDTH_SPACE } from '../../../shared/suggest/marks';
import { readTextChange } from '../../../shared/suggest/text-change';
import { contentFragment } from '../../../shared/ydoc/layout';
import { readContent } from '../../../shared/ydoc/content-reader';
import { DOC, openSample, sourceOf, V20, V28, type SampleWorkspace } from './fixtures';

/** `inlinePieces` as it was before its one-pass rewrite (the reference). */
function referenceInlinePieces(block: PMNode, view: ContentView): StyledPiece[] {
  const changeOf = (marks: readonly Mark[]): RunRevision | undefined => {
    const change = readTextChange(marks);
    if (change.insertion !== null) return { type: 'insertion', id: markChangeId(change.insertion) };
    const first = change.deletions[0];
    return first ? { type: 'deletion', id: markChangeId(first) } : undefined;
  };
  const out: StyledPiece[] = [];
  block.forEach((child) => {
    const change = changeOf(child.marks);
    if (view === 'accepted' && change?.type === 'deletion') return;
    const text = child.isText ? (child.text ?? '').split(ZERO_WIDTH_SPACE).join('') : child.type.name === 'hard_break' ? '\n' : '';
    const bold = child.marks.some((m) => m.type.name === 'strong');
    const italic = child.marks.some((m) => m.type.name === 'em');
    pushPiece(out, { text, bold, italic, ...(view === 'marked' && change ? { change } : {}) });
  });
  return out;
}

/** `diffPieces` as it was before the equal-text shortcut (the reference). */
function referenceDiffPieces(before: readonly StyledPiece[], after: readonly StyledPiece[]): unknown[] {
  const text = (pieces: readonly StyledPiece[]): string => pieces.map((p) => p.text).join('');
  return diffWordSpans(text(before), text(after)).map((span) =>
    span.kind === 'equal'
      ? { kind: 'equal', pieces: slicePieces(after, span.newFrom, span.newTo) }
      : { kind: 'change', deleted: slicePieces(before, span.oldFrom, span.oldTo), inserted: slicePieces(after, span.newFrom, span.newTo) },
  );
}

function textblocks(doc: PMNode): PMNode[] {
  const out: PMNode[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) {
      out.push(node);
      return false;
    }
    return true;
  });
  return out;
}

const SHAPE = { ...LARGE_PROPOSAL_SHAPE, clauses: 60, minWords: 20, maxWords: 50, versionChanges: 20, amended: 25, added: 3, removed: 3, moved: 2, comments: 12, threads: 5 };
const SEEDS = [3, 11, 20251203];

let sample: SampleWorkspace;
let proposals: { proposal: LargeProposal; store: WorkspaceStoreApi; dir: string }[];

beforeAll(() => {
  sample = openSample();
  proposals = SEEDS.map((seed) => {
    const proposal = buildLargeProposal(seed, SHAPE);
    const dir = mkdtempSync(join(tmpdir(), 'draftroom-fast-paths-'));
    return { proposal, store: writeLargeWorkspace(join(dir, 'p.draftroom'), proposal), dir };
  });
});

afterAll(() => {
  sample.dispose();
  for (const { store, dir } of proposals) {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every Yjs state the tests read: the sample's versions and working draft, each proposal's versions and working draft. */
function states(): { label: string; state: Uint8Array }[] {
  const docId = sample.store.getDocument(DOC).id;
  const out = sample.store.listVersions(docId).map((v) => ({ label: `sample ${v.name}`, state: sample.store.getVersion(docId, v.id).state }));
  out.push({ label: 'sample working draft', state: Y.encodeStateAsUpdate(readDraft(sample.store, docId)) });
  for (const { proposal } of proposals) {
    for (const v of proposal.versions) out.push({ label: `${proposal.docId} ${v.name}`, state: v.state });
    out.push({ label: `${proposal.docId} working draft`, state: Y.encodeStateAsUpdate(proposal.ydoc) });
  }
  return out;
}

function readDraft(store: WorkspaceStoreApi, docId: string): Y.Doc {
  const { snapshot, updates } = store.readDocumentState(docId);
  const ydoc = new Y.Doc();
  if (snapshot) Y.applyUpdate(ydoc, snapshot);
  for (const update of updates) Y.applyUpdate(ydoc, update);
  return ydoc;
}

describe('the redline reads as it did before its faster paths', () => {
  it('reads every block of the sample and of generated proposals into the same pieces, marked and accepted', () => {
    let blocks = 0;
    let suggested = 0;
    for (const { label, state } of states()) {
      const doc = withVersionDoc(state, (ydoc) => documentSnapshot(ydoc).doc);
      for (const block of textblocks(doc)) {
        for (const view of ['marked', 'accepted'] as const) {
          expect(inlinePieces(block, view), `${label}: ${block.textContent.slice(0, 40)}`).toEqual(referenceInlinePieces(block, view));
        }
        blocks++;
        if (inlinePieces(block, 'marked').some((p) => p.change)) suggested++;
      }
    }
    expect(blocks).toBeGreaterThan(500);
    // The generated drafts carry pending suggestions: the marked reading is exercised too.
    expect(suggested).toBeGreaterThan(20);
  });

  it('diffs equal text (kept blocks) into what slicing it gave, also when the formatting differs or the pieces are not joined', () => {
    const doc = withVersionDoc(proposals[0]!.proposal.versions[1]!.state, (ydoc) => documentSnapshot(ydoc).doc);
    const pieceLists = textblocks(doc).map((block) => inlinePieces(block, 'accepted'));
    const plain: StyledPiece[] = [{ text: 'one two', bold: false, italic: false }];
    const split: StyledPiece[] = [
      { text: 'one ', bold: false, italic: false },
      { text: 'two', bold: false, italic: false },
    ];
    const withEmpty: StyledPiece[] = [{ text: '', bold: true, italic: false }, ...plain];
    const restyled: StyledPiece[] = [
      { text: 'one ', bold: true, italic: false },
      { text: 'two', bold: false, italic: true },
    ];
    const cases: [StyledPiece[], StyledPiece[]][] = [...pieceLists.map((p): [StyledPiece[], StyledPiece[]] => [p, p]), [plain, split], [split, plain], [plain, withEmpty], [plain, restyled], [restyled, plain], [[], []]];
    for (const [before, after] of cases) expect(JSON.stringify(diffPieces(before, after))).toBe(JSON.stringify(referenceDiffPieces(before, after)));
    // And a real difference still goes through the word diff.
    expect(JSON.stringify(diffPieces(plain, restyled.slice(0, 1)))).toBe(JSON.stringify(referenceDiffPieces(plain, restyled.slice(0, 1))));
  });

  it('reads generated proposals (many marks, shared where they have no attributes) exactly as y-prosemirror reads them', () => {
    for (const { proposal } of proposals) {
      for (const state of [...proposal.versions.map((v) => v.state), Y.encodeStateAsUpdate(proposal.ydoc)]) {
        const ydoc = new Y.Doc();
        Y.applyUpdate(ydoc, state);
        const read = readContent(contentFragment(ydoc), proposalSchema);
        expect(read.dropped).toBe(0);
        expect(read.doc.eq(yXmlFragmentToProseMirrorRootNode(contentFragment(ydoc), proposalSchema))).toBe(true);
        ydoc.destroy();
      }
    }
  });
});

/** The XML parts of a .docx that hold numbering ids and placeholders. */
async function numberedParts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const name of ['word/document.xml', 'word/numbering.xml', 'word/styles.xml', 'word/comments.xml']) out[name] = (await zip.file(name)?.async('string')) ?? '';
  return out;
}

async function docxBoth(model: RedlineDocument): Promise<{ library: Record<string, string>; onePass: Record<string, string> }> {
  expect(useNumberingReplacer('library')).toBe(true);
  try {
    const library = await numberedParts(await writeRedlineDocx(model));
    expect(useNumberingReplacer('one-pass')).toBe(true);
    const onePass = await numberedParts(await writeRedlineDocx(model));
    return { library, onePass };
  } finally {
    useNumberingReplacer('one-pass');
  }
}

describe('Word export: numbering placeholders replaced in one pass', () => {
  it('writes the same document, numbering and styles as the docx library’s own replacer (generated proposals, many lists)', async () => {
    for (const { proposal, store } of proposals) {
      const source: RedlineSource = { store, readWorkingDraft: () => documentSnapshot(proposal.ydoc), exportedBy: benchIdentity('m-us-lead'), now: new Date('2025-12-01T12:00:00Z') };
      const [from, to] = proposal.versions;
      for (const request of [{ docId: proposal.docId, from: from!.name, to: to!.name }, { docId: proposal.docId }]) {
        const { model } = buildRedline(source, request);
        const { library, onePass } = await docxBoth(model);
        expect(onePass).toEqual(library);
        const lists = (library['word/numbering.xml']!.match(/<w:num /g) ?? []).length;
        expect(lists).toBeGreaterThan(3);
        expect(onePass['word/document.xml']).not.toMatch(/\{redline-/);
      }
    }
  });

  it('writes the same parts for the sample’s comparison and pending redline', async () => {
    const docId = sample.store.getDocument(DOC).id;
    for (const request of [{ docId, from: V28, to: V20 }, { docId }]) {
      const { model } = buildRedline(sourceOf(sample.store), request);
      const { library, onePass } = await docxBoth(model);
      expect(onePass).toEqual(library);
    }
  });

  it('replaces each named instance by its id, the first of a name twice, and leaves other braces alone', () => {
    const numberings = [
      { reference: 'redline-bullet', instance: 0, numId: 1 },
      { reference: 'redline-bullet', instance: 1, numId: 7 },
      { reference: 'redline-ordered-3', instance: 12, numId: 9 },
      { reference: 'redline-bullet', instance: 1, numId: 99 },
    ];
    const xml = '<w:numId w:val="{redline-bullet-1}"/>{redline-ordered-3-12}{redline-bullet-10}{{redline-bullet-0}}{not a list}{}';
    // The library's way: one global replacement per instance, in order.
    let expected = xml;
    for (const n of numberings) expected = expected.replace(new RegExp(`{${n.reference}-${n.instance}}`, 'g'), n.numId.toString());
    expect(replaceNumberingPlaceholders(xml, numberings)).toBe(expected);
    expect(expected).toBe('<w:numId w:val="7"/>9{redline-bullet-10}{1}{not a list}{}');
    expect(replaceNumberingPlaceholders(xml, [])).toBe(xml);
  });
});
