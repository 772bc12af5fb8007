import { Plugin } from 'prosemirror-state';
import type { DecorationAttrs } from 'prosemirror-view';
import { yCursorPlugin } from 'y-prosemirror';
import { clauseAtSelection } from '../../../shared/editing/clause-position';
import { readPresenceState, readPresenceUser, type PresenceUser } from '../../../shared/presence/presence-state';
import type { EditorPresence } from './extensions';

/**
 * The editor's side of presence: y-prosemirror's `yCursorPlugin` over the
 * document's awareness, drawing other people's carets and selections in
 * their party's colour with their name on the caret, and a plugin that keeps
 * `clauseId` of this window's presence on the clause holding the selection.
 */
export function presencePlugins(presence: EditorPresence): Plugin[] {
  return [
    yCursorPlugin(presence.awareness, {
      // Only people main (or the team server) vouched for: states with a well-formed user.
      awarenessStateFilter: (ownClient: number, client: number, state: unknown) =>
        ownClient !== client && readPresenceState(state)?.user != null,
      cursorBuilder: (user: unknown) => caret(readPresenceUser(user)),
      selectionBuilder: (user: unknown) => selectionAttrs(readPresenceUser(user)),
    }) as Plugin,
    clauseReporter(presence),
  ];
}

/**
 * A remote caret: a thin bar in the party's colour with the member's name on
 * a flag above it. The caret holds no text (the flag is CSS generated from
 * `data-name`), so it never changes what the clause's text reads as.
 */
function caret(user: PresenceUser | null): HTMLElement {
  const bar = document.createElement('span');
  bar.className = 'presence-caret';
  if (user !== null) {
    bar.dataset['presenceParty'] = user.partyId;
    bar.dataset['memberId'] = user.memberId;
    bar.dataset['name'] = user.name;
    bar.style.setProperty('--presence-colour', user.colour);
    bar.title = `${user.name} (${user.partyCode || user.partyId})`;
  }
  return bar;
}

/**
 * A remote selection: a wash of the party's colour. ProseMirror merges it
 * into the span of any change mark it overlaps, so it uses attributes of its
 * own (`data-presence-party`, `--presence-colour`), never the change's
 * `data-party` / `--party-colour`, which would recolour that change.
 */
function selectionAttrs(user: PresenceUser | null): DecorationAttrs {
  if (user === null) return { class: 'presence-selection' };
  return { class: 'presence-selection', 'data-presence-party': user.partyId, style: `--presence-colour: ${user.colour}` };
}

/**
 * Keeps this window's `clauseId` on the clause holding the selection (after
 * the update that moved it, not inside it: a presence change redraws cursors
 * with a transaction of its own).
 */
function clauseReporter(presence: EditorPresence): Plugin {
  return new Plugin({
    view(view) {
      let queued = false;
      let live = true;
      const report = (): void => {
        if (queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (live) presence.setClause(clauseAtSelection(view.state)?.id || null);
        });
      };
      report();
      return {
        update: report,
        destroy: () => {
          live = false;
        },
      };
    },
  });
}
