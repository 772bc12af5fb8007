import type { Mark, MarkType, Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { markChangeId, nodeChangeId, suggestionMarkTypes, textChangeMark, ZERO_WIDTH_SPACE } from './marks';
import { inRanges, insertedRanges, touchedRanges } from './ranges';

/**
 * Post-processing of a transaction produced by the suggestion library, so
 * that every change belongs to the member who made it.
 *
 * The library gives new content the id of any insertion or deletion mark it
 * touches (whoever made it) and re-labels an adjacent mark to join it. Here:
 * - content this transaction inserted or newly marked carries one of the
 *   member's own ids (an adjacent still-proposed change of theirs, or a new id);
 * - content that already carried a mark keeps the id it had, and every mark it had;
 *   text that was there never becomes an insertion;
 * - text typed inside one's own proposed clause is part of that clause's
 *   addition (no separate text mark); typed inside a clause someone else
 *   proposed, it is the typist's own insertion;
 * - block marks on paragraphs and lists become text marks (plus a zero-width
 *   anchor in an empty block), because y-prosemirror does not keep marks of
 *   non-text nodes in the Y.Doc. Clause marks stay (see clause-marks.ts).
 * Only the ranges the transaction touched are examined.
 */
export function fixAttribution(state: EditorState, tr: Transaction, mine: (id: string) => boolean, ownId: () => string): void {
  const { insertion } = suggestionMarkTypes(state.schema);
  const snapshot = tr.doc;
  const inserted = insertedRanges(tr);
  const touched = touchedRanges(tr);
  const inverse = tr.mapping.invert();
  const oldMarkId = (pos: number, type: MarkType): string | undefined => {
    const node = state.doc.resolve(inverse.map(pos, 1)).nodeAfter;
    const mark = node?.marks.find((m) => m.type === type);
    return mark ? markChangeId(mark) : undefined;
  };

  interface TextFix {
    from: number;
    to: number;
    type: MarkType;
    current: Mark | undefined;
    /** New id of the mark; null: take the mark off. */
    id: string | null;
    /** Remove the characters (zero-width anchors that no longer anchor anything). */
    drop: boolean;
  }
  const textFixes: TextFix[] = [];
  /**
   * Suggestion marks on a character besides the first (which the loop below re-attributes): the library joins a
   * strike to an adjacent one, whoever made it, so re-striking her own struck text next to another member's strike
   * put that member's deletion mark on it too (the policy refused the update as an edit of the other's change).
   * A mark of someone else's that the character did not carry before comes off; where no mark of its kind is left,
   * the member's own takes its place. One it carried before and lost (anyone's) is put back.
   */
  const extraMarks = (node: PMNode, ch: number, first: Mark | undefined, isNew: boolean): void => {
    const before = isNew ? [] : (state.doc.resolve(inverse.map(ch, 1)).nodeAfter?.marks ?? []);
    for (const mark of node.marks) {
      if (mark === first || (mark.type.name !== 'insertion' && mark.type.name !== 'deletion')) continue;
      const id = markChangeId(mark);
      if (mine(id) || before.some((m) => m.type === mark.type && markChangeId(m) === id)) continue;
      const kept = node.marks.some((m) => m !== mark && m.type === mark.type);
      push({ from: ch, to: ch + 1, mark, kept, restore: false });
    }
    // …and a mark the character carried before stays: someone else's (the library re-labels the strike it joins), or
    // her own (an insertion the library put on the character, above, took her strike off: the two exclude each other).
    for (const mark of before) {
      if (mark.type.name !== 'insertion' && mark.type.name !== 'deletion') continue;
      if (!node.marks.some((m) => m.eq(mark))) push({ from: ch, to: ch + 1, mark, kept: true, restore: true });
    }
  };
  interface ExtraFix {
    from: number;
    to: number;
    mark: Mark;
    /** Another mark of its kind stays on the text (no own mark needed in its place). */
    kept: boolean;
    /** Put the mark back on (it was there before) rather than take it off. */
    restore: boolean;
  }
  const extraFixes: ExtraFix[] = [];
  const push = (fix: ExtraFix): void => {
    const last = [...extraFixes].reverse().find((f) => f.to === fix.from && f.mark.eq(fix.mark) && f.kept === fix.kept && f.restore === fix.restore);
    if (last) last.to = fix.to;
    else extraFixes.push(fix);
  };
  const nodeFixes: { pos: number; node: PMNode; mark: Mark; id: string }[] = [];
  const seenNodes = new Set<number>();

  for (const [a, b] of touched) {
    snapshot.nodesBetween(a, b, (node, pos) => {
      if (!node.isText) {
        if (!seenNodes.has(pos)) {
          seenNodes.add(pos);
          for (const mark of node.marks) {
            if (mark.type.name !== 'insertion' && mark.type.name !== 'deletion') continue;
            const id = markChangeId(mark);
            const old = state.doc.nodeAt(inverse.map(pos, 1));
            const preexisting = old !== null && old.type === node.type && old.marks.some((m) => m.eq(mark));
            const want = preexisting || mine(id) ? id : ownId();
            if (node.type.name !== 'clause' || want !== id) nodeFixes.push({ pos, node, mark, id: want });
          }
        }
        return true;
      }
      const current = textChangeMark(node.marks);
      const start = Math.max(pos, a);
      const end = Math.min(pos + node.nodeSize, b);
      // Whose proposed clause (if any) this text is in.
      const $pos = snapshot.resolve(pos);
      const addedBy = $pos.depth >= 1 ? nodeChangeId($pos.node(1), 'insertion') : undefined;
      const inOwnAddedClause = addedBy !== undefined && mine(addedBy);
      const inForeignAddedClause = addedBy !== undefined && !inOwnAddedClause;
      const text = node.text ?? '';
      for (let ch = start; ch < end; ch++) {
        let want: string | null | undefined;
        let type: MarkType | undefined = current?.type;
        let drop = false;
        const isNew = inRanges(inserted, ch);
        if (!current) {
          if (isNew && inForeignAddedClause) {
            type = insertion;
            want = ownId();
          }
        } else if (isNew && inOwnAddedClause && current.type === insertion && mine(markChangeId(current))) {
          // Text typed into one's own proposed clause is part of that clause's addition.
          want = null;
          drop = text[ch - pos] === ZERO_WIDTH_SPACE;
        } else {
          const id = markChangeId(current);
          const old = isNew ? undefined : oldMarkId(ch, current.type);
          if (old !== undefined) want = old === id ? undefined : old;
          // Text that was there is never an insertion: after deleting an anchor, the library's join re-labels the node that
          // followed the anchor, which is now the next character (an original struck one, say); the mark comes off.
          else if (!isNew && current.type === insertion) want = null;
          else want = mine(id) ? undefined : ownId();
        }
        extraMarks(node, ch, current, isNew);
        if (want === undefined || type === undefined) continue;
        const last = textFixes[textFixes.length - 1];
        if (last && last.to === ch && last.id === want && last.type === type && last.current === current && last.drop === drop) last.to = ch + 1;
        else textFixes.push({ from: ch, to: ch + 1, type, current, id: want, drop });
      }
      return false;
    });
  }

  const start = tr.mapping.maps.length;
  for (const fix of textFixes) {
    if (fix.current) tr.removeMark(fix.from, fix.to, fix.current);
    if (fix.id !== null) tr.addMark(fix.from, fix.to, fix.type.create({ id: fix.id }));
  }
  for (const fix of extraFixes) {
    if (fix.restore) {
      tr.addMark(fix.from, fix.to, fix.mark);
      continue;
    }
    tr.removeMark(fix.from, fix.to, fix.mark);
    if (!fix.kept) tr.addMark(fix.from, fix.to, fix.mark.type.create({ id: ownId() }));
  }
  for (const fix of [...textFixes].reverse()) if (fix.drop) tr.delete(fix.from, fix.to);

  // Block marks: clause marks are re-attributed in place; others become text marks.
  nodeFixes.sort((x, y) => y.pos - x.pos);
  for (const fix of nodeFixes) {
    const map = tr.mapping.slice(start);
    const pos = map.map(fix.pos, 1);
    tr.removeNodeMark(pos, fix.mark);
    const mark = fix.mark.type.create({ id: fix.id });
    if (fix.node.type.name === 'clause') {
      tr.addNodeMark(pos, mark);
      continue;
    }
    const empties: number[] = [];
    fix.node.descendants((child, offset) => {
      const abs = fix.pos + 1 + offset;
      if (child.isText && !textChangeMark(child.marks)) tr.addMark(map.map(abs, 1), map.map(abs + child.nodeSize, -1), mark);
      if (child.isTextblock && child.content.size === 0) empties.push(abs + 1);
      return true;
    });
    if (fix.node.isTextblock && fix.node.content.size === 0) empties.push(fix.pos + 1);
    for (const at of empties.reverse()) tr.insert(map.map(at, 1), state.schema.text(ZERO_WIDTH_SPACE, [mark]));
  }
}
