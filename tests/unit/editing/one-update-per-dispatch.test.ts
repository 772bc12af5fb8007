import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { EditorState } from 'prosemirror-state';
import { ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { DraftroomApi } from '../../../shared/api/contract';
import { proposalSchema } from '../../../shared/schema/schema';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { acceptChange } from '../../../shared/suggest/decide';
import { changesMap, contentFragment, readChanges, readProseMirrorDoc, seedContent } from '../../../shared/ydoc/layout';
import type { Identity } from '../../../shared/domain/types';
import type { ConnectionState } from '../../../renderer/src/api/connection';
import { signal } from '../../../renderer/src/base/signal';
import { DocumentSync } from '../../../renderer/src/sync/doc-sync';
import { clause, p, posAfter, proposal } from '../../helpers/builders';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { WHO } from '../suggest/harness';

/** Main's side: applies every message and keeps each update message's payload as it arrived. */
class RecordingMain {
  readonly doc = new Y.Doc();
  readonly connection = signal<ConnectionState>('online');
  readonly updates: Uint8Array[] = [];

  constructor() {
    seedContent(this.doc, proposal(clause('c1', p('Troop cap of 600,000.')), clause('c2', p('Elections within 100 days.'))));
  }

  api(): DraftroomApi {
    const syncDocument = async (_docId: string, message: Uint8Array): Promise<Uint8Array[]> => {
      await Promise.resolve();
      const peek = decoding.createDecoder(message);
      if (decoding.readVarUint(peek) === syncProtocol.messageYjsUpdate) this.updates.push(decoding.readVarUint8Array(peek));
      const encoder = encoding.createEncoder();
      syncProtocol.readSyncMessage(decoding.createDecoder(message), encoder, this.doc, 'renderer');
      return encoding.length(encoder) > 0 ? [encoding.toUint8Array(encoder)] : [];
    };
    return { syncDocument } as unknown as DraftroomApi;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** An editor on the mirror, bound as the renderer binds it (ySyncPlugin, suggestion tracking writing records). */
async function editorOn(main: RecordingMain, who: Identity): Promise<{ view: HeadlessView; sync: DocumentSync }> {
  const sync = new DocumentSync(main.api(), 'doc', main.connection);
  await sync.start();
  const state = EditorState.create({
    schema: proposalSchema,
    plugins: [ySyncPlugin(contentFragment(sync.ydoc)), yUndoPlugin(), ...suggestionPlugins(readChanges(sync.ydoc))],
  });
  const view = new HeadlessView(state, withSuggestionTracking({ identity: () => who, ydoc: sync.ydoc }));
  await sync.flush();
  main.updates.length = 0;
  return { view, sync };
}

/** What one update alone does to main's document as it was before it: the text it carries and the records. */
function contentOf(base: Y.Doc, update: Uint8Array): { text: string; records: string[] } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(copy, update);
  return { text: readProseMirrorDoc(copy).textContent, records: [...changesMap(copy).keys()] };
}

describe('one update per editor dispatch', () => {
  it('a tracked keystroke reaches main as exactly one update carrying the text and its change record', async () => {
    const main = new RecordingMain();
    const { view, sync } = await editorOn(main, WHO.uaSuggester);
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.encodeStateAsUpdate(main.doc));
    view.select(posAfter(view.doc, '600,000')).type('!');
    expect(sync.saveState.get()).toBe('saving');
    await settle();
    await sync.flush();
    expect(main.updates).toHaveLength(1);
    const alone = contentOf(base, main.updates[0]!);
    expect(alone.text).toContain('600,000!');
    expect(alone.records).toHaveLength(1);
    expect(readChanges(main.doc)[0]).toMatchObject({ authorId: WHO.uaSuggester.member.id, status: 'proposed' });
    // The next keystroke: one more update, again text and record together.
    view.type('?');
    await settle();
    await sync.flush();
    expect(main.updates).toHaveLength(2);
    expect(readProseMirrorDoc(main.doc).textContent).toContain('600,000!?');
    view.destroy();
    sync.destroy();
  });

  it('a lead’s decision (text and record) travels as one update too', async () => {
    const main = new RecordingMain();
    const suggester = await editorOn(main, WHO.uaSuggester);
    suggester.view.select(posAfter(suggester.view.doc, '600,000')).type(' troops');
    await settle();
    await suggester.sync.flush();
    const lead = await editorOn(main, WHO.usLead);
    const [record] = readChanges(lead.sync.ydoc);
    lead.view.run(acceptChange(record!.id, readChanges(lead.sync.ydoc)));
    await settle();
    await lead.sync.flush();
    expect(main.updates).toHaveLength(1);
    expect(readChanges(main.doc)[0]).toMatchObject({ status: 'accepted', decidedBy: WHO.usLead.member.id });
    for (const side of [suggester, lead]) {
      side.view.destroy();
      side.sync.destroy();
    }
  });
});
