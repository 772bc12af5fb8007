#!/usr/bin/env node
// Launches Draftroom in Electron on dist/electron/main.cjs (run `npm run build` first).
// electron@45 installs without its binary; the first `npm start` downloads it with the
// package's own install.js. Where that cannot happen (no internet), this says so in one
// line and points to the browser host instead of a stack trace.
// `--check` only makes sure the binary is there (downloading it if need be; exit 0) or says
// why not (exit 1), so that `npm start` can fail fast before building.
import { spawnSync, spawn } from 'node:child_process';
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

/** Runs electron's own install.js (downloads the binary); returns the first line of its error, or null. */
function downloadElectron() {
  let installer;
  try {
    installer = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js');
  } catch {
    return 'the electron package is not installed (run `npm ci`)';
  }
  console.error('Downloading the Electron binary (first run)…');
  const run = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 10 * 60 * 1000 });
  if (run.status === 0) return null;
  const firstLine = `${run.stderr ?? ''}`.split('\n').find((line) => line.trim() !== '');
  return firstLine?.trim() ?? (run.error ? run.error.message : `install.js exited with ${run.status}`);
}

let binary = electronBinary();
if (binary === null) {
  const failure = downloadElectron();
  binary = failure === null ? electronBinary() : null;
  if (binary === null) {
    // `npm start` (scripts/start.mjs) falls back to the browser build by itself.
    const instead = process.env.DRAFTROOM_WEB_FALLBACK === '1' ? '' : '; run `npm run dev:web -- <file.draftroom>` to use Draftroom in a browser instead';
    console.error(
      `Electron could not be installed here (${failure ?? 'no binary after download'}; its binary is downloaded on first run, which needs the internet)${instead}.`,
    );
    process.exit(1);
  }
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
