// @ts-check
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Layer rules: which folder may import what. */
const layer = (files, { paths = [], patterns = [] }, ignores = []) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': ['error', { paths, patterns }],
  },
});

const electronOnly = { name: 'electron', message: 'Only main/electron/ may import electron.' };
/** SQLite is the store's business: every other folder goes through main/store/'s API. */
const sqliteOnly = { name: 'better-sqlite3', message: 'Only main/store/ may import better-sqlite3.' };
/** PostgreSQL likewise: the server reaches it through main/store/'s `ServerStore`. */
const pgOnly = { name: 'pg', message: 'Only main/store/ may import pg.' };
/** The same for electron's subpath entry points (`electron/main`, `electron/renderer`, …). */
const electronSubpaths = { group: ['electron/*'], message: 'Only main/electron/ may import electron.' };

/**
 * The renderer's folders, lowest first, each with the renderer folders it may import (besides itself,
 * `styles/` and `shared/`). A folder never imports one above it, so the picture stays a stack:
 * base (signal, DOM helpers) → api → sync, presence → editor → suggest → ui (widgets and chrome) →
 * panel (what a side-panel view gets) → threads (comment threads, shown by Comments and History) →
 * the features (changes, comments, history, export, team: never each other) → app (wires it all).
 * `renderer/src/main.ts` is the entry point and may import anything.
 */
const FEATURE_DEPS = ['base', 'api', 'sync', 'presence', 'editor', 'suggest', 'ui', 'panel', 'threads'];
const RENDERER_LAYERS = {
  base: [],
  api: ['base'],
  sync: ['base', 'api'],
  presence: ['base', 'api'],
  editor: ['base'],
  suggest: ['base', 'editor'],
  ui: ['base', 'api', 'sync', 'presence', 'editor', 'suggest'],
  panel: ['base', 'ui'],
  threads: ['base', 'ui', 'panel'],
  changes: FEATURE_DEPS,
  comments: FEATURE_DEPS,
  history: FEATURE_DEPS,
  export: FEATURE_DEPS,
  team: FEATURE_DEPS,
  negotiation: FEATURE_DEPS,
  app: [...FEATURE_DEPS, 'changes', 'comments', 'history', 'export', 'team', 'negotiation'],
};

/** `import-x/no-restricted-paths` zones that refuse every import against the stack above. */
const rendererZones = Object.entries(RENDERER_LAYERS).map(([folder, allowed]) => ({
  target: `./renderer/src/${folder}`,
  from: './renderer/src',
  except: [folder, 'styles', ...allowed].map((name) => `./${name}`),
  message: `renderer/src/${folder}/ may import only ${allowed.length ? allowed.join(', ') : 'nothing else in renderer/src'} (the layering in eslint.config.js).`,
})).concat({
  // A new folder has no place in the stack until it is given one.
  target: `./renderer/src/!(${[...Object.keys(RENDERER_LAYERS), 'styles'].join('|')})/**`,
  from: './renderer/src',
  except: [],
  message: 'This renderer folder has no place in RENDERER_LAYERS (eslint.config.js): add it there.',
});

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', '.tsbuild/**', 'test-results/**', 'tmp/**', 'release/**'],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // One error-to-text helper: errorText() in shared/api/errors.ts.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ConditionalExpression[test.operator='instanceof'][test.right.name='Error'][consequent.property.name='message']",
          message: 'Use errorText(error) from shared/api/errors.ts.',
        },
      ],
    },
  },
  { files: ['shared/api/errors.ts'], rules: { 'no-restricted-syntax': 'off' } },
  // shared/ is pure: no electron, node, DOM, or other layer.
  layer(['shared/**/*.ts'], {
    paths: [
      electronOnly,
      ...nodeBuiltins.map((name) => ({ name, message: 'shared/ is pure: no node imports.' })),
      { name: 'better-sqlite3', message: 'shared/ is pure: storage lives in main/store.' },
      { name: 'ws', message: 'shared/ is pure: transports live in main/ and renderer/.' },
      { name: 'prosemirror-view', message: 'shared/ is pure: the DOM view lives in renderer/.' },
    ],
    patterns: [
      { group: ['**/main/**', '**/renderer/**'], message: 'shared/ imports no other layer.' },
      electronSubpaths,
    ],
  }),
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  // renderer/ talks to main only through the API contract.
  layer(['renderer/**/*.ts'], {
    paths: [
      electronOnly,
      ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in a sandbox: no node imports.' })),
      { name: 'better-sqlite3', message: 'renderer/ never touches storage.' },
    ],
    patterns: [{ group: ['**/main/**'], message: 'renderer/ talks to main only through shared/api.' }, electronSubpaths],
  }, ['renderer/vite.config.ts']),
  // Inside the renderer: each folder imports only the folders below it.
  {
    files: ['renderer/src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: rendererZones }],
    },
  },
  // main/ (except main/electron) runs under plain Node; only main/store/ touches SQLite.
  layer(['main/**/*.ts'], {
    paths: [electronOnly, sqliteOnly, pgOnly],
    patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }, electronSubpaths],
  }, ['main/electron/**', 'main/store/**']),
  layer(['main/store/**/*.ts'], {
    paths: [electronOnly],
    patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }, electronSubpaths],
  }),
  layer(['main/electron/**/*.ts'], {
    paths: [sqliteOnly, pgOnly],
    patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }],
  }),
  layer(['tests/**/*.ts', 'scripts/**/*', 'bin/**/*', '*.ts', '*.js'], {
    paths: [electronOnly],
    patterns: [electronSubpaths],
  }),
);
