import { suggestionExtension, type SuggestionExtensionOptions } from '../suggest/suggestion-extension';
import type { EditorExtension } from '../editor/extensions';
import { bracketExtension } from '../negotiation/bracket-decorations';

/**
 * The editor extensions this build installs, outermost dispatch wrapper
 * last: suggestion mode (tracked changes of the member's party, change
 * records, party colours) and brackets ("[Alt 1 — UA: … / Alt 2 — RU: …]"). The changes panel mounts into the workbench's
 * `side-panel` slot (see `app/workbench.ts`).
 */
export function installedExtensions(suggestions: SuggestionExtensionOptions): readonly EditorExtension[] {
  return [suggestionExtension(suggestions), bracketExtension(suggestions.workspace)];
}
