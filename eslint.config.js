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
/** The same for electron's subpath entry points (`electron/main`, `electron/renderer`, …). */
const electronSubpaths = { group: ['electron/*'], message: 'Only main/electron/ may import electron.' };

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
    },
  },
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
  // main/ (except main/electron) runs under plain Node; only main/store/ touches SQLite.
  layer(['main/**/*.ts'], {
    paths: [electronOnly, sqliteOnly],
    patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }, electronSubpaths],
  }, ['main/electron/**', 'main/store/**']),
  layer(['main/store/**/*.ts'], {
    paths: [electronOnly],
    patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }, electronSubpaths],
  }),
  layer(['main/electron/**/*.ts'], {
    paths: [sqliteOnly],
    patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports the renderer.' }],
  }),
  layer(['tests/**/*.ts', 'scripts/**/*', 'bin/**/*', '*.ts', '*.js'], {
    paths: [electronOnly],
    patterns: [electronSubpaths],
  }),
);
