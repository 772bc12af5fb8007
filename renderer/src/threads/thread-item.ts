import { absoluteTime, relativeTime } from '../../../shared/comments/relative-time';
import type { CommentThread, StoredComment } from '../../../shared/comments/threads';
import { describeError } from '../ui/error-messages';
import { el, partyDot } from '../base/dom';
import { Composer } from './composer';
import type { People } from '../../../shared/domain/people';

/** What a thread's buttons do (each may throw; the error is shown in the thread). */
export interface ThreadActions {
  reply(rootId: string, body: string): void;
  setResolved(rootId: string, resolved: boolean): void;
  edit(commentId: string, body: string): void;
  /** The thread was clicked: show what it is about. */
  open(thread: CommentThread): void;
}

/** What a render depends on besides the thread. */
export interface ThreadRenderContext {
  readonly people: People;
  /** The member at the keyboard (their own comments get "Edit"), or null. */
  readonly me: string | null;
  /** False for observers and before an identity is chosen: no reply box, no buttons. */
  readonly canWrite: boolean;
  /** Time relative times are measured from. */
  readonly now: number;
  /** Changes whenever names, identity or the minute change (a cheap re-render key). */
  readonly key: string;
}

/** One comment: party dot, author, party, time, body. */
export function renderComment(comment: StoredComment, context: ThreadRenderContext, extra: readonly Node[] = []): HTMLElement {
  const people = context.people;
  const time = el('time', {
    class: 'comment-time',
    text: relativeTime(comment.createdAt, context.now),
    title: absoluteTime(comment.createdAt),
    attrs: { datetime: comment.createdAt },
  });
  const meta = el('div', { class: 'comment-meta' }, [
    partyDot(comment.partyId, people.partyName(comment.partyId)),
    el('span', { class: 'comment-author', text: people.memberName(comment.authorId) }),
    el('span', { class: 'comment-party', text: people.partyCode(comment.partyId) }),
    time,
  ]);
  if (comment.editedAt) {
    meta.append(el('span', { class: 'comment-edited', text: 'edited', title: `Edited ${absoluteTime(comment.editedAt)}` }));
  }
  meta.append(...extra);
  return el('li', { class: 'comment', attrs: { 'data-comment-id': comment.id, 'data-party': comment.partyId } }, [
    meta,
    el('p', { class: 'comment-body', text: comment.body }),
  ]);
}

/**
 * A thread in a comment list: root and replies, a reply box, Resolve or
 * Reopen, and "Edit" on one's own comments. Updated in place: a render that
 * changes nothing leaves the DOM (and a half-typed reply) alone.
 */
export class ThreadItem {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly footer: HTMLElement;
  private readonly error: HTMLElement;
  private readonly replyBox: Composer;
  private readonly editBox: Composer;
  private thread: CommentThread | null = null;
  private signature = '';
  private replying = false;
  private editing: string | null = null;
  private context: ThreadRenderContext | null = null;

  constructor(private readonly actions: ThreadActions) {
    this.list = el('ol', { class: 'comment-list' });
    this.footer = el('div', { class: 'thread-footer' });
    this.error = el('p', { class: 'comment-error', attrs: { role: 'alert' } });
    this.error.hidden = true;
    this.replyBox = new Composer({
      placeholder: 'Reply…',
      submitLabel: 'Reply',
      testId: 'reply',
      submit: (body) => {
        if (!this.thread) return;
        this.actions.reply(this.thread.id, body);
        this.replying = false;
        this.rerender();
      },
      cancel: () => {
        this.replying = false;
        this.rerender();
      },
    });
    this.editBox = new Composer({
      placeholder: 'Edit your comment…',
      submitLabel: 'Save',
      testId: 'edit',
      submit: (body) => {
        if (this.editing === null) return;
        this.actions.edit(this.editing, body);
        this.editing = null;
        this.rerender();
      },
      cancel: () => {
        this.editing = null;
        this.rerender();
      },
    });
    this.element = el('article', {
      class: 'comment-thread',
      attrs: { tabindex: '-1' },
      on: {
        click: (event) => {
          const target = event.target as HTMLElement | null;
          if (target?.closest('button, textarea, input, a, form') || !this.thread) return;
          this.actions.open(this.thread);
        },
      },
    }, [this.list, this.error, this.footer, this.replyBox.element]);
  }

  /** The thread shown (null before the first update). */
  get current(): CommentThread | null {
    return this.thread;
  }

  /** Shows `thread`; does nothing if neither it nor the context changed. */
  update(thread: CommentThread, context: ThreadRenderContext): void {
    const signature = `${JSON.stringify(thread)}\u0000${context.key}\u0000${this.replying}\u0000${this.editing}`;
    this.thread = thread;
    this.context = context;
    if (signature === this.signature) return;
    this.signature = signature;
    this.render(thread, context);
  }

  /** Opens the reply box and puts the caret in it. */
  startReply(): void {
    if (!this.context?.canWrite) return;
    this.replying = true;
    this.rerender();
    this.replyBox.focus();
  }

  private rerender(): void {
    if (this.thread && this.context) {
      this.signature = '';
      this.update(this.thread, this.context);
    }
  }

  private showError(message: string | null): void {
    this.error.hidden = message === null;
    this.error.textContent = message ?? '';
  }

  private render(thread: CommentThread, context: ThreadRenderContext): void {
    this.element.dataset['threadId'] = thread.id;
    this.element.classList.toggle('is-resolved', thread.resolved);
    const canWrite = context.canWrite;
    if (!canWrite) {
      this.replying = false;
      this.editing = null;
    }
    const items = [thread.root, ...thread.replies].map((comment) => {
      const mine = canWrite && comment.authorId === context.me;
      const extra = mine && this.editing !== comment.id
        ? [el('button', {
            class: 'comment-link',
            text: 'Edit',
            attrs: { type: 'button', 'data-testid': 'comment-edit' },
            on: {
              click: () => {
                this.editing = comment.id;
                this.editBox.value = comment.body;
                this.rerender();
                this.editBox.focus();
              },
            },
          })]
        : [];
      const item = renderComment(comment, context, extra);
      if (comment.id === thread.root.id) item.classList.add('is-root');
      if (this.editing === comment.id) item.querySelector('.comment-body')?.replaceWith(this.editBox.element);
      return item;
    });
    this.list.replaceChildren(...items);

    this.footer.replaceChildren();
    if (thread.resolved && thread.root.resolvedBy) {
      const when = thread.root.resolvedAt ? ` · ${relativeTime(thread.root.resolvedAt, context.now)}` : '';
      this.footer.append(el('span', { class: 'thread-status', text: `Resolved by ${context.people.memberName(thread.root.resolvedBy)}${when}` }));
    } else if (thread.resolved) {
      this.footer.append(el('span', { class: 'thread-status', text: 'Resolved' }));
    }
    if (thread.detached) {
      this.footer.append(el('span', { class: 'thread-status', text: 'The start of this thread has not arrived yet.' }));
    }
    if (canWrite) {
      this.footer.append(el('span', { class: 'thread-spacer' }));
      if (!thread.resolved && !this.replying) {
        this.footer.append(
          el('button', { class: 'comment-link', text: 'Reply', attrs: { type: 'button', 'data-testid': 'thread-reply' }, on: { click: () => this.startReply() } }),
        );
      }
      const resolveLabel = thread.resolved ? 'Reopen' : 'Resolve';
      this.footer.append(
        el('button', {
          class: 'comment-button',
          text: resolveLabel,
          attrs: { type: 'button', 'data-testid': thread.resolved ? 'thread-reopen' : 'thread-resolve' },
          on: {
            click: () => {
              try {
                this.showError(null);
                this.actions.setResolved(thread.id, !thread.resolved);
              } catch (error) {
                this.showError(describeError(error));
              }
            },
          },
        }),
      );
    }
    this.footer.hidden = this.footer.childElementCount === 0;
    this.replyBox.element.hidden = !(canWrite && this.replying && !thread.resolved);
  }
}
