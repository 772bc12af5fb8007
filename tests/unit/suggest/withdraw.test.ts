import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import type { Identity } from '../../../shared/domain/types';
import { readChange, readChanges } from '../../../shared/ydoc/layout';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { withdrawalRefusal, withdrawChange } from '../../../shared/suggest/decide';
import { insertClauseAt } from '../../../shared/editing/clause-commands';
import { clause, p, posAfter, proposal } from '../../helpers/builders';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { changeIds, WHO } from './harness';

/** An editor on a two-clause proposal whose typist is whoever `as` last named. */
function setup() {
  const ydoc = new Y.Doc();
  let current: Identity = WHO.ruSuggester;
  const start = proposal(clause('c1', p('Troop cap of 600,000 men.')), clause('c2', p('Second clause.')));
  const view = new HeadlessView(EditorState.create({ doc: start }), withSuggestionTracking({ identity: () => current, ydoc }));
  return {
    ydoc,
    view,
    as(who: Identity) {
      current = who;
    },
  };
}

describe('a withdrawal touches only the withdrawer’s own changes (issue 13, rule 6)', () => {
  it('takes back one’s own insertion and leaves another member’s insertion typed inside it, with its record', () => {
    const s = setup();
    s.view.select(posAfter(s.view.doc, 'Troop cap of ')).type('not all ');
    s.as(WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, 'Troop cap of not ')).type('very ');
    const [russia, ukraine] = readChanges(s.ydoc);
    expect([russia?.authorId, ukraine?.authorId]).toEqual([WHO.ruSuggester.member.id, WHO.uaSuggester.member.id]);
    expect(withdrawalRefusal(s.view.state, russia!.id, readChanges(s.ydoc), WHO.ruSuggester)).toBeNull();
    s.as(WHO.ruSuggester);
    expect(s.view.run(withdrawChange(russia!.id, readChanges(s.ydoc), WHO.ruSuggester))).toBe(true);
    // Russia's words are gone; Ukraine's stay, still Ukraine's proposal (before: the library's revert deleted them too and swept Ukraine's change).
    expect(s.view.doc.textContent).toBe('Troop cap of very 600,000 men.Second clause.');
    expect(changeIds(s.view.doc)).toEqual([ukraine!.id]);
    expect(readChange(s.ydoc, russia!.id)).toBeUndefined();
    expect(readChange(s.ydoc, ukraine!.id)).toMatchObject({ status: 'proposed', authorId: WHO.uaSuggester.member.id });
  });

  it('refuses to take back a proposed clause another member suggested text in (that is a lead’s to reject), changing nothing', () => {
    const s = setup();
    s.view.run(insertClauseAt(1, 'c-new'));
    s.view.type('A new clause.');
    s.as(WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, 'A new ')).type('good ');
    const added = readChanges(s.ydoc).find((r) => r.kind === 'added')!;
    const before = s.view.doc;
    const records = readChanges(s.ydoc);
    expect(withdrawalRefusal(s.view.state, added.id, records, WHO.ruSuggester)).toMatch(/Others have suggested changes inside this proposal/);
    expect(withdrawalRefusal(s.view.state, added.id, records, WHO.uaSuggester)).toMatch(/Only your own open proposals/);
    s.as(WHO.ruSuggester);
    expect(s.view.run(withdrawChange(added.id, records, WHO.ruSuggester))).toBe(false);
    expect(s.view.doc.eq(before)).toBe(true);
    expect(readChanges(s.ydoc)).toEqual(records);
  });

  it('still takes back a proposed clause with the author’s own further changes inside it', () => {
    const s = setup();
    s.view.run(insertClauseAt(1, 'c-new'));
    s.view.type('A new clause.');
    const added = readChanges(s.ydoc).find((r) => r.kind === 'added')!;
    expect(s.view.run(withdrawChange(added.id, readChanges(s.ydoc), WHO.ruSuggester))).toBe(true);
    expect(s.view.doc.textContent).toBe('Troop cap of 600,000 men.Second clause.');
    expect(readChanges(s.ydoc).filter((r) => r.status === 'proposed')).toEqual([]);
  });
});
