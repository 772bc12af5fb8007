/**
 * The reduced case of the partition run that lost a change's marks
 * (tests/unit/team/partition.test.ts, SYNC_SEED=486176799, whenever replica
 * 0's Yjs client id was the larger one).
 *
 * One member, offline, types " ox" inside "agree" and then replaces " oxgre"
 * by "fe" in one transaction: her own " ox" is deleted for real, "gre" is
 * struck and "fe" inserted, so the paragraph's plain text goes from
 * "a oxgree on" to "agrefee on". A plain-string diff (y-prosemirror's, and
 * the one text placement used for edits at two places) matches the typed
 * "e" with the first original "e" of "agree": it wrote a new "e" in the
 * struck range and put her insertion mark on the original "e". Another
 * member who struck that original "e" at the same time then found his
 * deletion on text that reads as her insertion (a deletion on an insertion
 * does not count, shared/suggest/text-change.ts), or, once she deleted that
 * "e" of "her" insertion, on nothing at all: his change lost its marks in
 * the merge, in one Yjs client order and not the other.
 *
 * Text placement now matches characters by who typed them (their insertion
 * marks) before their letters, so the original characters keep their Yjs
 * items and the strike stays on them in both client orders.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentHub } from '../../../main/services/document-hub';
import { identityOf } from '../../../main/services/identities';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { markChangeId } from '../../../shared/suggest/marks';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { contentFragment } from '../../../shared/ydoc/layout';
import { EditorWindow } from '../../helpers/editor-window';
import { makeTeamFile, scratchDir } from '../../helpers/team-rig';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** Text of Yjs clients other than `own` (the original text) that an insertion formatting range covers. */
function othersTextInInsertions(ydoc: Y.Doc, own: number): string {
  let found = '';
  const walk = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlElement) walk(child);
      if (!(child instanceof Y.XmlText)) continue;
      const open = new Set<string>();
      for (let item = child._start; item !== null; item = item.right) {
        if (item.deleted) continue;
        if (item.content instanceof Y.ContentFormat) {
          if (!item.content.key.startsWith('insertion')) continue;
          if (item.content.value === null) open.delete(item.content.key);
          else open.add(item.content.key);
        } else if (item.content instanceof Y.ContentString && item.id.client !== own && open.size > 0) {
          found += item.content.str;
        }
      }
    }
  };
  walk(contentFragment(ydoc));
  return found;
}

/**
 * Per side (the change ids' prefix: each side makes one change that stays), the text its change inserts and the
 * text it strikes, as every reader reads them.
 */
function changesOf(ydoc: Y.Doc): { inserted: Record<string, string>; struck: Record<string, string> } {
  const inserted: Record<string, string> = {};
  const struck: Record<string, string> = {};
  readSuggestedDoc(ydoc).descendants((node) => {
    for (const mark of node.marks) {
      const into = mark.type.name === 'insertion' ? inserted : mark.type.name === 'deletion' ? struck : null;
      const side = markChangeId(mark).split('-')[0]!;
      if (into) into[side] = (into[side] ?? '') + (node.text ?? '');
    }
    return true;
  });
  return { inserted, struck };
}

/** Runs the scenario with these Yjs client ids for the replacer and the striker; returns both replicas' work merged. */
function run(replacerClient: number, strikerClient: number): { replacerStrays: string; merged: ReturnType<typeof changesOf> } {
  const tmp = scratchDir('draftroom-retyped-');
  cleanups.push(() => tmp.cleanup());
  const serverPath = join(tmp.dir, 'server.draftroom');
  const team = makeTeamFile(serverPath, ['lead', 'suggester', 'drafter'], 1);
  const sides = [team.members[1]!, team.members[2]!].map((who, i) => {
    const file = join(tmp.dir, `replica-${i}.draftroom`);
    copyFileSync(serverPath, file);
    const store = openWorkspace(file);
    const hub = new DocumentHub(store, { loadYDoc });
    let ids = 0;
    const client = i === 0 ? replacerClient : strikerClient;
    const window = new EditorWindow(hub, team.docId, identityOf(store, who.member.id)!, () => `${i === 0 ? 'replacer' : 'striker'}-change${++ids}`, () => client);
    cleanups.push(() => {
      window.close();
      hub.dispose();
      store.close();
    });
    return { store, window };
  });
  const [replacer, striker] = sides as [(typeof sides)[0], (typeof sides)[0]];
  // "Point 1: the parties agree on item 1."
  replacer.window.act((view) => view.selectText('agree').select(view.state.selection.from + 1).type(' ox'));
  replacer.window.act((view) => view.selectText(' oxgre').dispatch(view.state.tr.insertText('fe')));
  striker.window.act((view) => view.selectText('e', 2).backspace());
  expect([replacer.window.stats.refused, striker.window.stats.refused]).toEqual([0, 0]);
  expect(replacer.window.view.state.doc.textContent).toContain('agrefee on');

  const merged = new Y.Doc();
  for (const side of [replacer, striker]) for (const update of side.store.readDocumentState(team.docId).updates) Y.applyUpdate(merged, update);
  const result = { replacerStrays: othersTextInInsertions(replacer.window.ydoc, replacerClient), merged: changesOf(merged) };
  merged.destroy();
  return result;
}

describe('a replacement that deletes the member’s own text keeps the original characters’ identity', () => {
  const expected = {
    replacerStrays: '',
    merged: { inserted: { replacer: 'fe' }, struck: { replacer: 'gre', striker: 'e' } },
  };

  it('no original character wears the replacer’s insertion, and the concurrent strike of the first "e" of "agree" survives (replacer’s client id the larger)', () => {
    expect(run(2, 1)).toEqual(expected);
  });

  it('…and the same when the replacer’s client id is the smaller', () => {
    expect(run(1, 2)).toEqual(expected);
  });
});
