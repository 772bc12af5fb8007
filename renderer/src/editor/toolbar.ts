import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { insertClauseAfter, moveClause, removeClause } from '../../../shared/editing/clause-commands';
import { addClauseHeading } from '../../../shared/editing/heading-commands';
import { el, MOD_KEY } from '../base/dom';
import { listTypeAt, markActive, redoCommand, toggleBold, toggleItalic, toggleList, undoCommand } from './commands';

interface ToolSpec {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly command: Command;
  readonly active?: (state: EditorState) => boolean;
  readonly className?: string;
}

const GROUPS: readonly (readonly ToolSpec[])[] = [
  [
    { id: 'bold', label: 'B', title: `Bold (${MOD_KEY}+B)`, command: toggleBold, active: (s) => markActive(s, 'strong'), className: 'tool-bold' },
    { id: 'italic', label: 'I', title: `Italic (${MOD_KEY}+I)`, command: toggleItalic, active: (s) => markActive(s, 'em'), className: 'tool-italic' },
  ],
  [
    { id: 'heading', label: 'Heading', title: `Clause heading (${MOD_KEY}+Alt+H)`, command: addClauseHeading },
    { id: 'bullets', label: '• List', title: `Bulleted list (${MOD_KEY}+Shift+8)`, command: toggleList('bullet_list'), active: (s) => listTypeAt(s) === 'bullet_list' },
    { id: 'numbers', label: '1. List', title: `Numbered list (${MOD_KEY}+Shift+7)`, command: toggleList('ordered_list'), active: (s) => listTypeAt(s) === 'ordered_list' },
  ],
  [
    { id: 'new-clause', label: '+ Clause', title: `New clause after this one (${MOD_KEY}+Enter)`, command: insertClauseAfter },
    { id: 'move-up', label: '↑', title: 'Move clause up (Alt+↑)', command: moveClause('up') },
    { id: 'move-down', label: '↓', title: 'Move clause down (Alt+↓)', command: moveClause('down') },
    { id: 'remove-clause', label: 'Remove', title: `Remove clause (${MOD_KEY}+Shift+Backspace)`, command: removeClause },
  ],
  [
    { id: 'undo', label: '↶', title: `Undo your last edit (${MOD_KEY}+Z)`, command: undoCommand },
    { id: 'redo', label: '↷', title: `Redo (${MOD_KEY}+Shift+Z)`, command: redoCommand },
  ],
];

/**
 * The formatting and clause toolbar. Buttons run editor commands; their
 * enabled and pressed states follow the editor (refreshed at most once per
 * frame).
 */
export class Toolbar {
  /** The toolbar element to mount. */
  readonly element: HTMLElement;
  private readonly buttons = new Map<string, { spec: ToolSpec; button: HTMLButtonElement }>();
  private view: EditorView | null = null;
  private pending = 0;
  private readOnlyReason: string | null = null;

  constructor(extra: readonly HTMLElement[] = []) {
    this.element = el('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Formatting and clauses' } });
    for (const group of GROUPS) {
      const box = el('div', { class: 'toolbar-group' });
      for (const spec of group) {
        const button = el('button', {
          class: `tool ${spec.className ?? ''}`.trim(),
          text: spec.label,
          title: spec.title,
          attrs: { type: 'button', 'data-tool': spec.id, 'aria-label': spec.title },
        });
        // Keep the editor's selection: act on mousedown without taking focus.
        button.addEventListener('mousedown', (event) => event.preventDefault());
        button.addEventListener('click', () => this.run(spec));
        this.buttons.set(spec.id, { spec, button });
        box.append(button);
      }
      this.element.append(box);
    }
    if (extra.length > 0) this.element.append(el('div', { class: 'toolbar-group toolbar-end' }, [...extra]));
    this.attach(null);
  }

  /** Binds the toolbar to an editor (null: no document open). */
  attach(view: EditorView | null): void {
    this.view = view;
    this.refresh();
  }

  /**
   * Read-only (an observer, or nobody chosen yet): every editing button is
   * disabled and says `reason` on hover. Null: the buttons follow the editor.
   */
  setReadOnly(reason: string | null): void {
    this.readOnlyReason = reason;
    this.refresh();
  }

  /** Schedules a refresh of the buttons' states. */
  scheduleRefresh(): void {
    if (this.pending !== 0) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.refresh();
    });
  }

  private run(spec: ToolSpec): void {
    const view = this.view;
    if (!view || this.readOnlyReason !== null) return;
    spec.command(view.state, view.dispatch, view);
    view.focus();
    this.refresh();
  }

  private refresh(): void {
    const state = this.view?.state;
    const reason = this.readOnlyReason;
    for (const { spec, button } of this.buttons.values()) {
      button.disabled = !state || reason !== null || !spec.command(state);
      button.title = reason === null ? spec.title : `${spec.title} — ${reason}`;
      if (spec.active) button.setAttribute('aria-pressed', String(state ? spec.active(state) : false));
    }
  }
}
