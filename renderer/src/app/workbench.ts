import { FindBox } from '../editor/find-box';
import { Toolbar } from '../editor/toolbar';
import { DocTabs, type DocTabActions } from '../ui/doc-tabs';
import { el, MOD_KEY } from '../base/dom';
import { Hint } from '../ui/hint';
import { ModeSwitch } from '../ui/mode-switch';
import type { EditMode } from '../suggest/edit-access';
import { Outline, type OutlineActions } from '../ui/outline';
import { PresenceList } from '../ui/presence-list';
import { StatusBar } from '../ui/status-bar';

/** What the workbench's own buttons ask the app to do. */
export interface WorkbenchActions extends DocTabActions, OutlineActions {
  openWorkspace(): void;
  /** Export the open document as a Word redline (title bar button). */
  exportRedline(): void;
  /** Compare two versions of the open document (title bar button). */
  compareVersions?(): void;
  /** The open document's named versions: hashes, initials, Verify and Initial (title bar button). */
  showVersions?(): void;
  /** Lay versions or documents side by side, aligned by point (title bar button). */
  columnsView?(): void;
  /** Import the other side's proposal (title bar button). */
  importProposal?(): void;
  chooseIdentity(): void;
  /** Show or hide the changes panel (toolbar button). */
  toggleChanges(): void;
  /** A lead switches between suggesting and direct editing. */
  setMode(mode: EditMode): void;
  /** The status bar's team item: sync status, set-aside edits, Join… and Share…. */
  openTeam?(): void;
}

/**
 * The window's layout: title bar, document tabs, toolbar, then the outline,
 * the page and a right-hand side panel, and the status bar.
 *
 * The side panel (`sidePanel`, `data-slot="side-panel"`) holds the changes,
 * comments and history views; `showSidePanel` shows or hides it and the grid
 * makes room for it. The toolbar ends with the editing mode, the changes
 * panel's button (with the number of open changes) and Find.
 */
export class Workbench {
  readonly root: HTMLElement;
  readonly tabs: DocTabs;
  readonly toolbar: Toolbar;
  readonly findBox: FindBox;
  readonly outline: Outline;
  readonly status: StatusBar;
  /** Who else is in the open document (title bar). */
  readonly presence: PresenceList;
  /** Scroll container of the document pages. */
  readonly pages: HTMLElement;
  /** Right-hand slot for the side panel (changes, comments, history). */
  readonly sidePanel: HTMLElement;
  /** Short messages above the status bar. */
  readonly hint: Hint;
  /** The toolbar's Suggesting / Editing control. */
  readonly modeSwitch: ModeSwitch;
  private readonly changesButton: HTMLButtonElement;
  private readonly changesCount: HTMLElement;
  private readonly workspaceName: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly body: HTMLElement;

  /**
   * `transport` decides whether the title bar offers "Open workspace…": in
   * Electron the File menu does that with a native dialog.
   */
  constructor(transport: 'electron' | 'websocket', actions: WorkbenchActions) {
    this.tabs = new DocTabs(actions);
    this.findBox = new FindBox();
    const findButton = el('button', {
      class: 'tool',
      text: 'Find',
      title: `Find in document (${MOD_KEY}+F)`,
      attrs: { type: 'button', 'data-tool': 'find' },
      on: { click: () => this.findBox.open() },
    });
    this.modeSwitch = new ModeSwitch((mode) => actions.setMode(mode));
    this.changesCount = el('span', { class: 'tool-badge', attrs: { 'data-testid': 'open-changes-count' } });
    this.changesCount.hidden = true;
    this.changesButton = el(
      'button',
      {
        class: 'tool tool-changes',
        title: `Changes panel (${MOD_KEY}+Alt+C)`,
        attrs: { type: 'button', 'data-tool': 'changes', 'aria-pressed': 'false', 'data-testid': 'toggle-side-panel' },
        on: { click: () => actions.toggleChanges() },
      },
      ['Changes', this.changesCount],
    );
    this.changesButton.addEventListener('mousedown', (event) => event.preventDefault());
    this.toolbar = new Toolbar([this.modeSwitch.element, this.changesButton, findButton]);
    this.hint = new Hint();
    this.outline = new Outline(actions);
    this.status = new StatusBar(() => actions.chooseIdentity(), () => actions.openTeam?.());
    this.workspaceName = el('span', { class: 'titlebar-workspace' });
    this.presence = new PresenceList((clauseId) => actions.jump(clauseId));
    this.banner = el('div', { class: 'banner', attrs: { role: 'alert' } });
    this.banner.hidden = true;
    this.pages = el('div', { class: 'pages' }, [this.findBox.element]);
    this.sidePanel = el('aside', { class: 'side-panel', attrs: { 'data-slot': 'side-panel', 'aria-label': 'Side panel' } });
    this.sidePanel.hidden = true;
    this.body = el('main', { class: 'workbench' }, [this.outline.element, this.pages, this.sidePanel]);

    const titlebar = el('header', { class: 'titlebar' }, [
      el('span', { class: 'brand', text: 'Draftroom' }),
      el('span', { class: 'titlebar-sep', attrs: { 'aria-hidden': 'true' } }),
      this.workspaceName,
      el('span', { class: 'titlebar-spacer' }),
      this.presence.element,
      el('button', {
        class: 'titlebar-action',
        text: 'Import…',
        title: 'Import a proposal (.docx, .md, .txt) as a new document, or into the open one as suggestions',
        attrs: { type: 'button', 'data-testid': 'import' },
        on: { click: () => actions.importProposal?.() },
      }),
      el('button', {
        class: 'titlebar-action',
        text: 'Versions…',
        title: 'The open document’s named versions: who initialled them, whether they verify; initial one',
        attrs: { type: 'button', 'data-testid': 'versions' },
        on: { click: () => actions.showVersions?.() },
      }),
      el('button', {
        class: 'titlebar-action',
        text: 'Compare…',
        title: 'Compare two versions of the open document, inline or side by side',
        attrs: { type: 'button', 'data-testid': 'compare' },
        on: { click: () => actions.compareVersions?.() },
      }),
      el('button', {
        class: 'titlebar-action',
        text: 'Columns…',
        title: 'Lay versions or documents side by side, aligned by point, differences from the first marked (the four-column text)',
        attrs: { type: 'button', 'data-testid': 'columns' },
        on: { click: () => actions.columnsView?.() },
      }),
      el('button', {
        class: 'titlebar-action',
        text: 'Export…',
        title: `Export the open document as a redline: Word, PDF, HTML or Markdown (${MOD_KEY}+E)`,
        attrs: { type: 'button', 'data-testid': 'export' },
        on: { click: () => actions.exportRedline() },
      }),
    ]);
    if (transport === 'websocket') {
      titlebar.append(
        el('button', {
          class: 'titlebar-action',
          text: 'Open workspace…',
          title: `Open another workspace file (${MOD_KEY}+O)`,
          attrs: { type: 'button', 'data-testid': 'open-workspace' },
          on: { click: () => actions.openWorkspace() },
        }),
      );
    }
    this.root = el('div', { class: 'shell' }, [
      titlebar,
      this.tabs.element,
      this.toolbar.element,
      this.banner,
      this.body,
      this.status.element,
      this.hint.element,
    ]);
  }

  /** Shows the workspace's name (and its file in the tooltip). */
  setWorkspace(name: string, path: string): void {
    this.workspaceName.textContent = name;
    this.workspaceName.title = path;
    document.title = `${name} — Draftroom`;
  }

  /** Shows a message across the top of the workbench (null hides it). */
  showBanner(message: string | null, tone: 'error' | 'info' = 'error'): void {
    this.banner.hidden = message === null;
    this.banner.textContent = message ?? '';
    this.banner.dataset['tone'] = tone;
  }

  /** Shows or hides the outline sidebar. */
  toggleOutline(): void {
    this.outline.element.hidden = !this.outline.element.hidden;
    this.body.classList.toggle('outline-hidden', this.outline.element.hidden);
  }

  /** Shows or hides the side panel. */
  showSidePanel(visible: boolean): void {
    this.sidePanel.hidden = !visible;
    this.body.classList.toggle('has-side-panel', visible);
    this.changesButton.setAttribute('aria-pressed', String(visible));
  }

  /** True while the side panel is shown. */
  get sidePanelVisible(): boolean {
    return !this.sidePanel.hidden;
  }

  /** Shows the number of open changes on the toolbar's Changes button. */
  setOpenChanges(count: number): void {
    this.changesCount.textContent = count > 0 ? String(count) : '';
    this.changesCount.hidden = count === 0;
  }
}
