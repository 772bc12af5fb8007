import { addComment, editComment, replyTo, resolveThread } from '../../../shared/comments/comment-ops';
import { commentRefusal } from '../../../shared/comments/comment-rules';
import { compareTargetLabels, targetLabeller, type TargetLabel } from '../../../shared/comments/target-labels';
import { clauseTarget, targetKey } from '../../../shared/comments/targets';
import { commentThreads, type CommentThread } from '../../../shared/comments/threads';
import type { CommentTarget } from '../../../shared/domain/types';
import { clauseAtSelection } from '../../../shared/editing/clause-position';
import { readChanges, readComments } from '../../../shared/ydoc/layout';
import type { PanelContext, PanelDocument, PanelView } from '../panel/panel-context';
import { el } from '../base/dom';
import { Composer } from '../threads/composer';
import { peopleOf } from '../../../shared/domain/people';
import { watchDocument } from '../panel/watch-document';
import { WhenShown } from '../panel/when-shown';
import { reconcileChildren } from './reconcile';
import { renderTargetHeading } from '../threads/target-heading';
import { ThreadItem, type ThreadActions, type ThreadRenderContext } from '../threads/thread-item';
import '../styles/comments.css';

/** The comments view of the side panel. */
export type CommentsView = PanelView & {
  /** Points the "New comment" box at a clause or change and shows its threads. */
  focusTarget(target: CommentTarget): void;
};

interface Group {
  readonly element: HTMLElement;
  readonly heading: HTMLButtonElement;
  readonly list: HTMLElement;
  readonly threads: Map<string, ThreadItem>;
  labelSignature: string;
}

/** Re-renders at most once per frame; relative times refresh every minute. */
const MINUTE_MS = 60_000;

/**
 * The side panel's Comments view for the document in the active tab: its
 * threads grouped by clause or change in document order (party chip and
 * kind for a change), each with author, party colour, relative time, body,
 * replies, a reply box and Resolve/Reopen; a "Show resolved" toggle; and a
 * "New comment on Point N" box for the clause at the cursor (or the target
 * given to `focusTarget`). Clicking a thread jumps to what it is about.
 * Observers (and a window without an identity) read but get no composer.
 */
export function createCommentsView(ctx: PanelContext): CommentsView {
  return new CommentsPanel(ctx);
}

class CommentsPanel implements CommentsView {
  readonly element: HTMLElement;
  private readonly groupsElement: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly count: HTMLElement;
  private readonly showResolvedBox: HTMLInputElement;
  private readonly showResolvedLabel: HTMLElement;
  private readonly composerBlock: HTMLElement;
  private readonly composerTarget: HTMLElement;
  private readonly unpinButton: HTMLButtonElement;
  private readonly composer: Composer;
  private readonly readOnlyNote: HTMLElement;
  private readonly groups = new Map<string, Group>();
  private readonly stops: (() => void)[] = [];
  private bound: { readonly doc: PanelDocument; readonly stop: () => void } | null = null;
  private showResolved = false;
  private pinned: CommentTarget | null = null;
  private composerSignature: string | null = null;
  private composerFor: CommentTarget | null = null;
  private frame = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private destroyed = false;
  /** Nothing is drawn while the view does not show. */
  private readonly whenShown: WhenShown;
  private readonly onSelectionChange = (): void => this.schedule();

  constructor(private readonly ctx: PanelContext) {
    this.count = el('span', { class: 'comments-count', attrs: { 'data-testid': 'comments-count' } });
    this.showResolvedBox = el('input', {
      attrs: { type: 'checkbox', 'data-testid': 'comments-show-resolved' },
      on: {
        change: () => {
          this.showResolved = this.showResolvedBox.checked;
          this.render();
        },
      },
    });
    this.showResolvedLabel = el('span', { text: 'Show resolved' });
    const header = el('header', { class: 'comments-header' }, [
      el('h2', { class: 'pane-title', text: 'Comments' }),
      this.count,
      el('span', { class: 'comments-spacer' }),
      el('label', { class: 'comments-toggle' }, [this.showResolvedBox, this.showResolvedLabel]),
    ]);

    this.composerTarget = el('span', { class: 'composer-target', attrs: { 'data-testid': 'composer-target' } });
    this.unpinButton = el('button', {
      class: 'comment-link',
      text: 'Use clause at cursor',
      title: 'Comment on the clause that holds the cursor instead',
      attrs: { type: 'button' },
      on: {
        click: () => {
          this.pinned = null;
          this.render();
        },
      },
    });
    this.composer = new Composer({
      placeholder: 'Write a comment…',
      submitLabel: 'Comment',
      testId: 'new-comment',
      submit: (body) => {
        const doc = this.bound?.doc;
        const target = this.composerFor;
        if (!doc || !target) throw new Error('Put the cursor in a clause to comment on it.');
        addComment(doc.ydoc, target, body, this.ctx.identity.get());
      },
    });
    this.composerBlock = el('div', { class: 'comments-composer', attrs: { 'data-testid': 'comment-composer' } }, [
      el('div', { class: 'composer-heading' }, [this.composerTarget, this.unpinButton]),
      this.composer.element,
    ]);
    this.readOnlyNote = el('p', { class: 'comments-note' });
    this.groupsElement = el('div', { class: 'comments-groups' });
    this.empty = el('p', { class: 'comments-empty' });
    this.element = el('section', { class: 'comments-view', attrs: { 'data-testid': 'comments-view', 'aria-label': 'Comments' } }, [
      header,
      this.composerBlock,
      this.readOnlyNote,
      this.groupsElement,
      this.empty,
    ]);

    this.whenShown = new WhenShown(this.element, () => this.render());
    this.stops.push(
      ctx.document.subscribe(() => this.bind()),
      ctx.identity.subscribe(() => this.render()),
      ctx.workspace.subscribe(() => this.render()),
    );
    document.addEventListener('selectionchange', this.onSelectionChange);
    this.timer = setInterval(() => this.render(), MINUTE_MS);
    this.bind();
  }

  focusTarget(target: CommentTarget): void {
    this.pinned = target;
    this.render();
    const group = this.groups.get(targetKey(target));
    if (group) {
      group.element.scrollIntoView({ block: 'nearest' });
      group.element.classList.remove('is-flashing');
      // Restart the highlight animation.
      void group.element.offsetWidth;
      group.element.classList.add('is-flashing');
    }
    if (!this.composerBlock.hidden) this.composer.focus();
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

  /** Follows the active document: watches its comments, change records and content. */
  private bind(): void {
    const doc = this.ctx.document.get();
    if (this.bound?.doc === doc) return;
    this.bound?.stop();
    this.bound = null;
    this.pinned = null;
    this.composerSignature = null;
    this.groups.clear();
    this.groupsElement.replaceChildren();
    if (doc) {
      this.bound = { doc, stop: watchDocument(doc.ydoc, () => this.schedule()) };
    }
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

  private actionsFor(doc: PanelDocument): ThreadActions {
    const identity = (): ReturnType<PanelContext['identity']['get']> => this.ctx.identity.get();
    return {
      reply: (rootId, body) => void replyTo(doc.ydoc, rootId, body, identity()),
      setResolved: (rootId, resolved) => void resolveThread(doc.ydoc, rootId, identity(), resolved),
      edit: (commentId, body) => void editComment(doc.ydoc, commentId, body, identity()),
      open: (thread) => this.jumpTo(thread.target),
    };
  }

  private jumpTo(target: CommentTarget): void {
    if (target.type === 'clause') this.ctx.jumpToClause(target.clauseId);
    else this.ctx.jumpToChange(target.changeId);
  }

  private render(): void {
    if (this.destroyed || this.whenShown.hidden()) return;
    const doc = this.bound?.doc ?? null;
    const identity = this.ctx.identity.get();
    const refusal = commentRefusal(identity);
    const canWrite = refusal === null;
    const people = peopleOf(this.ctx.workspace.get());
    const now = Date.now();
    const context: ThreadRenderContext = {
      people,
      me: identity?.member.id ?? null,
      canWrite,
      now,
      key: [identity?.member.id ?? '', canWrite, Math.floor(now / MINUTE_MS), people.members.map((m) => m.name).join('|')].join('\u0001'),
    };

    this.readOnlyNote.hidden = canWrite || !doc;
    this.readOnlyNote.textContent =
      refusal?.code === 'no-identity' ? 'Choose who you are (in the status bar) to comment.' : 'As an observer you can read comments but not write them.';

    if (!doc) {
      this.composerBlock.hidden = true;
      this.count.textContent = '';
      this.groupsElement.replaceChildren();
      this.groups.clear();
      this.empty.hidden = false;
      this.empty.textContent = 'Open a document to see its comments.';
      return;
    }

    const records = readChanges(doc.ydoc);
    const labelOf = targetLabeller(doc.view.state.doc, records, people.parties);
    this.renderComposer(doc, labelOf, canWrite);

    const all = commentThreads(readComments(doc.ydoc), { includeResolved: true });
    const resolvedCount = all.filter((t) => t.resolved).length;
    const shown = this.showResolved ? all : all.filter((t) => !t.resolved);
    const open = all.length - resolvedCount;
    this.count.textContent = open === 1 ? '1 open' : `${open} open`;
    this.showResolvedLabel.textContent = resolvedCount > 0 ? `Show resolved (${resolvedCount})` : 'Show resolved';

    const byKey = new Map<string, { label: TargetLabel; threads: CommentThread[] }>();
    for (const thread of shown) {
      const key = targetKey(thread.target);
      let entry = byKey.get(key);
      if (!entry) {
        entry = { label: labelOf(thread.target), threads: [] };
        byKey.set(key, entry);
      }
      entry.threads.push(thread);
    }
    const ordered = [...byKey.values()].sort((a, b) => compareTargetLabels(a.label, b.label));
    const actions = this.actionsFor(doc);
    const groupElements: HTMLElement[] = [];
    for (const { label, threads } of ordered) {
      const group = this.groupFor(label);
      const signature = JSON.stringify(label, (_k, v: unknown) => (v === Infinity ? 'end' : v));
      if (signature !== group.labelSignature) {
        group.labelSignature = signature;
        group.heading.replaceChildren(...renderTargetHeading(label));
        group.heading.title = label.target.type === 'clause' ? 'Go to this clause' : 'Go to this change';
      }
      const items: HTMLElement[] = [];
      const keep = new Set<string>();
      for (const thread of threads) {
        let item = group.threads.get(thread.id);
        if (!item) {
          item = new ThreadItem(actions);
          group.threads.set(thread.id, item);
        }
        item.update(thread, context);
        keep.add(thread.id);
        items.push(item.element);
      }
      for (const id of [...group.threads.keys()]) if (!keep.has(id)) group.threads.delete(id);
      reconcileChildren(group.list, items);
      groupElements.push(group.element);
    }
    for (const key of [...this.groups.keys()]) if (!byKey.has(key)) this.groups.delete(key);
    reconcileChildren(this.groupsElement, groupElements);

    this.empty.hidden = shown.length > 0;
    this.empty.textContent =
      all.length === 0
        ? canWrite
          ? 'No comments yet. Put the cursor in a clause and write the first one.'
          : 'No comments yet.'
        : 'No open comments. Tick “Show resolved” to see the resolved ones.';
  }

  private groupFor(label: TargetLabel): Group {
    const existing = this.groups.get(label.key);
    if (existing) return existing;
    const heading = el('button', {
      class: 'comments-group-heading',
      attrs: { type: 'button' },
      on: { click: () => this.jumpTo(label.target) },
    });
    const list = el('div', { class: 'comments-group-threads' });
    const element = el('section', { class: 'comments-group', attrs: { 'data-target-key': label.key } }, [heading, list]);
    const group: Group = { element, heading, list, threads: new Map(), labelSignature: '' };
    this.groups.set(label.key, group);
    return group;
  }

  /** The "New comment on …" box: the pinned target, else the clause at the cursor. */
  private renderComposer(doc: PanelDocument, labelOf: (target: CommentTarget) => TargetLabel, canWrite: boolean): void {
    this.composerBlock.hidden = !canWrite;
    if (!canWrite) return;
    const cursor = clauseAtSelection(doc.view.state);
    const cursorId = cursor && cursor.id !== '' ? cursor.id : null;
    const target = this.pinned ?? (cursorId !== null ? clauseTarget(cursorId) : null);
    this.composerFor = target;
    this.unpinButton.hidden = this.pinned === null || (this.pinned.type === 'clause' && this.pinned.clauseId === cursorId);
    this.composer.setDisabled(target === null);
    const label = target === null ? null : labelOf(target);
    const signature = label === null ? '' : JSON.stringify([label.key, label.point, label.summary, label.change?.status]);
    if (signature === this.composerSignature) return;
    this.composerSignature = signature;
    if (label === null) this.composerTarget.replaceChildren('Put the cursor in a clause to comment on it.');
    else this.composerTarget.replaceChildren(el('span', { class: 'composer-lead', text: 'New comment on' }), ...renderTargetHeading(label));
  }
}
