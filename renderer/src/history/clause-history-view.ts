import { targetLabeller } from '../../../shared/comments/target-labels';
import { commentThreads, type CommentThread } from '../../../shared/comments/threads';
import { clauseAtSelection } from '../../../shared/editing/clause-position';
import { summarizeClause } from '../../../shared/editing/clause-summary';
import {
  clauseAcrossVersions,
  describeClauseInVersion,
  earlierNumbers,
  type ClauseInVersion,
} from '../../../shared/history/clause-across-versions';
import { clauseHistoryRows, mergeRecords } from '../../../shared/history/clause-history-rows';
import type { ChangeSummary } from '../../../shared/suggest/change-summaries';
import { clauseLabels } from '../../../shared/suggest/views';
import { readChanges, readComments } from '../../../shared/ydoc/layout';
import type { PanelContext, PanelDocument, PanelView } from '../panel/panel-context';
import { peopleOf } from '../../../shared/domain/people';
import { watchDocument } from '../panel/watch-document';
import { renderTargetHeading } from '../threads/target-heading';
import { ThreadItem, type ThreadRenderContext } from '../threads/thread-item';
import { WhenShown } from '../panel/when-shown';
import { describeError } from '../ui/error-messages';
import { el } from '../base/dom';
import { renderChangeEntry } from './change-entry';
import { VersionCache, type LoadedVersions } from './version-cache';
import '../styles/comments.css';
import '../styles/history.css';

/** The clause history view of the side panel. */
export type ClauseHistoryView = PanelView & {
  /** Shows the history of this clause (until the cursor moves to another clause). */
  showClause(clauseId: string): void;
};

type VersionState =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly loaded: LoadedVersions }
  | { readonly status: 'failed'; readonly message: string };

const MINUTE_MS = 60_000;

/**
 * "Who wanted this and why": for one clause (the clause at the cursor, or
 * the one given to `showClause`), its number now and in each named version,
 * every change that touched it in any status, newest first (party, kind,
 * author, time, before/after, rationale, status and who decided it), and its
 * comment threads. Named versions are read through the API once each.
 */
export function createClauseHistoryView(ctx: PanelContext): ClauseHistoryView {
  return new ClauseHistoryPanel(ctx);
}

class ClauseHistoryPanel implements ClauseHistoryView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly cache: VersionCache;
  private readonly stops: (() => void)[] = [];
  private bound: { readonly doc: PanelDocument; readonly stop: () => void } | null = null;
  private clauseId: string | null = null;
  /** The clause the cursor was in when last looked at (a move to another clause follows it). */
  private cursorClauseId: string | null = null;
  private versions: VersionState = { status: 'loading' };
  private versionsRequest = 0;
  private signature = '';
  private frame = 0;
  private destroyed = false;
  /** Nothing is drawn while the view does not show. */
  private readonly whenShown: WhenShown;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly threads = new Map<string, ThreadItem>();
  private readonly onSelectionChange = (): void => this.schedule();

  constructor(private readonly ctx: PanelContext) {
    this.cache = new VersionCache(ctx.api);
    this.body = el('div', { class: 'history-body' });
    this.element = el('section', { class: 'history-view', attrs: { 'data-testid': 'history-view', 'aria-label': 'Clause history' } }, [
      el('header', { class: 'history-header' }, [el('h2', { class: 'pane-title', text: 'Who wanted this and why' })]),
      this.body,
    ]);
    this.whenShown = new WhenShown(this.element, () => this.render());
    this.stops.push(
      ctx.document.subscribe(() => this.bind()),
      ctx.workspace.subscribe(() => this.render()),
      ctx.identity.subscribe(() => this.render()),
    );
    document.addEventListener('selectionchange', this.onSelectionChange);
    this.timer = setInterval(() => this.render(), MINUTE_MS);
    this.bind();
  }

  showClause(clauseId: string): void {
    this.clauseId = clauseId;
    const doc = this.bound?.doc;
    if (doc) void this.loadVersions(doc.docId);
    this.render();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.whenShown.dispose();
    for (const stop of this.stops) stop();
    this.bound?.stop();
    this.bound = null;
    document.removeEventListener('selectionchange', this.onSelectionChange);
    clearInterval(this.timer);
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.element.remove();
  }

  private bind(): void {
    const doc = this.ctx.document.get();
    if (this.bound?.doc === doc) return;
    this.bound?.stop();
    this.bound = null;
    this.clauseId = null;
    this.cursorClauseId = null;
    this.threads.clear();
    if (doc) {
      this.bound = { doc, stop: watchDocument(doc.ydoc, () => this.schedule()) };
      void this.loadVersions(doc.docId);
    }
    this.render();
  }

  private async loadVersions(docId: string): Promise<void> {
    const request = ++this.versionsRequest;
    if (this.versions.status !== 'loaded') this.versions = { status: 'loading' };
    let next: VersionState;
    try {
      next = { status: 'loaded', loaded: await this.cache.load(docId) };
    } catch (error) {
      next = { status: 'failed', message: describeError(error) };
    }
    if (request !== this.versionsRequest || this.destroyed || this.bound?.doc.docId !== docId) return;
    this.versions = next;
    this.render();
  }

  private schedule(): void {
    if (this.frame !== 0 || this.destroyed) return;
    // Hidden since the last check: it renders when it shows (no frame callback per keystroke meanwhile).
    if (this.whenShown.knownHidden()) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Follows the cursor: a move into another clause shows that clause. */
  private followCursor(doc: PanelDocument): void {
    const at = clauseAtSelection(doc.view.state);
    const id = at && at.id !== '' ? at.id : null;
    if (id !== this.cursorClauseId) {
      this.cursorClauseId = id;
      if (id !== null) this.clauseId = id;
    }
  }

  private render(): void {
    if (this.destroyed || this.whenShown.hidden()) return;
    const doc = this.bound?.doc ?? null;
    if (!doc) {
      this.replaceBody('none', () => [el('p', { class: 'history-empty', text: 'Open a document to see the history of its clauses.' })]);
      return;
    }
    this.followCursor(doc);
    const clauseId = this.clauseId;
    if (clauseId === null) {
      this.replaceBody('no-clause', () => [
        el('p', { class: 'history-empty', text: 'Put the cursor in a clause to see every change that touched it, who proposed it and why.' }),
      ]);
      return;
    }

    const people = peopleOf(this.ctx.workspace.get());
    const pmDoc = doc.view.state.doc;
    const current = readChanges(doc.ydoc);
    const loaded = this.versions.status === 'loaded' ? this.versions.loaded : null;
    const records = loaded ? mergeRecords(current, ...loaded.records) : current;
    const rows = clauseHistoryRows(pmDoc, records, clauseId, people.parties, people.members);
    const label = clauseLabels(pmDoc, current).find((l) => l.clauseId === clauseId) ?? null;
    const index = label ? label.number - 1 : -1;
    const heading = index >= 0 ? summarizeClause(pmDoc.child(index)).firstWords : '';
    const across = loaded ? clauseAcrossVersions(loaded.versions, clauseId) : [];
    const changeIds = new Set(rows.map((r) => r.id));
    const threads = commentThreads(readComments(doc.ydoc), { includeResolved: true }).filter((t) =>
      t.target.type === 'clause' ? t.target.clauseId === clauseId : changeIds.has(t.target.changeId),
    );
    const now = Date.now();
    const minute = Math.floor(now / MINUTE_MS);
    const identity = this.ctx.identity.get();
    const peopleKey = people.members.map((m) => m.name).join('|');
    // Positions move with every keystroke above the clause; what is shown does not depend on them.
    const shownRows = rows.map((row) => ({ ...row, position: null }));
    const signature = JSON.stringify([clauseId, label, heading, shownRows, across, threads, this.versions.status, minute, peopleKey]);
    const fallbackHeading = heading !== '' ? heading : (across.find((a) => a.heading !== '')?.heading ?? '');
    this.replaceBody(signature, () => {
      const context: ThreadRenderContext = { people, me: identity?.member.id ?? null, canWrite: false, now, key: `${minute}|${peopleKey}` };
      return [
        this.renderTitle(clauseId, label?.label ?? null, fallbackHeading, label?.pendingRemoval ?? false, label?.pendingAddition ?? false, across),
        this.renderChanges(rows),
        this.renderThreads(doc, threads, context, people.parties),
        this.renderVersions(across),
      ];
    });
  }

  private replaceBody(signature: string, build: () => HTMLElement[]): void {
    if (signature === this.signature) return;
    this.signature = signature;
    this.body.replaceChildren(...build());
  }

  private renderTitle(
    clauseId: string,
    point: string | null,
    heading: string,
    pendingRemoval: boolean,
    pendingAddition: boolean,
    across: readonly ClauseInVersion[],
  ): HTMLElement {
    const title = el('h3', { class: 'history-title' }, [
      el('span', { class: 'history-point', text: point ?? 'Not in the current draft' }),
      heading !== '' ? el('span', { class: 'history-heading', text: heading }) : '',
    ]);
    const block = el('div', { class: 'history-clause', attrs: { 'data-clause-id': clauseId } }, [title]);
    if (point !== null) {
      title.classList.add('is-link');
      title.title = 'Go to this clause';
      title.addEventListener('click', () => this.ctx.jumpToClause(clauseId));
    }
    if (pendingRemoval) block.append(el('p', { class: 'history-note', text: 'Proposed for removal; it keeps its number until that is decided.' }));
    if (pendingAddition) block.append(el('p', { class: 'history-note', text: 'Proposed as a new clause.' }));
    const currentNumber = point === null ? null : Number(/\d+/.exec(point)?.[0] ?? NaN);
    const earlier = earlierNumbers(across, currentNumber);
    if (earlier.length > 0) {
      block.append(
        el('p', { class: 'history-was', attrs: { 'data-testid': 'history-was' } }, [
          earlier.map((e) => `was Point ${e.number} in ${e.versionName}`).join(' · '),
        ]),
      );
    }
    return block;
  }

  private renderChanges(rows: readonly ChangeSummary[]): HTMLElement {
    const section = el('section', { class: 'history-section', attrs: { 'data-testid': 'history-changes' } }, [
      el('h4', { class: 'history-section-title', text: rows.length === 1 ? '1 change' : `${rows.length} changes` }),
    ]);
    if (rows.length === 0) {
      section.append(el('p', { class: 'history-empty', text: 'No change has touched this clause: it reads as first drafted.' }));
      return section;
    }
    const open = (row: ChangeSummary): void => {
      if (row.live) this.ctx.jumpToChange(row.id);
      else if (this.clauseId !== null && row.clauseNumbers.length > 0) this.ctx.jumpToClause(this.clauseId);
    };
    section.append(el('ol', { class: 'history-changes' }, rows.map((row) => renderChangeEntry(row, open))));
    return section;
  }

  private renderThreads(
    doc: PanelDocument,
    threads: readonly CommentThread[],
    context: ThreadRenderContext,
    parties: Parameters<typeof targetLabeller>[2],
  ): HTMLElement {
    const section = el('section', { class: 'history-section', attrs: { 'data-testid': 'history-comments' } }, [
      el('h4', { class: 'history-section-title', text: threads.length === 1 ? '1 comment thread' : `${threads.length} comment threads` }),
    ]);
    if (threads.length === 0) {
      section.append(el('p', { class: 'history-empty', text: 'No comments on this clause or its changes.' }));
      return section;
    }
    const labelOf = targetLabeller(doc.view.state.doc, readChanges(doc.ydoc), parties);
    const keep = new Set<string>();
    for (const thread of threads) {
      let item = this.threads.get(thread.id);
      if (!item) {
        item = new ThreadItem({
          reply: () => undefined,
          setResolved: () => undefined,
          edit: () => undefined,
          open: (t) => (t.target.type === 'change' ? this.ctx.jumpToChange(t.target.changeId) : this.ctx.jumpToClause(t.target.clauseId)),
        });
        this.threads.set(thread.id, item);
      }
      keep.add(thread.id);
      item.update(thread, context);
      if (thread.target.type === 'change') {
        section.append(el('p', { class: 'history-thread-target' }, ['On the ', ...renderTargetHeading({ ...labelOf(thread.target), point: '', summary: '' })]));
      }
      section.append(item.element);
    }
    for (const id of [...this.threads.keys()]) if (!keep.has(id)) this.threads.delete(id);
    return section;
  }

  private renderVersions(across: readonly ClauseInVersion[]): HTMLElement {
    const section = el('section', { class: 'history-section', attrs: { 'data-testid': 'history-versions' } }, [
      el('h4', { class: 'history-section-title', text: 'In the named versions' }),
    ]);
    if (this.versions.status === 'loading') {
      section.append(el('p', { class: 'history-empty', text: 'Reading the named versions…' }));
    } else if (this.versions.status === 'failed') {
      section.append(el('p', { class: 'history-error', text: `Could not read the named versions: ${this.versions.message}` }));
    } else if (across.length === 0) {
      section.append(el('p', { class: 'history-empty', text: 'This document has no named versions yet.' }));
    } else {
      section.append(
        el('ul', { class: 'history-versions' }, across.map((entry) =>
          el('li', { class: entry.number === null ? 'is-absent' : '', attrs: { 'data-version-id': entry.versionId } }, [describeClauseInVersion(entry)]),
        )),
      );
    }
    return section;
  }
}
