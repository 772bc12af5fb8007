#!/usr/bin/env node
// `npm start [-- <file.draftroom>] [-- --web]` on any machine, fresh or not: installs the packages
// (`npm ci` when node_modules is missing or incomplete), then runs Draftroom:
//   - the desktop app (Electron; the first run downloads its binary) where it can start: the binary is
//     there or can be downloaded, and on Linux there is a display;
//   - otherwise, or with --web, the browser build: the renderer is built and served with the web host on
//     http://127.0.0.1:5317/ (open it in a browser), on the file given or the sample negotiation in
//     tmp/sample.draftroom (created on first use).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureNodeModules, NPM, ROOT, run, say } from './setup-common.mjs';

const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
/** The workspace file, if one was given (the first argument that is not an option or an option's value). */
const file = args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '--port');
/** Options for the web host (`--port N`). */
const hostOptions = args.filter((arg, i) => arg === '--port' || args[i - 1] === '--port');

/** Why the desktop app cannot start here, or null when it can. */
function whyNoElectron() {
  if (forceWeb) return 'you asked for the browser build (--web)';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  // Makes sure the binary is there, downloading it on first run; prints why not in one line.
  const check = spawnSync(process.execPath, [join(ROOT, 'scripts', 'start-electron.mjs'), '--check'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, DRAFTROOM_WEB_FALLBACK: '1' },
  });
  return check.status === 0 ? null : 'the Electron binary is not available (see above)';
}

function startDesktop() {
  if (run(NPM, ['run', 'build']) !== 0) process.exit(1);
  process.exit(run(process.execPath, [join(ROOT, 'scripts', 'start-electron.mjs'), ...(file === undefined ? [] : [resolve(file)])]));
}

function startBrowserBuild(reason) {
  let workspace = file === undefined ? undefined : resolve(file);
  if (workspace === undefined) {
    mkdirSync(join(ROOT, 'tmp'), { recursive: true });
    workspace = join(ROOT, 'tmp', 'sample.draftroom');
  }
  say(`starting the browser build, since ${reason}: open the address it prints in a browser (Ctrl+C stops it).`);
  say(`workspace: ${workspace}`);
  process.exit(run(NPM, ['run', 'dev:web', '--', workspace, ...hostOptions]));
}

if (!ensureNodeModules()) process.exit(1);
const reason = whyNoElectron();
if (reason === null) startDesktop();
else startBrowserBuild(reason);
