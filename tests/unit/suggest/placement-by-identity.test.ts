/**
 * Text placement skips the top-level clauses that are the very nodes of the
 * document it wrote last (node identity) instead of reading each clause's
 * mapping entry. This drives two editors through the same seeded edits —
 * typing, deleting, Enter, and another member's edits arriving in between —
 * one with the identity shortcut, one with the full walk, and checks that
 * both write the very same content (the same Yjs items: who typed which
 * character, where) and show the same document.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { baseKeymap } from 'prosemirror-commands';
import { EditorState, Plugin, TextSelection } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { initProseMirrorDoc, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { proposalSchema } from '../../../shared/schema/schema';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { placeTextEditsByMarks } from '../../../shared/suggest/text-placement';
import { contentFragment, readChanges, readProseMirrorDoc, seedContent } from '../../../shared/ydoc/layout';
import { WHO } from './harness';

const CLAUSES = 12;
const OTHER = 9;
const TYPIST = 5;

function original(): PMNode {
  const clauses = Array.from({ length: CLAUSES }, (_, i) => ({
    type: 'clause',
    attrs: { id: `c${i}` },
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: `clause ${i} the parties agree on a ceasefire` }] },
      { type: 'paragraph', content: [{ type: 'text', text: `monitoring of clause ${i} begins at once` }] },
    ],
  }));
  return proposalSchema.nodeFromJSON({ type: 'doc', content: clauses });
}

/** A suggester's editor on its own replica; `byIdentity` picks the walk of text placement. */
function editor(seed: Uint8Array, byIdentity: boolean): { view: HeadlessView; ydoc: Y.Doc } {
  const ydoc = new Y.Doc();
  ydoc.clientID = TYPIST;
  Y.applyUpdate(ydoc, seed);
  const fragment = contentFragment(ydoc);
  const { doc, mapping } = initProseMirrorDoc(fragment, proposalSchema);
  // Wraps the binding before suggestionPlugins' own call (which then leaves it as it is).
  const placement = new Plugin({
    view(view) {
      placeTextEditsByMarks(view.state, { byIdentity });
      return {};
    },
  });
  const state = EditorState.create({ schema: proposalSchema, doc, plugins: [ySyncPlugin(fragment, { mapping }), yUndoPlugin(), placement, ...suggestionPlugins(readChanges(ydoc))] });
  const ids = new SeededRandom(77);
  const view = new HeadlessView(state, withSuggestionTracking({ identity: () => WHO.uaSuggester, ydoc, generateId: () => ids.uuid() }));
  return { view, ydoc };
}

/** Text positions (inside a text block) of a document. */
function textPositions(doc: PMNode): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) for (let p = pos + 1; p <= pos + 1 + node.content.size; p++) out.push(p);
    return !node.isTextblock;
  });
  return out;
}

/** Another member's edit straight in the Y.Doc: a word into some paragraph's text. */
function otherEdit(other: Y.Doc, gen: SeededRandom): void {
  const clauses = contentFragment(other).toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
  const clause = clauses[gen.int(0, clauses.length - 1)]!;
  const paragraphs = clause.toArray().filter((p): p is Y.XmlElement => p instanceof Y.XmlElement);
  const paragraph = paragraphs[gen.int(0, paragraphs.length - 1)];
  const text = paragraph?.toArray().find((t): t is Y.XmlText => t instanceof Y.XmlText);
  if (!text) return;
  text.insert(gen.int(0, text.length), 'zq ');
}

/**
 * The content as Yjs items: every character and format of every text with its Yjs id and whether it is deleted
 * (who typed what, where), and every element's name and attributes. The records (stamped with the time) are left out.
 */
function contentItems(ydoc: Y.Doc): string[] {
  const out: string[] = [];
  const walk = (parent: Y.XmlFragment | Y.XmlElement, depth: number): void => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlElement) {
        out.push(`${depth} <${child.nodeName} ${JSON.stringify(child.getAttributes())}>`);
        walk(child, depth + 1);
      } else if (child instanceof Y.XmlText) {
        for (let item = child._start; item !== null; item = item.right) {
          const content = item.content instanceof Y.ContentString ? item.content.str : item.content instanceof Y.ContentFormat ? `{${item.content.key}=${JSON.stringify(item.content.value)}}` : '?';
          out.push(`${depth} ${item.id.client}:${item.id.clock}${item.deleted ? ' deleted' : ''} ${content}`);
        }
      }
    }
  };
  walk(contentFragment(ydoc), 0);
  return out;
}

function run(seedNumber: number, steps: number): void {
  const source = new Y.Doc();
  source.clientID = 1;
  seedContent(source, original());
  const seed = Y.encodeStateAsUpdate(source);
  const fast = editor(seed, true);
  const full = editor(seed, false);
  const other = new Y.Doc();
  other.clientID = OTHER;
  Y.applyUpdate(other, seed);
  const gen = new SeededRandom(seedNumber);
  for (let step = 0; step < steps; step++) {
    const roll = gen.int(0, 99);
    if (roll < 10) {
      // Another member's edit reaches both replicas (and the typist's edits reach the other member).
      Y.applyUpdate(other, Y.encodeStateAsUpdate(fast.ydoc, Y.encodeStateVector(other)));
      const before = Y.encodeStateVector(other);
      otherEdit(other, gen);
      const update = Y.encodeStateAsUpdate(other, before);
      Y.applyUpdate(fast.ydoc, update, 'remote');
      Y.applyUpdate(full.ydoc, update, 'remote');
      continue;
    }
    const positions = textPositions(fast.view.state.doc);
    const at = positions[gen.int(0, positions.length - 1)]!;
    const to = roll < 25 ? Math.min(at + gen.int(1, 6), positions[positions.length - 1]!) : at;
    const action = roll < 25 ? 'delete' : roll < 32 ? 'enter' : 'type';
    const word = 'abcdefghij'.slice(gen.int(0, 5), gen.int(6, 10));
    for (const { view } of [fast, full]) {
      const $from = view.state.doc.resolve(at);
      const $to = view.state.doc.resolve(to);
      if ($from.parent !== $to.parent) continue;
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, at, to)));
      if (action === 'delete') view.dispatch(view.state.tr.deleteSelection());
      else if (action === 'enter') baseKeymap['Enter']!(view.state, (tr) => view.dispatch(tr));
      else for (const ch of word) view.dispatch(view.state.tr.insertText(ch));
    }
    expect(fast.view.state.doc.eq(full.view.state.doc), `seed ${seedNumber}, step ${step}: the editors differ`).toBe(true);
  }
  expect(contentItems(fast.ydoc)).toEqual(contentItems(full.ydoc));
  expect(readProseMirrorDoc(fast.ydoc).eq(readProseMirrorDoc(full.ydoc))).toBe(true);
  expect(readProseMirrorDoc(fast.ydoc).textContent).toContain('zq');
  fast.view.destroy();
  full.view.destroy();
}

describe('text placement by node identity', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`writes the same Y.Doc as the full walk (seed ${seed})`, () => {
      run(seed, 80);
    });
  }
});
