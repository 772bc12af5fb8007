#!/usr/bin/env node
// Bundles the Electron main process and its preload with esbuild:
//   main/electron/main.ts    -> dist/electron/main.cjs
//   main/electron/preload.ts -> dist/electron/preload.cjs
// CommonJS for Node; `electron` and the native `better-sqlite3` stay external
// (electron-builder ships better-sqlite3 unpacked from the asar, rebuilt for Electron).
// `pdfkit` and `dejavu-fonts-ttf` stay external too: pdfkit reads its data files and the PDF
// redline its fonts from their packages' folders, which a bundle would lose. `import.meta.url`
// (how the code finds those packages) becomes the bundle's own file URL.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron', 'better-sqlite3', 'pdfkit', 'dejavu-fonts-ttf'],
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

try {
  await Promise.all([
    build({ ...common, entryPoints: [join(root, 'main/electron/main.ts')], outfile: join(outdir, 'main.cjs') }),
    build({ ...common, entryPoints: [join(root, 'main/electron/preload.ts')], outfile: join(outdir, 'preload.cjs') }),
  ]);
  console.log('Built dist/electron/main.cjs and dist/electron/preload.cjs');
} catch (error) {
  console.error(`build-electron: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}
