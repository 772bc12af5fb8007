import { Plugin, PluginKey } from 'prosemirror-state';
import type { Identity, WorkspaceInfo } from '../../../shared/domain/types';
import type { ReadonlySignal } from '../base/signal';
import { changeDecorationsKey } from './change-decorations';
import { editorAccess, type EditMode } from './edit-access';

/** Meta of the transaction that tells the editor its access or the workspace's people changed. */
export const accessRefreshKey = new PluginKey('draftroom/access');

/**
 * Makes the editor follow who is at the keyboard: read-only for an observer
 * (or before anyone is chosen; a click in the text then says why, once),
 * `data-edit-mode` on the editor element ("suggesting", "editing",
 * "read-only") for styling, and a refresh of the change decorations when the
 * workspace's members change.
 */
export function accessPlugin(
  identity: ReadonlySignal<Identity | null>,
  mode: ReadonlySignal<EditMode>,
  workspace: ReadonlySignal<WorkspaceInfo | null>,
  onReadOnly: (message: string) => void,
): Plugin {
  const access = (): string => editorAccess(identity.get(), mode.get());
  let told: Identity | null | undefined;
  return new Plugin({
    key: accessRefreshKey,
    props: {
      editable: () => access() !== 'read-only',
      attributes: () => ({ 'data-edit-mode': access() }),
      handleDOMEvents: {
        mousedown: () => {
          const who = identity.get();
          if (access() !== 'read-only' || told === who) return false;
          told = who;
          onReadOnly(who ? 'Observers can read the draft and its changes, and comment on them, but not edit.' : 'Choose who you are (in the status bar) to edit.');
          return false;
        },
      },
    },
    view(view) {
      const refresh = (): void => {
        // No 'addToHistory: false': it changes no content, and y-prosemirror would end the typing burst on it.
        view.dispatch(view.state.tr.setMeta(accessRefreshKey, true).setMeta(changeDecorationsKey, 'refresh'));
      };
      const stops = [identity.subscribe(refresh), mode.subscribe(refresh), workspace.subscribe(refresh)];
      return {
        destroy() {
          for (const stop of stops) stop();
        },
      };
    },
  });
}
