import type { DocumentSummary } from '../../../shared/domain/types';
import { el } from '../base/dom';

/** What the tab strip asks for. */
export interface DocTabActions {
  select(docId: string): void;
  create(): void;
}

/** The strip of document tabs along the top, plus "New document". */
export class DocTabs {
  /** The strip element to mount. */
  readonly element: HTMLElement;
  private readonly tabs: HTMLElement;
  private readonly newButton: HTMLButtonElement;

  constructor(private readonly actions: DocTabActions) {
    this.tabs = el('div', { class: 'doc-tabs-list', attrs: { role: 'tablist', 'aria-label': 'Documents' } });
    this.newButton = el('button', {
      class: 'doc-tab-new',
      text: '+ New document',
      attrs: { type: 'button', 'data-testid': 'new-document' },
      on: { click: () => actions.create() },
    });
    this.element = el('nav', { class: 'doc-tabs' }, [this.tabs, this.newButton]);
  }

  /** Offers "New document" only to those who may create one (main refuses the others too). */
  setMayCreate(mayCreate: boolean): void {
    this.newButton.hidden = !mayCreate;
  }

  /** Shows the documents, marking the open one. */
  render(documents: readonly DocumentSummary[], activeId: string | null): void {
    this.tabs.replaceChildren(
      ...documents.map((doc) => {
        const active = doc.id === activeId;
        return el(
          'button',
          {
            class: `doc-tab${active ? ' is-active' : ''}`,
            title: `${doc.title} — ${doc.clauses} clauses, ${doc.versions} versions`,
            attrs: { type: 'button', role: 'tab', 'aria-selected': String(active), 'data-doc-id': doc.id },
            on: { click: () => this.actions.select(doc.id) },
          },
          [el('span', { class: 'doc-tab-title', text: doc.title })],
        );
      }),
    );
  }
}
