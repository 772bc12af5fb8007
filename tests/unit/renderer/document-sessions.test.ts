import { describe, expect, it } from 'vitest';
import type { DocumentSession } from '../../../renderer/src/app/document-session';
import { DocumentSessions } from '../../../renderer/src/app/document-sessions';
import type { SaveState } from '../../../renderer/src/sync/doc-sync';

/** A stand-in session: its load resolves or fails when the test says so. */
class FakeSession {
  destroyed = false;
  state: SaveState = 'saved';
  flushed = 0;
  finishLoad!: () => void;
  failLoad!: (error: Error) => void;
  readonly loaded = new Promise<void>((resolve, reject) => {
    this.finishLoad = resolve;
    this.failLoad = reject;
  });
  readonly sync = {
    saveState: { get: () => this.state },
    flush: async () => {
      this.flushed++;
    },
  };
  constructor(readonly docId: string) {}
  load(): Promise<void> {
    return this.loaded;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function setup(): { sessions: DocumentSessions; created: FakeSession[]; adopted: string[] } {
  const created: FakeSession[] = [];
  const adopted: string[] = [];
  const sessions = new DocumentSessions(
    (docId) => {
      const fake = new FakeSession(docId);
      created.push(fake);
      return fake as unknown as DocumentSession;
    },
    (session) => adopted.push(session.docId),
  );
  return { sessions, created, adopted };
}

describe("the window's open documents", () => {
  it('opens a document once however often it is asked for, and routes to it while it loads', async () => {
    const { sessions, created, adopted } = setup();
    const first = sessions.open('d1');
    const second = sessions.open('d1');
    expect(created).toHaveLength(1);
    expect(sessions.find('d1')).toBe(created[0]);
    expect(sessions.get('d1')).toBeUndefined();
    created[0]!.finishLoad();
    expect(await first).toBe(created[0]);
    expect(await second).toBe(created[0]);
    expect(adopted).toEqual(['d1']);
    expect(await sessions.open('d1')).toBe(created[0]);
    expect(created).toHaveLength(1);
  });

  it('drops a session that finishes loading after the window left the workspace', async () => {
    const { sessions, created, adopted } = setup();
    const opening = sessions.open('d1');
    sessions.clear();
    created[0]!.finishLoad();
    expect(await opening).toBeNull();
    expect(created[0]!.destroyed).toBe(true);
    expect(adopted).toEqual([]);
    expect(sessions.find('d1')).toBeUndefined();
  });

  it('passes a failed load on and forgets it, so the next open tries again', async () => {
    const { sessions, created } = setup();
    const opening = sessions.open('d1');
    created[0]!.failLoad(new Error('damaged'));
    await expect(opening).rejects.toThrow('damaged');
    expect(sessions.find('d1')).toBeUndefined();
    const again = sessions.open('d1');
    expect(created).toHaveLength(2);
    created[1]!.finishLoad();
    expect(await again).toBe(created[1]);
  });

  it('sums up the save state, refused first, and flushes and drops', async () => {
    const { sessions, created } = setup();
    const a = sessions.open('a');
    const b = sessions.open('b');
    created[0]!.finishLoad();
    created[1]!.finishLoad();
    await Promise.all([a, b]);
    expect(sessions.saveState()).toBe('saved');
    created[0]!.state = 'saving';
    expect(sessions.saveState()).toBe('saving');
    created[1]!.state = 'unsent';
    expect(sessions.saveState()).toBe('unsent');
    created[0]!.state = 'refused';
    expect(sessions.saveState()).toBe('refused');
    expect(sessions.refused()).toBe(created[0]);
    await sessions.flush(1000);
    expect(created.map((s) => s.flushed)).toEqual([1, 1]);
    const dropped = sessions.get('a')!;
    expect(sessions.holds(dropped)).toBe(true);
    sessions.drop(dropped);
    expect(sessions.holds(dropped)).toBe(false);
    expect(created[0]!.destroyed).toBe(true);
    expect(sessions.all().map((s) => s.docId)).toEqual(['b']);
  });
});
