import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from 'y-prosemirror';
import { proposalSchema } from '../../../shared/schema/schema';
import { placeInElement } from '../../../shared/suggest/text-placement';

/** A run of a paragraph: its text, who typed it (the original author or the editing member) and its suggestion marks. */
interface Run {
  readonly text: string;
  readonly by: 'original' | 'member';
  readonly insertion?: string;
  readonly deletion?: string;
}

const ORIGINAL = 1;
const MEMBER = 2;

/** y-prosemirror's per-change attribute name (any 8 characters of its hash alphabet). */
function attributeName(mark: 'insertion' | 'deletion', changeId: string): string {
  return `${mark}--${changeId.padStart(8, '0').slice(-8)}`;
}

/**
 * A one-paragraph clause as the member's replica holds it: the original
 * author (Yjs client 1) wrote the original runs, then the member (client 2)
 * typed hers and struck or inserted with per-change attributes.
 */
function replicaOf(runs: readonly Run[]) {
  const ydoc = new Y.Doc();
  ydoc.clientID = ORIGINAL;
  const fragment = ydoc.getXmlFragment('content');
  const original = runs.filter((r) => r.by === 'original').map((r) => r.text).join('');
  prosemirrorJSONToYXmlFragment(proposalSchema, { type: 'doc', content: [{ type: 'clause', attrs: { id: 'c1' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: original }] }] }] }, fragment);
  ydoc.clientID = MEMBER;
  const ytext = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlElement;
  const text = ytext.get(0) as Y.XmlText;
  let at = 0;
  for (const run of runs) {
    const attributes: Record<string, unknown> = {};
    if (run.insertion) attributes[attributeName('insertion', run.insertion)] = { id: run.insertion };
    if (run.deletion) attributes[attributeName('deletion', run.deletion)] = { id: run.deletion };
    if (run.by === 'member') text.insert(at, run.text, attributes);
    else if (run.deletion) text.format(at, run.text.length, attributes);
    at += run.text.length;
  }
  return { ydoc, fragment, text };
}

/** The document the editor wants written: runs with their marks. */
function editorDoc(runs: readonly Run[]): PMNode {
  const content = runs.map((run) => {
    const marks = [
      ...(run.deletion ? [{ type: 'deletion', attrs: { id: run.deletion } }] : []),
      ...(run.insertion ? [{ type: 'insertion', attrs: { id: run.insertion } }] : []),
    ];
    return { type: 'text', text: run.text, ...(marks.length > 0 ? { marks } : {}) };
  });
  return proposalSchema.nodeFromJSON({ type: 'doc', content: [{ type: 'clause', attrs: { id: 'c1' }, content: [{ type: 'paragraph', content }] }] });
}

/** Who typed each character of the Y text: 'o' the original author, 'm' the member. */
function typists(text: Y.XmlText): string {
  let out = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) out += (item.id.client === ORIGINAL ? 'o' : 'm').repeat(item.length);
  }
  return out;
}

/** Who should have typed each character of the runs. */
function expectedTypists(runs: readonly Run[]): string {
  return runs.map((r) => (r.by === 'original' ? 'o' : 'm').repeat(r.text.length)).join('');
}

/** Illustrative clauses (our own words): three clauses of two paragraphs each. */
function sample() {
  const clause = (id: string) => ({
    type: 'clause',
    attrs: { id },
    content: [1, 2].map((n) => ({ type: 'paragraph', content: [{ type: 'text', text: `Clause ${id}, paragraph ${n}: the parties agree.` }] })),
  });
  const json = { type: 'doc', content: ['a', 'b', 'c'].map(clause) };
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment('content');
  prosemirrorJSONToYXmlFragment(proposalSchema, json, fragment);
  const { doc, mapping } = initProseMirrorDoc(fragment, proposalSchema);
  return { fragment, doc, mapping };
}

/** The document with one character typed at the end of clause b's first paragraph. */
function typeInClauseB(doc: PMNode): PMNode {
  const at = doc.child(0).nodeSize + 2 + doc.child(1).child(0).content.size;
  return EditorState.create({ doc }).tr.insertText('x', at).doc;
}

describe('placeInElement', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads only the paragraph an edit changed when given the sync mapping', () => {
    const { fragment, doc, mapping } = sample();
    const edited = typeInClauseB(doc);
    expect(edited.child(1).child(0).textContent).toMatch(/agree\.x$/);
    const reads = vi.spyOn(Y.XmlText.prototype, 'toDelta');
    placeInElement(fragment, edited, mapping);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('reads every paragraph without the mapping (what each keystroke cost before)', () => {
    const { fragment, doc } = sample();
    const edited = typeInClauseB(doc);
    const reads = vi.spyOn(Y.XmlText.prototype, 'toDelta');
    placeInElement(fragment, edited);
    expect(reads).toHaveBeenCalledTimes(6);
  });

  it('reads nothing when the document is the one last synced', () => {
    const { fragment, doc, mapping } = sample();
    const reads = vi.spyOn(Y.XmlText.prototype, 'toDelta');
    placeInElement(fragment, doc, mapping);
    expect(reads).not.toHaveBeenCalled();
  });
});

describe('placeInElement keeps every character with the one who typed it', () => {
  // Each case reduces an edit of the offline partition run (tests/unit/team/partition.test.ts) in which a plain-letter
  // diff deleted an original character and retyped it as the member's, so another member's concurrent strike of it
  // lost its mark (SYNC_SEED=486176799) or would have.
  const cases: { name: string; before: Run[]; after: Run[] }[] = [
    {
      name: 'replacing " oxgre" (her own " ox", then original text) by "fe" before the second "e" of "agree"',
      before: [
        { text: 'ies a', by: 'original' },
        { text: ' ox', by: 'member', insertion: 'i12' },
        { text: 'gree on', by: 'original' },
      ],
      after: [
        { text: 'ies a', by: 'original' },
        { text: 'gre', by: 'original', deletion: 'i36' },
        { text: 'fe', by: 'member', insertion: 'i36' },
        { text: 'e on', by: 'original' },
      ],
    },
    {
      name: 'replacing her own "wierxp" by "ipab", typed after the original "." she struck',
      before: [
        { text: '  wierxp', by: 'member', insertion: 'i33' },
        { text: '.', by: 'original', deletion: 'i33' },
        { text: 'd', by: 'member', insertion: 'i33' },
      ],
      after: [
        { text: '  ', by: 'member', insertion: 'i33' },
        { text: '.', by: 'original', deletion: 'i33' },
        { text: 'ipabd', by: 'member', insertion: 'i33' },
      ],
    },
    {
      name: 'deleting her own "gcas", striking the original space after it and deleting her own space after that',
      before: [
        { text: 'agree', by: 'original' },
        { text: ' yyhgcas', by: 'member', insertion: 'i46' },
        { text: ' ', by: 'original' },
        { text: '  dytn', by: 'member', insertion: 'i16' },
      ],
      after: [
        { text: 'agree', by: 'original' },
        { text: ' yyh', by: 'member', insertion: 'i46' },
        { text: ' ', by: 'original', deletion: 'i46' },
        { text: ' dytn', by: 'member', insertion: 'i16' },
      ],
    },
    {
      // tests/unit/suggest/keeps-others-text.test.ts, seed 47: her "oo" deleted and "oo" typed read as her "oo" kept.
      name: 'replacing "oon" (her own "oo", then an original "n") by "oo"',
      before: [
        { text: 'item', by: 'original' },
        { text: ' 1.', by: 'original', deletion: 'i46' },
        { text: 'aoo', by: 'member', insertion: 'i46' },
        { text: 'n', by: 'original' },
        { text: '\u200B', by: 'member', deletion: 'i46' },
      ],
      after: [
        { text: 'item', by: 'original' },
        { text: ' 1.', by: 'original', deletion: 'i46' },
        { text: 'a', by: 'member', insertion: 'i46' },
        { text: 'n', by: 'original', deletion: 'i46' },
        { text: 'oo', by: 'member', insertion: 'i46' },
      ],
    },
  ];

  it.each(cases)('on a machine whose clock races (each reading 100 ms later), still: $name', ({ before, after }) => {
    // The placement's diffs are bounded by the edit's size, not by a wall-clock timeout (which jsdiff reads from
    // Date.now): on a loaded machine the same edit must be placed the same way.
    let clock = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 100));
    const { ydoc, fragment, text } = replicaOf(before);
    placeInElement(fragment, editorDoc(after));
    expect(typists(text)).toBe(expectedTypists(after));
    ydoc.destroy();
  });

  it.each(cases)('$name', ({ before, after }) => {
    const { ydoc, fragment, text } = replicaOf(before);
    expect(typists(text)).toBe(expectedTypists(before));
    placeInElement(fragment, editorDoc(after));
    expect(text.toDelta().map((op: { insert: string }) => op.insert).join('')).toBe(after.map((r) => r.text).join(''));
    expect(typists(text)).toBe(expectedTypists(after));
    ydoc.destroy();
  });
});
