/**
 * Text that concurrent edits left with marks of several changes (issue 7,
 * CAVEATS "Concurrent tracked edits side by side") reads one way everywhere:
 * several strikes all count; a deletion on text that is an insertion does not
 * (shared/suggest/text-change.ts). Cards, the redline model (the .docx and
 * PDF are renderers of it) and decisions follow that reading.
 */
import { describe, expect, it } from 'vitest';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import type { ChangeRecord } from '../../../shared/domain/types';
import { proposalSchema } from '../../../shared/schema/schema';
import { inlineText } from '../../../shared/schema/clauses';
import { planDecision } from '../../../shared/suggest/decide';
import { changeTextFromMarks } from '../../../shared/suggest/change-text';
import { amendmentSnippet } from '../../../shared/suggest/snippets';
import { readTextChange, effectiveChangeMarks } from '../../../shared/suggest/text-change';
import { markChangeId } from '../../../shared/suggest/marks';
import { inlinePieces } from '../../../shared/redline/clause-content';
import { clause, del, p, proposal } from '../../helpers/builders';

const deletion = (id: string): Mark => proposalSchema.marks['deletion']!.create({ id });
const insertion = (id: string): Mark => proposalSchema.marks['insertion']!.create({ id });
/** Text with exactly these marks, as a merge leaves it (no exclusion applied). */
const merged = (text: string, ...marks: Mark[]): PMNode => proposalSchema.text(text, marks);

function record(id: string, authorId: string): ChangeRecord {
  return { id, kind: 'amended', partyId: `party-${authorId}`, authorId, createdAt: '2025-11-28T10:00:00.000Z', rationale: '', status: 'proposed', clauseIds: ['c1'] };
}

// "Ukraine keeps an army of 600,000 men": UA struck "600,000", RU struck "600,000 men" at the same time, and EU typed
// " large" inside "army" while RU's strike of "an army" was on its way.
const doc = proposalSchema.nodes['doc']!.create(null, [
  proposalSchema.nodes['clause']!.create({ id: 'c1' }, [
    proposalSchema.nodes['paragraph']!.create(null, [
      merged('Ukraine keeps '),
      merged('an ar', deletion('ru')),
      merged(' large', deletion('ru'), insertion('eu')),
      merged('my of ', deletion('ru')),
      merged('600,000', deletion('ru'), deletion('ua')),
      merged(' men', deletion('ru')),
      merged('.'),
    ]),
  ]),
]);
const records = [record('ua', 'm-ua'), record('ru', 'm-ru'), record('eu', 'm-eu')];
const block = doc.child(0).child(0);

function marksOf(node: PMNode, text: string): string[] {
  let out: string[] = [];
  node.descendants((child) => {
    if (child.isText && child.text?.includes(text)) out = child.marks.map((m) => `${m.type.name}:${markChangeId(m)}`).sort();
    return true;
  });
  return out;
}

describe('the reading of overlapping marks', () => {
  it('several strikes all count, a deletion on an insertion does not, the innermost of two insertions wins', () => {
    expect(readTextChange([deletion('ru'), deletion('ua')]).deletions.map(markChangeId)).toEqual(['ru', 'ua']);
    expect(readTextChange([deletion('ru'), insertion('eu')])).toEqual({ insertion: insertion('eu'), deletions: [] });
    expect(effectiveChangeMarks([insertion('a'), insertion('b')]).map(markChangeId)).toEqual(['b']);
    // The schema holds two strikes; the lists and the CLI read the text as the reading says.
    expect(() => doc.check()).toThrow(/insertion/);
    expect(() => proposal(clause('c1', p(del('ru', del('ua', '600,000'))))).check()).not.toThrow();
    expect(marksOf(proposal(clause('c1', p(del('ru', del('ua', '600,000'))))), '600,000')).toEqual(['deletion:ru', 'deletion:ua']);
    expect(inlineText(block, 'current')).toBe('Ukraine keeps  large.');
    expect(inlineText(block, 'original')).toBe('Ukraine keeps an army of 600,000 men.');
  });

  it('each change’s card lists the text it strikes, shared or not, and the typed text as the typist’s insertion only', () => {
    const deleted = (id: string) => changeTextFromMarks(doc, id, ['c1']);
    const ua = deleted('ua')!;
    expect(ua).toMatchObject({ type: 'edit', shape: 'deleted' });
    expect(ua.type === 'edit' ? ua.passages.flat().filter((piece) => piece.op === 'deleted').map((piece) => piece.text) : []).toEqual(['600,000']);
    const ru = deleted('ru')!;
    expect(ru).toMatchObject({ type: 'edit', shape: 'deleted' });
    const ruDeleted = ru.type === 'edit' ? ru.passages.flat().filter((piece) => piece.op === 'deleted').map((piece) => piece.text) : [];
    expect(ruDeleted.join('|')).not.toContain('large');
    expect(ruDeleted.join('')).toContain('600,000');
    expect(deleted('eu')).toMatchObject({ shape: 'inserted' });
    expect(amendmentSnippet(doc, 'eu', ['c1']).after).toContain('large');
    expect(amendmentSnippet(doc, 'ua', ['c1'])).toMatchObject({ before: expect.stringContaining('600,000') as unknown, after: expect.not.stringContaining('600,000') as unknown });
  });

  it('the redline model shows the typed text as an insertion and the shared strike as a deletion; accepted, it keeps the typing', () => {
    const marked = inlinePieces(block, 'marked');
    expect(marked.find((piece) => piece.text === ' large')?.change).toEqual({ type: 'insertion', id: 'eu' });
    expect(marked.find((piece) => piece.text.includes('600,000'))?.change?.type).toBe('deletion');
    expect(inlinePieces(block, 'accepted').map((piece) => piece.text).join('')).toBe('Ukraine keeps  large.');
  });

  it('accepting one of two strikes deletes the text; rejecting one leaves the other’s strike', () => {
    const state = EditorState.create({ schema: proposalSchema, doc });
    const accepted = planDecision(state, records, { changeId: 'ua' }, 'accepted').tr.doc;
    expect(accepted.textContent).not.toContain('600,000');
    expect(accepted.textContent).toContain(' large');
    const rejected = planDecision(state, records, { changeId: 'ua' }, 'rejected').tr.doc;
    expect(marksOf(rejected, '600,000')).toEqual(['deletion:ru']);
  });

  it('accepting the strike keeps the text typed inside it; accepting the typing leaves it unmarked, never struck', () => {
    const state = EditorState.create({ schema: proposalSchema, doc });
    const strikeAccepted = planDecision(state, records, { changeId: 'ru' }, 'accepted').tr.doc;
    expect(strikeAccepted.child(0).textContent).toMatch(/^Ukraine keeps +large\.$/);
    // (The suggestion library also takes one of two spaces the deleted words leave side by side.)
    expect(marksOf(strikeAccepted, 'large')).toEqual(['insertion:eu']);
    const typingAccepted = planDecision(state, records, { changeId: 'eu' }, 'accepted').tr.doc;
    expect(marksOf(typingAccepted, ' large')).toEqual([]);
    expect(() => typingAccepted.check()).not.toThrow();
    const typingRejected = planDecision(state, records, { changeId: 'eu' }, 'rejected').tr.doc;
    expect(typingRejected.textContent).not.toContain('large');
    expect(marksOf(typingRejected, '600,000')).toEqual(['deletion:ru', 'deletion:ua']);
  });
});
