// What `npm start` and `npm test` share to set up a fresh machine: the project's own
// node_modules (`npm ci` when they are missing), and running a command with its output shown.
// Plain Node, no dependencies: these run before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Prints one line of set-up progress. */
export function say(message) {
  console.log(`[setup] ${message}`);
}

/** Runs a command in the project, output shown; returns its exit status (1 when it could not start). */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) {
    console.error(`[setup] could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

/** The npm executable (npm.cmd on Windows). */
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** True when an executable of that name is on the PATH. */
export function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** The dependencies package.json names that have no folder in node_modules. */
export function missingPackages() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  return names.filter((name) => !existsSync(join(ROOT, 'node_modules', name, 'package.json')));
}

/**
 * Installs the project's packages with `npm ci` when node_modules is missing or lacks a
 * package that package.json names. A node_modules that is a link to another checkout's is
 * left alone (it is shared). Returns false when the packages are still not there.
 */
export function ensureNodeModules() {
  const folder = join(ROOT, 'node_modules');
  const missing = existsSync(folder) ? missingPackages() : ['(all)'];
  if (missing.length === 0) return true;
  if (existsSync(folder) && lstatSync(folder).isSymbolicLink()) {
    say(`node_modules is a link to a shared install that lacks ${missing.join(', ')}; run \`npm ci\` where it points.`);
    return false;
  }
  say(missing[0] === '(all)' ? 'installing the packages (npm ci)…' : `installing the packages again (npm ci): ${missing.join(', ')} missing…`);
  if (run(NPM, ['ci', '--no-audit', '--no-fund']) !== 0) {
    say('npm ci failed (see above); nothing else was done.');
    return false;
  }
  return missingPackages().length === 0;
}
