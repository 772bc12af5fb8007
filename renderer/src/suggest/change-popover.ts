import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { absoluteTime, relativeTime } from '../../../shared/comments/relative-time';
import type { ChangeRecord } from '../../../shared/domain/types';
import { clauseMarksKey } from '../../../shared/suggest/clause-marks';
import { changeTextOf } from '../../../shared/suggest/change-summaries';
import { el } from '../base/dom';
import { changeIdsAtSelection } from './changes-at-cursor';
import { renderChangeText } from './change-text-view';
import type { People } from '../../../shared/domain/people';
import { kindLabel, statusLabel } from './change-labels';
import '../styles/change-popover.css';

/**
 * The popover of a change mark: hovering a party-coloured insertion or
 * deletion (or a clause proposed for addition, removal or a move) shows,
 * after a short pause, who proposed it (party and member), what kind of
 * change it is and its status, when, what it says and why (the rationale).
 * From the keyboard, Alt+I shows it for the change at the caret (Escape
 * hides it); it is then the editor's `aria-describedby` and a polite live
 * region, so a screen reader reads it.
 */

/** Milliseconds the pointer rests on a mark before its popover shows. */
const HOVER_DELAY_MS = 250;
/** Milliseconds before a popover hides once the pointer has left its mark. */
const HIDE_DELAY_MS = 120;

let popoverCount = 0;

/** "27 Dec 2025, 09:30", with "(5 min ago)" while that says more than the date. */
function when(iso: string): string {
  const full = absoluteTime(iso);
  const ago = relativeTime(iso);
  return full.startsWith(ago) ? full : `${full} (${ago})`;
}

function recordsOf(state: EditorState): readonly ChangeRecord[] {
  return clauseMarksKey.getState(state)?.records ?? [];
}

/** The change a hovered element belongs to: an inline mark's, or a clause decoration's (addition/removal, then move). */
function changeIdOf(element: Element | null, root: HTMLElement): string | null {
  const marked = element?.closest<HTMLElement>('[data-change-id], [data-move-id]') ?? null;
  if (!marked || !root.contains(marked)) return null;
  return marked.dataset['changeId'] ?? marked.dataset['moveId'] ?? null;
}

class ChangePopover {
  readonly element: HTMLElement;
  private shownId: string | null = null;
  private byKeyboard = false;
  private showTimer = 0;
  private hideTimer = 0;
  private pendingId: string | null = null;

  constructor(
    private readonly view: EditorView,
    private readonly people: () => People,
  ) {
    this.element = el('div', {
      class: 'change-popover',
      attrs: { role: 'tooltip', id: `change-popover-${++popoverCount}`, 'aria-live': 'polite', 'data-testid': 'change-popover' },
    });
    this.element.hidden = true;
    document.body.append(this.element);
  }

  /** The pointer is over `target` (a mark or not). */
  hover(target: Element | null): void {
    const id = changeIdOf(target, this.view.dom);
    if (id === null) {
      if (this.shownId !== null && !this.byKeyboard) this.scheduleHide();
      this.pendingId = null;
      window.clearTimeout(this.showTimer);
      return;
    }
    window.clearTimeout(this.hideTimer);
    if (id === this.shownId || id === this.pendingId) return;
    this.pendingId = id;
    window.clearTimeout(this.showTimer);
    const anchor = target!.closest<HTMLElement>('[data-change-id], [data-move-id]')!;
    this.showTimer = window.setTimeout(() => {
      this.pendingId = null;
      if (anchor.isConnected) this.show(id, anchor.getBoundingClientRect(), false);
    }, HOVER_DELAY_MS);
  }

  /** The pointer left the editor. */
  leave(): void {
    window.clearTimeout(this.showTimer);
    this.pendingId = null;
    if (!this.byKeyboard) this.scheduleHide();
  }

  /** Alt+I: the popover of the change at the caret; false if the caret is on none. */
  showAtCaret(): boolean {
    const state = this.view.state;
    const id = changeIdsAtSelection(state, recordsOf(state))[0];
    if (id === undefined) return false;
    const at = this.view.coordsAtPos(state.selection.from);
    this.show(id, new DOMRect(at.left, at.top, Math.max(1, at.right - at.left), at.bottom - at.top), true);
    return true;
  }

  /** Whether a popover is showing. */
  get visible(): boolean {
    return this.shownId !== null;
  }

  /** The editor changed: follow the caret (keyboard) and the records. */
  update(): void {
    if (this.shownId === null) return;
    const state = this.view.state;
    if (this.byKeyboard && !changeIdsAtSelection(state, recordsOf(state)).includes(this.shownId)) {
      this.hide();
      return;
    }
    if (!recordsOf(state).some((r) => r.id === this.shownId)) this.hide();
  }

  hide(): void {
    window.clearTimeout(this.hideTimer);
    window.clearTimeout(this.showTimer);
    this.shownId = null;
    this.byKeyboard = false;
    this.element.hidden = true;
    this.element.replaceChildren();
    if (this.view.dom.getAttribute('aria-describedby') === this.element.id) this.view.dom.removeAttribute('aria-describedby');
  }

  destroy(): void {
    this.hide();
    this.element.remove();
  }

  private scheduleHide(): void {
    window.clearTimeout(this.hideTimer);
    this.hideTimer = window.setTimeout(() => this.hide(), HIDE_DELAY_MS);
  }

  private show(changeId: string, anchor: DOMRect, byKeyboard: boolean): void {
    const state = this.view.state;
    const record = recordsOf(state).find((r) => r.id === changeId);
    if (!record) return;
    window.clearTimeout(this.hideTimer);
    this.shownId = changeId;
    this.byKeyboard = byKeyboard;
    this.element.replaceChildren(...this.content(record, state));
    this.element.dataset['party'] = record.partyId;
    this.element.dataset['changeId'] = changeId;
    this.element.hidden = false;
    if (byKeyboard) this.view.dom.setAttribute('aria-describedby', this.element.id);
    this.place(anchor);
  }

  private content(record: ChangeRecord, state: EditorState): HTMLElement[] {
    const people = this.people();
    const head = el('p', { class: 'change-popover-head' }, [
      el('span', { class: 'party-chip', text: people.partyCode(record.partyId), attrs: { 'data-party': record.partyId } }),
      ' ',
      el('span', { class: 'change-popover-party', text: people.partyName(record.partyId), attrs: { 'data-testid': 'popover-party' } }),
      el('span', { class: 'change-popover-kind', text: ` · ${kindLabel(record.kind)} · ${statusLabel(record.status)}`, attrs: { 'data-testid': 'popover-kind' } }),
    ]);
    const who = el('p', { class: 'change-popover-who' }, [
      el('span', { class: 'change-popover-member', text: people.memberName(record.authorId), attrs: { 'data-testid': 'popover-member' } }),
      ' · ',
      el('time', { text: when(record.createdAt), attrs: { datetime: record.createdAt, 'data-testid': 'popover-time' } }),
    ]);
    const rationale = record.rationale.trim();
    const why =
      rationale === ''
        ? el('p', { class: 'change-popover-rationale is-missing', text: 'No rationale yet', attrs: { 'data-testid': 'popover-rationale' } })
        : el('blockquote', { class: 'change-popover-rationale', text: rationale, attrs: { 'data-testid': 'popover-rationale' } });
    const said = renderChangeText({ kind: record.kind, text: changeTextOf(state.doc, record), ...(record.movedFrom !== undefined ? { movedFrom: record.movedFrom } : {}) });
    return [head, who, said, why];
  }

  private place(anchor: DOMRect): void {
    const box = this.element;
    box.style.left = '0px';
    box.style.top = '0px';
    const width = box.offsetWidth;
    const height = box.offsetHeight;
    const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
    const below = anchor.bottom + 6;
    const top = below + height <= window.innerHeight - 8 ? below : Math.max(8, anchor.top - height - 6);
    box.style.left = `${Math.round(left)}px`;
    box.style.top = `${Math.round(top)}px`;
  }
}

const popoverKey = new PluginKey<null>('draftroom/change-popover');

/** The change popover as an editor plugin; `people` gives names and party codes. */
export function changePopoverPlugin(people: () => People): Plugin {
  let popover: ChangePopover | null = null;
  return new Plugin({
    key: popoverKey,
    view(view) {
      popover = new ChangePopover(view, people);
      return {
        update: () => popover?.update(),
        destroy: () => {
          popover?.destroy();
          popover = null;
        },
      };
    },
    props: {
      handleDOMEvents: {
        mouseover: (_view, event) => {
          popover?.hover(event.target instanceof Element ? event.target : null);
          return false;
        },
        mouseleave: () => {
          popover?.leave();
          return false;
        },
        blur: () => {
          popover?.hide();
          return false;
        },
      },
      handleKeyDown: (_view, event) => {
        if (!popover) return false;
        if (event.code === 'KeyI' && event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
          event.preventDefault();
          if (!popover.showAtCaret()) popover.hide();
          return true;
        }
        if (event.key === 'Escape' && popover.visible) {
          popover.hide();
          return true;
        }
        return false;
      },
    },
  });
}
