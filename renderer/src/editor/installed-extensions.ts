import type { EditorExtension } from './extensions';

/**
 * The editor extensions this build installs, outermost dispatch wrapper
 * last. Issue 4 registers suggestion mode here (from `shared/suggest/`
 * plus its renderer glue); the changes panel mounts into the workbench's
 * `side-panel` slot (see `app/workbench.ts`).
 */
export const INSTALLED_EXTENSIONS: readonly EditorExtension[] = [];
