import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import { diffWordSpans } from '../../../shared/diff/word-diff';
import type { ChangeRecord } from '../../../shared/domain/types';
import { moveClauseTo } from '../../../shared/editing/clause-commands';
import { changeTextFromSnippets, describeChangeText } from '../../../shared/suggest/change-text';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { changeSummaries } from '../../../shared/suggest/change-summaries';
import { readChanges } from '../../../shared/ydoc/layout';
import { clause, heading, p, proposal } from '../../helpers/builders';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { MEMBERS, PARTIES, WHO } from './harness';

const parties = Object.values(PARTIES);
const POINT_8 = 'The United States will be compensated for the guarantee it gives. The guarantee lapses if Ukraine attacks Russia without provocation.';
const FIRST_SENTENCE = 'The United States will be compensated for the guarantee it gives. ';

function tracked(...clauses: Parameters<typeof proposal>): { view: HeadlessView; ydoc: Y.Doc } {
  const ydoc = new Y.Doc();
  const view = new HeadlessView(EditorState.create({ doc: proposal(...clauses) }), withSuggestionTracking({ identity: () => WHO.uaSuggester, ydoc }));
  return { view, ydoc };
}

function only(view: HeadlessView, ydoc: Y.Doc, kind: ChangeRecord['kind'] = 'amended') {
  const rows = changeSummaries(view.doc, readChanges(ydoc), parties, MEMBERS).filter((r) => r.kind === kind);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('what a change card says', () => {
  it('deleting the first sentence reads "Deleted: <the sentence>", with the text after it as context', () => {
    const { view, ydoc } = tracked(clause('c8', heading('Terms of the U.S. guarantee'), p(POINT_8)));
    view.selectText(FIRST_SENTENCE).backspace();
    const row = only(view, ydoc);
    expect(row.text).toEqual({
      type: 'edit',
      shape: 'deleted',
      exact: true,
      passages: [
        [
          { op: 'deleted', text: FIRST_SENTENCE },
          { op: 'context', text: 'The guarantee lapses if Ukraine attacks…' },
        ],
      ],
    });
    // Once decided (marks gone), the record's snippets give the same deletion through the word diff.
    const fromSnippets = changeTextFromSnippets(row.before, row.after);
    expect(describeChangeText(fromSnippets)).toBe(`Deleted: [${FIRST_SENTENCE}]The guarantee lapses if Ukraine attacks…`);
  });

  it('an insertion inside a word shows only the inserted letters, with the word around them as context', () => {
    const { view, ydoc } = tracked(clause('c12', p('Russia will write into law a policy of non-aggression toward Ukraine and the rest of Europe.')));
    // Typed inside a word: "aggre|ssion".
    view.selectText('aggression');
    view.select(view.state.selection.from + 5);
    view.type('XY');
    const row = only(view, ydoc);
    expect(describeChangeText(row.text)).toBe('Inserted: …write into law a policy of non-aggre[XY]ssion toward Ukraine and the rest of…');
  });

  it('a replacement reads before → after', () => {
    const { view, ydoc } = tracked(clause('c7', p('In peacetime, Ukraine’s armed forces will not exceed 600,000 personnel.')));
    view.selectText('600,000').type('800,000');
    const row = only(view, ydoc);
    expect(row.text.type === 'edit' && row.text.shape).toBe('replaced');
    expect(describeChangeText(row.text)).toBe('Replaced: …Ukraine’s armed forces will not exceed [600,000] → [800,000] personnel.');
  });

  it('a moved clause gives its heading and body apart, as it reads now', () => {
    const { view, ydoc } = tracked(
      clause('c1', heading('Sovereignty'), p('Reaffirmed.')),
      clause('c9', heading('European Union'), p('Ukraine is eligible for membership of the European Union.')),
    );
    view.run(moveClauseTo('c9', 0));
    const row = only(view, ydoc, 'moved');
    expect(row.movedFrom).toBe(2);
    expect(row.text).toEqual({ type: 'clause', heading: 'European Union', body: ['Ukraine is eligible for membership of the European Union.'] });
    // Its record's snippet keeps heading and body apart too.
    expect(row.after).toBe('European Union — Ukraine is eligible for membership of the European Union.');
  });
});

describe('what a decided change says', () => {
  it('is rebuilt from its record once its marks are gone, the same as the card said while it was open', () => {
    const { view, ydoc } = tracked(clause('c7', p('In peacetime, Ukraine’s armed forces will not exceed 600,000 personnel.')));
    view.selectText('600,000').type('800,000');
    const open = only(view, ydoc);
    const decided: ChangeRecord = { ...readChanges(ydoc)[0]!, status: 'accepted', decidedBy: WHO.usLead.member.id, decidedAt: '2025-12-01T10:00:00.000Z' };
    const accepted = proposal(clause('c7', p('In peacetime, Ukraine’s armed forces will not exceed 800,000 personnel.')));
    const [row] = changeSummaries(accepted, [decided], parties, MEMBERS);
    expect(row!.text).toMatchObject({ type: 'edit', shape: 'replaced', exact: false });
    expect(describeChangeText(row!.text)).toBe(describeChangeText(open.text));
  });
});

describe('the one word diff', () => {
  it('keeps a deletion in repetitive text whole (jsdiff alone splits it around a repeated word)', () => {
    const before = `${POINT_8}`;
    const after = POINT_8.slice(FIRST_SENTENCE.length);
    const spans = diffWordSpans(before, after);
    expect(spans.filter((s) => s.kind === 'change')).toHaveLength(1);
    const change = spans.find((s) => s.kind === 'change')!;
    // jsdiff alone: "The ~~United States will be compensated for the~~ guarantee ~~it gives. The guarantee~~ lapses".
    expect(before.slice(change.oldFrom, change.oldTo) + after.slice(change.newFrom, change.newTo)).toBe(FIRST_SENTENCE);
  });

  it('never starts or ends a change inside a word', () => {
    const spans = diffWordSpans('Troop cap of 600,000 personnel.', 'Troop cap of 800,000 personnel.');
    expect(spans.map((s) => [s.kind, 'Troop cap of 800,000 personnel.'.slice(s.newFrom, s.newTo)])).toEqual([
      ['equal', 'Troop cap of '],
      ['change', '800,000'],
      ['equal', ' personnel.'],
    ]);
  });
});
