import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { DraftroomApi } from '../../../shared/api/contract';
import { DraftroomError } from '../../../shared/api/errors';
import type { ConnectionState } from '../../../renderer/src/api/connection';
import { signal } from '../../../renderer/src/base/signal';
import { DocumentSync } from '../../../renderer/src/sync/doc-sync';

/** Main's side of one document, answering y-protocols messages like the services do. */
class FakeMain {
  readonly doc = new Y.Doc();
  readonly connection = signal<ConnectionState>('online');
  /** Message types main received, in order (0 step 1, 1 step 2, 2 update). */
  readonly received: number[] = [];

  constructor(text: string) {
    this.doc.getText('t').insert(0, text);
  }

  api(): DraftroomApi {
    const syncDocument = async (_docId: string, message: Uint8Array): Promise<Uint8Array[]> => {
      await Promise.resolve();
      if (this.connection.get() !== 'online') throw new DraftroomError('internal', 'connection lost');
      const decoder = decoding.createDecoder(message);
      const encoder = encoding.createEncoder();
      this.received.push(decoding.peekVarUint(decoder));
      syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'renderer');
      return encoding.length(encoder) > 0 ? [encoding.toUint8Array(encoder)] : [];
    };
    return { syncDocument } as unknown as DraftroomApi;
  }

  /** An edit made by another window, as main would broadcast it. */
  editElsewhere(text: string): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    this.doc.getText('t').insert(this.doc.getText('t').length, text);
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(this.doc, before));
    return encoding.toUint8Array(encoder);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('DocumentSync', () => {
  it('loads main’s content without writing anything of its own', async () => {
    const main = new FakeMain('Troop cap of 800,000.');
    const sync = new DocumentSync(main.api(), 'doc', main.connection);
    await sync.start();
    expect(sync.ydoc.getText('t').toString()).toBe('Troop cap of 800,000.');
    expect(main.received).toEqual([syncProtocol.messageYjsSyncStep1]);
    expect(sync.saveState.get()).toBe('saved');
    sync.destroy();
  });

  it('sends each local edit and reports saving until main has it', async () => {
    const main = new FakeMain('Cap');
    const sync = new DocumentSync(main.api(), 'doc', main.connection);
    await sync.start();
    sync.ydoc.getText('t').insert(3, ' of 800,000');
    expect(sync.saveState.get()).toBe('saving');
    await sync.flush();
    expect(sync.saveState.get()).toBe('saved');
    expect(main.doc.getText('t').toString()).toBe('Cap of 800,000');
    expect(main.received.at(-1)).toBe(syncProtocol.messageYjsUpdate);
    sync.destroy();
  });

  it('applies what main pushes and never echoes it back', async () => {
    const main = new FakeMain('Amnesty');
    const sync = new DocumentSync(main.api(), 'doc', main.connection);
    await sync.start();
    const before = main.received.length;
    sync.receive(main.editElsewhere(' for all parties'));
    await settle();
    expect(sync.ydoc.getText('t').toString()).toBe('Amnesty for all parties');
    expect(main.received.length).toBe(before);
    sync.destroy();
  });

  it('keeps edits made while offline and sends them after reconnecting', async () => {
    const main = new FakeMain('Elections');
    const sync = new DocumentSync(main.api(), 'doc', main.connection);
    await sync.start();
    main.connection.set('offline');
    sync.ydoc.getText('t').insert(9, ' within 100 days');
    await settle();
    expect(sync.saveState.get()).toBe('unsent');
    // Meanwhile another window edited the document through main.
    main.connection.set('online');
    main.editElsewhere('.');
    main.connection.set('offline');
    main.connection.set('online');
    await settle();
    await sync.flush();
    expect(sync.saveState.get()).toBe('saved');
    expect(main.doc.getText('t').toString()).toBe(sync.ydoc.getText('t').toString());
    // Both edits, each once, nothing else (two inserts at one place: Yjs orders them by client id).
    expect(['Elections within 100 days.', 'Elections. within 100 days']).toContain(sync.ydoc.getText('t').toString());
    sync.destroy();
  });

  it('waits out a connection that drops while the document is opening', async () => {
    const main = new FakeMain('Ceasefire');
    main.connection.set('offline');
    const sync = new DocumentSync(main.api(), 'doc', main.connection);
    const started = sync.start();
    await settle();
    main.connection.set('online');
    await started;
    expect(sync.ydoc.getText('t').toString()).toBe('Ceasefire');
    sync.destroy();
  });

  describe('sending after the frame', () => {
    /** A scheduler that runs nothing until told: stands for "the frame has not been painted yet". */
    function manualScheduler() {
      const tasks: (() => void)[] = [];
      const schedule = (task: () => void) => {
        tasks.push(task);
        return () => {
          const i = tasks.indexOf(task);
          if (i >= 0) tasks.splice(i, 1);
        };
      };
      return { schedule, tasks, runAll: () => tasks.splice(0).forEach((t) => t()) };
    }

    it('holds a burst of local updates until the scheduled send, then sends them as one update', async () => {
      const main = new FakeMain('Cap');
      const frames = manualScheduler();
      const sync = new DocumentSync(main.api(), 'doc', main.connection, null, frames.schedule);
      await sync.start();
      const before = main.received.length;
      sync.ydoc.getText('t').insert(3, ' of');
      sync.ydoc.getText('t').insert(6, ' 800,000');
      await settle();
      expect(main.received.length).toBe(before);
      expect(sync.saveState.get()).toBe('saving');
      expect(frames.tasks).toHaveLength(1);
      frames.runAll();
      await settle();
      expect(main.received.slice(before)).toEqual([syncProtocol.messageYjsUpdate]);
      expect(main.doc.getText('t').toString()).toBe('Cap of 800,000');
      expect(sync.saveState.get()).toBe('saved');
      sync.destroy();
    });

    it('flushPending sends what waits for the frame at once (the page is hidden or closed), and the frame sends nothing twice', async () => {
      const main = new FakeMain('Amnesty');
      const frames = manualScheduler();
      const kept: number[] = [];
      const keep = { add: (_d: string, key: number) => kept.push(key), remove: () => undefined, earlier: () => ({ updates: [], forget: () => undefined }) };
      const sync = new DocumentSync(main.api(), 'doc', main.connection, keep, frames.schedule);
      await sync.start();
      sync.ydoc.getText('t').insert(7, ' for all');
      sync.flushPending();
      // Kept for a reload before the call leaves, synchronously.
      expect(kept).toHaveLength(1);
      expect(frames.tasks).toHaveLength(0);
      await settle();
      expect(main.doc.getText('t').toString()).toBe('Amnesty for all');
      frames.runAll();
      await settle();
      expect(main.received.filter((m) => m === syncProtocol.messageYjsUpdate)).toHaveLength(1);
      sync.destroy();
    });

    it('flush and destroy send waiting updates too', async () => {
      const main = new FakeMain('Vote');
      const frames = manualScheduler();
      const sync = new DocumentSync(main.api(), 'doc', main.connection, null, frames.schedule);
      await sync.start();
      sync.ydoc.getText('t').insert(4, 's');
      await sync.flush();
      expect(main.doc.getText('t').toString()).toBe('Votes');
      sync.ydoc.getText('t').insert(5, '!');
      sync.destroy();
      await settle();
      expect(main.doc.getText('t').toString()).toBe('Votes!');
    });
  });

  it('reads local input waiting for its frame before applying what main pushes and before sending at once', async () => {
    const main = new FakeMain('Ceasefire');
    const sync = new DocumentSync(main.api(), 'doc', main.connection);
    await sync.start();
    // The editor's waiting character: written to the mirror only when read.
    let waiting: string | null = null;
    const seen: string[] = [];
    sync.readLocalInputWith(() => {
      seen.push(sync.ydoc.getText('t').toString());
      if (waiting === null) return;
      sync.ydoc.getText('t').insert(sync.ydoc.getText('t').length, waiting);
      waiting = null;
    });
    waiting = '!';
    sync.receive(main.editElsewhere(' holds'));
    // Read before main's edit was applied (both are there; their order is Yjs's, by client id).
    expect(seen).toEqual(['Ceasefire']);
    expect(['Ceasefire! holds', 'Ceasefire holds!']).toContain(sync.ydoc.getText('t').toString());
    waiting = '?';
    sync.flushPending();
    await settle();
    expect(main.doc.getText('t').toString()).toBe(sync.ydoc.getText('t').toString());
    expect(main.doc.getText('t').toString()).toMatch(/\?$/);
    // Taken away: nothing is read any more.
    sync.readLocalInputWith(null);
    waiting = '#';
    sync.receive(main.editElsewhere('.'));
    expect(seen).toHaveLength(2);
    expect(sync.ydoc.getText('t').toString()).not.toContain('#');
    sync.destroy();
  });
});
