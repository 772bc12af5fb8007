import { expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorState } from 'prosemirror-state';
import { ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import { clauseIdsPlugin } from '../../../shared/editing/clause-ids';
import { insertClauseAfter, moveClause, removeClause } from '../../../shared/editing/clause-commands';
import { proposalSchema } from '../../../shared/schema/schema';
import { withSuggestionTracking, type DispatchFunction } from '../../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { contentFragment, readChanges } from '../../../shared/ydoc/layout';
import { DocumentHub, type HubPeer } from '../../../main/services/document-hub';
import { encodeSyncStep1, encodeSyncUpdate } from '../../../main/services/sync-message';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { writeSampleWorkspace } from '../../../main/sample/build-sample';
import { identityOf } from '../../../main/services/identities';
import { TextSelection } from 'prosemirror-state';

/**
 * The real editor (ySyncPlugin, suggestion tracking, clause commands) on the sample as a suggester: every
 * update it sends for typing, a move, a new clause, a proposed removal, a replacement, a paragraph split
 * and a deletion passes main's update policy.
 */
it('the editor’s own updates for a suggester’s edits and clause operations pass the update policy', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'probe-')), 's.draftroom');
  writeSampleWorkspace(path);
  const store = openWorkspace(path);
  const docId = store.getDocument('Peace framework').id;
  const identity = identityOf(store, 'ua-bondar')!;
  const hub = new DocumentHub(store, { loadYDoc });
  const peer: HubPeer = { attribution: () => ({}), editRefusal: () => null, identity: () => identity, deliver: () => {} };
  const main = loadYDoc(store, docId);
  hub.handleSyncMessage(peer, docId, encodeSyncStep1(main));
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(main));
  const updates: Uint8Array[] = [];
  ydoc.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'init') updates.push(u); });
  const plugins = [ySyncPlugin(contentFragment(ydoc)), yUndoPlugin(), ...suggestionPlugins(readChanges(ydoc)), clauseIdsPlugin()];
  const state = EditorState.create({ schema: proposalSchema, plugins });
  const apply: DispatchFunction = function (tr) { this.updateState(this.state.apply(tr)); };
  let n = 0;
  const view = new HeadlessView(state, withSuggestionTracking({ identity: () => identity, ydoc, generateId: () => `gen-${++n}` }, apply));
  const at = (clauseIndex: number, back = 3) => {
    let pos = 0;
    view.state.doc.forEach((node, offset, index) => { if (index === clauseIndex) pos = offset + node.nodeSize - back; });
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos), -1)));
  };
  const refusals: string[] = [];
  let sent = 0;
  const send = (label: string) => {
    // One update per dispatch, as the renderer sends them.
    for (const u of updates.length > 0 ? [Y.mergeUpdates(updates)] : []) {
      sent++;
      try {
        hub.handleSyncMessage(peer, docId, encodeSyncUpdate(u));
      } catch (e) {
        refusals.push(`${label}: ${(e as Error).message}`);
      }
    }
    updates.length = 0;
  };
  at(4); updates.length = 0;
  moveClause('down')(view.state, (tr) => view.dispatch(tr)); send('move');
  // Moving down past a clause Russia proposed (y-prosemirror rewrites the two clause elements in place).
  at(4); moveClause('down')(view.state, (tr) => view.dispatch(tr)); send('move past a proposed clause');
  at(5); moveClause('down')(view.state, (tr) => view.dispatch(tr)); send('move again');
  at(2); insertClauseAfter(view.state, (tr) => view.dispatch(tr)); send('new clause');
  for (const ch of 'Prisoners.') { view.dispatch(view.state.tr.insertText(ch)); } send('type in new');
  at(7); removeClause(view.state, (tr) => view.dispatch(tr)); send('remove');
  at(9); { const sel = view.state.selection.from; view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, sel - 5, sel))); }
  for (const ch of 'terms.') { view.dispatch(view.state.tr.insertText(ch)); } send('replace');
  at(10, 20); view.dispatch(view.state.tr.split(view.state.selection.from)); send('split');
  at(11, 20); view.dispatch(view.state.tr.delete(view.state.selection.from - 4, view.state.selection.from)); send('delete');
  expect(refusals).toEqual([]);
  expect(sent).toBeGreaterThan(5);
  hub.dispose();
  store.close();
});
