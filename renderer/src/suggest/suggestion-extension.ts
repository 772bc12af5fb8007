import type { EditorView } from 'prosemirror-view';
import type { Identity, WorkspaceInfo } from '../../../shared/domain/types';
import { withSuggestionTracking, type DispatchFunction } from '../../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { readChanges } from '../../../shared/ydoc/layout';
import type { ReadonlySignal } from '../base/signal';
import type { EditorExtension } from '../editor/extensions';
import { EDIT_RECORDS_ORIGIN } from '../editor/undo-history';
import { accessPlugin } from './access-plugin';
import { changeDecorationsPlugins } from './change-decorations';
import { changePopoverPlugin } from './change-popover';
import { clauseHistoryWidgetPlugin } from './clause-history-widget';
import { editorAccess, type EditMode } from './edit-access';
import { peopleOf } from '../../../shared/domain/people';
import { recordsFeedPlugin } from './records-feed';

/** What suggestion mode needs from the app. */
export interface SuggestionExtensionOptions {
  /** The lead's choice in the toolbar (ignored for everyone else). */
  readonly mode: ReadonlySignal<EditMode>;
  /** The open workspace (names and party codes for the marks' popovers). */
  readonly workspace: ReadonlySignal<WorkspaceInfo | null>;
  /** Shows a short hint when an edit is refused (observer, another member's proposal, …) or the text is read-only. */
  readonly onRefused: (message: string) => void;
  /** Opens a clause's history (the margin button of the current clause); omitted: no button. */
  readonly onClauseHistory?: (clauseId: string) => void;
}

/**
 * Suggestion mode as an editor extension: the suggestion engine's plugins
 * (records fed from the Y.Doc), party-coloured change decorations and
 * their popover (hover, or Alt+I at the caret), the
 * editor's access (read-only for observers), and the dispatch decorator
 * that turns local edits into tracked changes of the member's party and
 * writes their change records — except for a lead who switched to direct
 * editing.
 */
export function suggestionExtension(options: SuggestionExtensionOptions): EditorExtension {
  return {
    name: 'suggestions',
    plugins: (context) => [
      ...suggestionPlugins(readChanges(context.ydoc)),
      recordsFeedPlugin(context.ydoc),
      ...changeDecorationsPlugins(),
      changePopoverPlugin(() => peopleOf(options.workspace.get())),
      accessPlugin(context.identity, options.mode, options.workspace, options.onRefused),
      ...(options.onClauseHistory ? [clauseHistoryWidgetPlugin(options.onClauseHistory)] : []),
    ],
    wrapDispatch: (inner, context) =>
      withSuggestionTracking(
        {
          identity: (): Identity | null => context.identity.get(),
          ydoc: context.ydoc,
          enabled: () => editorAccess(context.identity.get(), options.mode.get()) !== 'editing',
          onRefused: (refusal) => options.onRefused(refusal.message),
          // The undo history takes an edit's records back with its text.
          undoableOrigin: EDIT_RECORDS_ORIGIN,
        },
        inner as unknown as DispatchFunction,
      ) as unknown as EditorView['dispatch'],
  };
}
