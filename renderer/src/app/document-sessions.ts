import type { SaveState } from '../sync/doc-sync';
import type { DocumentSession } from './document-session';

/**
 * The window's open documents: one `DocumentSession` per document opened,
 * kept while the window stays on the workspace so unsent edits are never
 * dropped. Sessions still loading already receive the messages main pushes.
 */
export class DocumentSessions {
  private readonly sessions = new Map<string, DocumentSession>();
  /** Sessions still loading: already routed `documentMessage` events, not yet adopted. */
  private readonly opening = new Map<string, { readonly session: DocumentSession; readonly loaded: Promise<void> }>();
  /** Bumped by `clear`; a session that finishes loading for an older workspace is dropped. */
  private generation = 0;

  /**
   * @param create a new session for a document (not loaded yet)
   * @param adopt called once for each session that loaded, before `open` returns it
   */
  constructor(
    private readonly create: (docId: string) => DocumentSession,
    private readonly adopt: (session: DocumentSession) => void,
  ) {}

  /**
   * The document's loaded session, opening it on first use (one load however
   * often it is asked for). Null when the window switched workspaces while it
   * loaded; throws what loading threw.
   */
  async open(docId: string): Promise<DocumentSession | null> {
    const open = this.sessions.get(docId);
    if (open) return open;
    const generation = this.generation;
    let opening = this.opening.get(docId);
    if (!opening) {
      const created = this.create(docId);
      opening = { session: created, loaded: created.load() };
      this.opening.set(docId, opening);
    }
    const { session } = opening;
    try {
      await opening.loaded;
    } finally {
      if (this.opening.get(docId) === opening) this.opening.delete(docId);
    }
    if (generation !== this.generation) {
      session.destroy();
      return null;
    }
    if (!this.sessions.has(docId)) {
      this.sessions.set(docId, session);
      this.adopt(session);
    }
    return session;
  }

  /** A loaded session. */
  get(docId: string): DocumentSession | undefined {
    return this.sessions.get(docId);
  }

  /** A loaded or loading session (where main's messages for the document go). */
  find(docId: string): DocumentSession | undefined {
    return this.sessions.get(docId) ?? this.opening.get(docId)?.session;
  }

  /** True while the session is one of the window's, loaded or loading. */
  holds(session: DocumentSession): boolean {
    return this.sessions.get(session.docId) === session || this.opening.get(session.docId)?.session === session;
  }

  /** Every loaded session. */
  all(): DocumentSession[] {
    return [...this.sessions.values()];
  }

  /** The state the status bar shows for all of them: refused before unsent before saving before saved. */
  saveState(): SaveState {
    const states = this.all().map((s) => s.sync.saveState.get());
    if (states.includes('refused')) return 'refused';
    if (states.includes('unsent')) return 'unsent';
    if (states.includes('saving')) return 'saving';
    return 'saved';
  }

  /** The first session holding an edit main refused. */
  refused(): DocumentSession | undefined {
    return this.all().find((session) => session.sync.saveState.get() === 'refused');
  }

  /** Sends at once the edits every session holds back until after the next frame (the page is being hidden or closed). */
  flushPending(): void {
    for (const session of this.all()) session.sync.flushPending();
  }

  /** Hands every session's edits to main, waiting at most `timeoutMs`. */
  async flush(timeoutMs: number): Promise<void> {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs));
    await Promise.race([Promise.all(this.all().map((s) => s.sync.flush())), timeout]);
  }

  /** Drops one document's session (loaded or loading) without keeping its unsent edits in the window. */
  drop(session: DocumentSession): void {
    session.destroy();
    if (this.sessions.get(session.docId) === session) this.sessions.delete(session.docId);
    if (this.opening.get(session.docId)?.session === session) this.opening.delete(session.docId);
  }

  /** Closes every session (the window leaves the workspace); sessions still loading are dropped when they finish. */
  clear(): void {
    this.generation++;
    for (const { session } of this.opening.values()) session.destroy();
    this.opening.clear();
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
  }
}
