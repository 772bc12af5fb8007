import { Plugin } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { clauseAtPos, clauseAtSelection } from '../../../shared/editing/clause-position';

function historyButton(view: EditorView, getPos: () => number | undefined, open: (clauseId: string) => void): HTMLElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'clause-history-button';
  button.contentEditable = 'false';
  button.title = 'History of this clause: who changed it and why';
  button.setAttribute('aria-label', 'History of this clause');
  // The label is CSS content, so that the clause's text (innerText, copy) never includes it.
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', (event) => {
    event.preventDefault();
    const pos = getPos();
    const clause = pos === undefined ? null : clauseAtPos(view.state.doc, pos);
    if (clause && clause.id !== '') open(clause.id);
  });
  return button;
}

/**
 * A small "History" button in the right margin of the clause holding the
 * cursor; it opens that clause's history in the side panel.
 */
export function clauseHistoryWidgetPlugin(open: (clauseId: string) => void): Plugin {
  return new Plugin({
    props: {
      decorations(state) {
        const clause = clauseAtSelection(state);
        if (!clause) return DecorationSet.empty;
        const widget = Decoration.widget(clause.pos + 1, (view, getPos) => historyButton(view, getPos, open), {
          side: -1,
          key: 'clause-history',
          ignoreSelection: true,
          stopEvent: () => true,
        });
        return DecorationSet.create(state.doc, [widget]);
      },
    },
  });
}
