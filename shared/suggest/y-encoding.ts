import type { MarkType, Node as PMNode, Schema } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import { placeTextEditsByMarks } from './text-placement';

/**
 * How suggestion marks are stored in the Y.Doc.
 *
 * y-prosemirror stores a text mark as a Y.Text formatting attribute named
 * after the mark type (`deletion`). Two replicas marking adjacent text with
 * marks of the same type at the same time (Ukraine deletes "600,000" while
 * Russia deletes " men" right after it) then conflict: one replica's
 * end-of-format marker (`deletion: null`) and the other's start marker land
 * on the same spot, and depending on client ids one change loses its mark.
 * y-prosemirror has a second encoding for marks that may overlap
 * (`deletion--<hash of the mark>`), one attribute per change id; with it the
 * two changes never share an attribute and both survive. Reading either
 * encoding gives the same ProseMirror marks, so the switch is compatible with
 * content written the plain way (seedContent), which is re-encoded the next
 * time its text is edited.
 */

/** The y-prosemirror "is overlapping mark" table that gives every change id its own attribute. */
export function changeScopedMarkTable(schema: Schema): Map<MarkType, boolean> {
  const table = new Map<MarkType, boolean>();
  for (const name of ['insertion', 'deletion', 'modification']) {
    const type = schema.marks[name];
    if (type) table.set(type, true);
  }
  return table;
}

/** Binding metadata for headless `updateYFragment` calls that writes suggestion marks per change id. */
export function suggestionBindingMeta(schema: Schema): { mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>; isOMark: Map<MarkType, boolean> } {
  return { mapping: new Map(), isOMark: changeScopedMarkTable(schema) };
}

/**
 * Configures the ySyncPlugin binding of an editor state so that suggestion
 * marks are written per change id. Returns false if the state has no
 * ySyncPlugin. Call it before the first local edit (the plugin below does).
 */
export function useChangeScopedMarkKeys(state: EditorState): boolean {
  const sync = ySyncPluginKey.getState(state) as { binding?: { isOMark?: Map<MarkType, boolean> } } | undefined;
  const table = sync?.binding?.isOMark;
  if (!table) return false;
  for (const [type, overlapping] of changeScopedMarkTable(state.schema)) table.set(type, overlapping);
  return true;
}

/** Key of the encoding plugin. */
export const suggestionEncodingKey = new PluginKey('draftroom/suggestion-encoding');

/**
 * Editor plugin that applies `useChangeScopedMarkKeys` and
 * `placeTextEditsByMarks` when the view is created (place it with ySyncPlugin).
 */
export function suggestionEncodingPlugin(): Plugin {
  return new Plugin({
    key: suggestionEncodingKey,
    view(view) {
      useChangeScopedMarkKeys(view.state);
      placeTextEditsByMarks(view.state);
      return {};
    },
  });
}
