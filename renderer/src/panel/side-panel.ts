import type { PanelView } from './panel-context';
import { el } from '../base/dom';
import { WhenShown } from './when-shown';

interface Tab {
  readonly id: string;
  readonly button: HTMLButtonElement;
  readonly badge: HTMLElement;
  readonly body: HTMLElement;
  readonly view: PanelView;
}

/**
 * The right-hand side panel's content: a row of tabs (Changes, Comments,
 * History) over the selected view, and a close button. Views are added by
 * the app; a tab may stay hidden until it is first needed.
 */
export class SidePanel {
  /** The panel's content element (mount it in the workbench's side-panel slot). */
  readonly element: HTMLElement;
  private readonly tabList: HTMLElement;
  private readonly bodies: HTMLElement;
  private readonly tabs = new Map<string, Tab>();
  private selectedId: string | null = null;

  /** `onClose` is called by the close button. */
  constructor(onClose: () => void) {
    this.tabList = el('div', { class: 'side-tabs', attrs: { role: 'tablist', 'aria-label': 'Side panel' } });
    this.bodies = el('div', { class: 'side-bodies' });
    this.element = el('div', { class: 'side-panel-inner' }, [
      el('div', { class: 'side-panel-head' }, [
        this.tabList,
        el('button', {
          class: 'icon-button side-panel-close',
          text: '✕',
          title: 'Hide the panel (Ctrl+Alt+C)',
          attrs: { type: 'button', 'aria-label': 'Hide the panel' },
          on: { click: onClose },
        }),
      ]),
      this.bodies,
    ]);
  }

  /** Adds a view under a tab; `hidden` tabs appear once selected. */
  addTab(id: string, label: string, view: PanelView, options: { hidden?: boolean } = {}): void {
    const badge = el('span', { class: 'side-tab-badge' });
    badge.hidden = true;
    const button = el(
      'button',
      {
        class: 'side-tab',
        attrs: { type: 'button', role: 'tab', 'aria-selected': 'false', 'data-tab': id, id: `side-tab-${id}`, 'aria-controls': `side-body-${id}` },
        on: { click: () => this.select(id) },
      },
      [el('span', { class: 'side-tab-label', text: label }), badge],
    );
    button.hidden = options.hidden === true;
    const body = el('div', { class: 'side-body', attrs: { role: 'tabpanel', id: `side-body-${id}`, 'aria-labelledby': `side-tab-${id}`, 'data-tab': id } }, [view.element]);
    body.hidden = true;
    this.tabs.set(id, { id, button, badge, body, view });
    this.tabList.append(button);
    this.bodies.append(body);
    if (this.selectedId === null) this.select(id);
  }

  /** True if a tab with this id was added. */
  has(id: string): boolean {
    return this.tabs.has(id);
  }

  /** The selected tab's id. */
  get selected(): string | null {
    return this.selectedId;
  }

  /** Shows a tab's view (revealing a hidden tab). */
  select(id: string): void {
    const tab = this.tabs.get(id);
    if (!tab) return;
    tab.button.hidden = false;
    this.selectedId = id;
    for (const other of this.tabs.values()) {
      const on = other === tab;
      other.button.setAttribute('aria-selected', String(on));
      other.button.classList.toggle('is-selected', on);
      other.body.hidden = !on;
    }
    // A view skipped while its tab was hidden draws now, not a frame later.
    WhenShown.renderRevealed();
  }

  /** Sets the small count next to a tab's label ('' hides it). */
  setBadge(id: string, text: string): void {
    const tab = this.tabs.get(id);
    if (!tab) return;
    tab.badge.textContent = text;
    tab.badge.hidden = text === '';
  }

  /** Destroys every view. */
  destroy(): void {
    for (const tab of this.tabs.values()) tab.view.destroy();
    this.tabs.clear();
    this.element.remove();
  }
}
