import { Plugin, PluginKey } from 'prosemirror-state';
import type { Identity, WorkspaceInfo } from '../../../shared/domain/types';
import type { ReadonlySignal } from '../base/signal';
import { changeDecorationsKey } from './change-decorations';
import { editorAccess, readOnlyReason, type EditMode } from './edit-access';

/** Meta of the transaction that tells the editor its access or the workspace's people changed. */
export const accessRefreshKey = new PluginKey('draftroom/access');

/**
 * Makes the editor follow who is at the keyboard: read-only for an observer
 * (or before anyone is chosen; a click in the text then says why, once, and
 * Space says it instead of scrolling the page),
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
  /** Says once per identity (or `again`) why the text cannot be changed. */
  const tell = (again = false): void => {
    const who = identity.get();
    if (access() !== 'read-only' || (told === who && !again)) return;
    told = who;
    onReadOnly(readOnlyReason(who));
  };
  return new Plugin({
    key: accessRefreshKey,
    props: {
      editable: () => access() !== 'read-only',
      // Read-only, the text still takes the keyboard (to select, copy, find), so keys do not fall through to the page.
      attributes: () => ({ 'data-edit-mode': access(), ...(access() === 'read-only' ? { tabindex: '0' } : {}) }),
      handleDOMEvents: {
        mousedown: () => {
          tell();
          return false;
        },
        keydown: (_view, event) => {
          // Space would scroll the page under a reader who meant to type: say why nothing is typed instead.
          if (access() !== 'read-only' || event.key !== ' ' || event.ctrlKey || event.metaKey || event.altKey) return false;
          event.preventDefault();
          tell(true);
          return true;
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
