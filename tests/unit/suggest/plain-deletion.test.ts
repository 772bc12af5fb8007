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
import { baseKeymap } from 'prosemirror-commands';
import { clause, del, ins, p, proposal } from '../../helpers/builders';
import { suggesterEditor as editor } from './harness';

const ZW = '\u200B';


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
