import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from 'y-prosemirror';
import { proposalSchema } from '../../../shared/schema/schema';
import { placeInElement } from '../../../shared/suggest/text-placement';

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
