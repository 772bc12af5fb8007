#!/usr/bin/env node
// `npm test` on any machine, fresh or not: installs what the tests need, then runs them all
// (typecheck, lint, unit tests, the renderer build and the end-to-end tests in Chromium).
//
//   1. the packages: `npm ci` when node_modules is missing or incomplete;
//   2. the tools some tests drive: Chromium (end-to-end tests), poppler-utils (the PDF redline read
//      back), LibreOffice Writer (the .docx opened in LibreOffice), PostgreSQL and Redis (the team
//      server on several instances). Missing ones are installed with apt-get when this runs as root on
//      a Debian-like system; otherwise it says in one line per tool what is missing, why it could not
//      install it and the command that would. Tests whose tool is missing say they are skipped; the
//      end-to-end tests cannot run without Chromium, so they are not started and `npm test` fails.
//   3. the tests, stopping at the first step that fails.
//
// `npm test -- --check` only reports what is there and what it would do (installs and runs nothing);
// `npm test -- --setup-only` sets up and stops (for a machine image).
// DRAFTROOM_SKIP_SETUP=1 skips steps 1 and 2. With CI=true a tool still missing after step 2 fails the run.
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { ensureNodeModules, NPM, onPath, ROOT, run, say } from './setup-common.mjs';

/** Where the end-to-end tests find Chromium (as tests/helpers/e2e-browser.ts). */
const CHROMIUM = process.env.DRAFTROOM_CHROMIUM ?? '/usr/bin/chromium';

/** The tools some tests drive, with the Debian packages that bring them. */
const TOOLS = [
  { name: 'Chromium', packages: ['chromium'], present: () => existsSync(CHROMIUM), without: 'the end-to-end tests cannot run', required: true },
  {
    name: 'poppler-utils',
    packages: ['poppler-utils'],
    present: () => ['pdftotext', 'pdftoppm', 'pdffonts'].every(onPath),
    without: 'the PDF read-back tests are skipped',
  },
  { name: 'LibreOffice Writer', packages: ['libreoffice-writer-nogui'], present: () => onPath('soffice'), without: 'the LibreOffice test is skipped' },
  {
    name: 'PostgreSQL and Redis',
    packages: ['postgresql', 'redis-server'],
    present: () => onPath('pg_ctlcluster') && onPath('redis-server'),
    without: 'the team server tests on PostgreSQL and Redis are skipped',
  },
];

const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const setupOnly = args.includes('--setup-only');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = onPath('apt-get');

/** Why apt-get cannot install here, or null when it can. */
function whyNoApt() {
  if (!hasApt) return 'there is no apt-get on this system';
  if (!isRoot) return 'installing with apt-get needs root and this is not root';
  return null;
}

/** Installs the missing tools it can; returns the tools still missing. */
function ensureTools() {
  const missing = TOOLS.filter((tool) => !tool.present());
  const packages = missing.flatMap((tool) => tool.packages);
  if (missing.length > 0 && whyNoApt() === null) {
    if (checkOnly) {
      say(`would install with apt-get: ${packages.join(' ')}`);
      return missing;
    }
    say(`installing ${missing.map((t) => t.name).join(', ')} with apt-get (${packages.join(' ')})…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', ...packages], { env }) !== 0) {
      say('apt-get failed (see above).');
    }
  }
  const still = TOOLS.filter((tool) => !tool.present());
  const reason = whyNoApt() ?? (checkOnly ? 'this is a --check run' : 'apt-get did not install it');
  for (const tool of still) {
    const hint = tool.name === 'Chromium' ? ' (or set DRAFTROOM_CHROMIUM to a Chromium or Chrome binary)' : '';
    say(`${tool.name} is missing and was not installed: ${reason}. Install it with \`sudo apt-get install -y ${tool.packages.join(' ')}\`${hint}; until then ${tool.without}.`);
  }
  return still;
}

/** True when something listens on 127.0.0.1:port (within a second). */
function listening(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Starts PostgreSQL and Redis for their tests (and lets the tests in) when they are installed; root only. */
async function ensureServices() {
  if (!TOOLS[3].present()) return; // already reported as missing
  if (isRoot && !checkOnly) {
    run('bash', [join(ROOT, 'scripts', 'test-services.sh')]);
    return;
  }
  if ((await listening(5432)) && (await listening(6379))) return;
  say(
    isRoot
      ? 'would start PostgreSQL and Redis (scripts/test-services.sh)'
      : 'PostgreSQL or Redis is not running, and starting them needs root; their tests are skipped (or set DRAFTROOM_TEST_DATABASE and DRAFTROOM_TEST_REDIS to running servers).',
  );
}

async function main() {
  if (process.env.DRAFTROOM_SKIP_SETUP !== '1') {
    if (checkOnly) {
      const missing = existsSync(join(ROOT, 'node_modules')) ? null : 'node_modules';
      say(missing ? 'would install the packages (npm ci)' : 'the packages are installed');
    } else if (!ensureNodeModules()) {
      process.exit(1);
    }
    const still = ensureTools();
    await ensureServices();
    if (checkOnly) {
      say(still.length === 0 ? 'every tool the tests use is here' : `missing: ${still.map((t) => t.name).join(', ')}`);
      return;
    }
    if (process.env.CI === 'true' && still.length > 0) {
      say(`CI: stopping, the tests need ${still.map((t) => t.name).join(', ')}.`);
      process.exit(1);
    }
    if (setupOnly) return;
  }
  const chromiumMissing = !TOOLS[0].present();
  const steps = [['typecheck'], ['lint'], ['test:unit'], ['test:e2e']];
  for (const [script] of steps) {
    if (script === 'test:e2e' && chromiumMissing) {
      say(`not running the end-to-end tests: there is no Chromium at ${CHROMIUM} (see above).`);
      process.exit(1);
    }
    say(`npm run ${script}`);
    const status = run(NPM, ['run', script]);
    if (status !== 0) process.exit(status);
  }
}

await main();
