#!/usr/bin/env node
// Launches Draftroom in Electron on dist/electron/main.cjs (run `npm run build` first).
// Electron downloads its binary on first run; where that cannot happen (no internet),
// this says so in one line and points to the browser host instead of a stack trace.
// `--check` only checks that the binary is there (exit 0) or says so (exit 1), so that
// `npm start` can fail fast before building.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainBundle = join(root, 'dist', 'electron', 'main.cjs');

/** The Electron executable, or null if it is not installed. Never downloads. */
function electronBinary() {
  let packageDir;
  try {
    // Resolve the package without running its index.js (which would try to download the binary).
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (override) {
    const candidate = join(override, relative || 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = join(packageDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

const binary = electronBinary();
if (binary === null) {
  console.error(
    'Electron is not installed here (its binary is downloaded on first run, which needs the internet); run `npm run dev:web -- <file.draftroom>` to use Draftroom in a browser instead.',
  );
  process.exit(1);
}
const args = process.argv.slice(2);
if (args.includes('--check')) process.exit(0);
if (!existsSync(mainBundle)) {
  console.error('dist/electron/main.cjs is missing; run `npm run build` first (npm start does).');
  process.exit(1);
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [mainBundle, ...args], { stdio: 'inherit', env });
child.on('error', (error) => {
  console.error(`Could not start Electron (${error.message}); run \`npm run dev:web -- <file.draftroom>\` to use Draftroom in a browser instead.`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(signal ? 1 : (code ?? 0));
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
