/**
 * Backspace over a paragraph that holds only her own anchor and the boundary
 * after it strikes the boundary; it does not split the clause.
 *
 * ProseMirror deletes such a selection by replacing from before the clause
 * with a slice that opens the clause again; the suggestion library kept the
 * range and inserted the slice, so the clause split in two and the next
 * paragraph — another member's insertion in it — moved into a new clause
 * (Yjs deleted and retyped it; the hub refused the edit:
 * tests/unit/suggest/keeps-others-text.test.ts seed 11 step 14, reduced here).
 * `shared/suggest/plain-deletion.ts` hands the library the plain deletion.
 */
import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { baseKeymap } from 'prosemirror-commands';
import type { Node as PMNode } from 'prosemirror-model';
import { trackTransaction } from '../../../shared/suggest/track';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { clause, del, ins, p, proposal } from '../../helpers/builders';
import { WHO } from './harness';

const ZW = '\u200B';

/** A suggester's editor whose own changes are the ids starting with "mine"; her new ones are "mine-new1", … */
function editor(doc: PMNode): HeadlessView {
  let ids = 0;
  return new HeadlessView(EditorState.create({ doc }), function (tr) {
    const outcome = trackTransaction(this.state, tr, {
      identity: WHO.uaSuggester,
      isOwnProposedChange: (id) => id.startsWith('mine'),
      generateId: () => `mine-new${++ids}`,
    });
    if (outcome.action === 'refuse') throw new Error(outcome.message);
    this.updateState(this.state.apply(outcome.tr));
  });
}

describe('deleting a selection from a paragraph’s start over its end', () => {
  for (const key of ['Backspace', 'Delete'] as const) {
    it(`${key} keeps the clause whole and the next paragraph as it was (seed 11)`, () => {
      const view = editor(proposal(
        clause('c1', p(ins('mine1', ZW)), p(ins('theirs', 'e'), del('theirs2', 'Po'), 'int 1')),
        clause('c2', p('Point 2')),
      ));
      view.select(2, 5);
      expect(view.doc.textBetween(2, 5, '¶')).toBe(`${ZW}¶`);
      view.run(baseKeymap[key]!);
      expect(view.doc.childCount).toBe(2);
      const first = view.doc.child(0);
      expect(first.childCount).toBe(2);
      expect(first.child(0).eq(p(del('mine-new1', ZW)))).toBe(true);
      expect(first.child(1).eq(p(del('mine-new1', ZW), ins('theirs', 'e'), del('theirs2', 'Po'), 'int 1'))).toBe(true);
    });
  }
});
