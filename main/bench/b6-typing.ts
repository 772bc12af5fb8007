/**
 * B6, typing in Chromium: a generated 300-clause (~60,000-word) proposal
 * with ~200 pending suggestions and 100 comments, opened in the real UI
 * (the browser build against the web host, Debian's Chromium driven by
 * playwright-core) as a suggester (suggestion mode, every edit saved
 * through the host). Keydown-to-next-frame latency of 300 keystrokes typed
 * at a fast typist's pace: in a clause near the start, in one near the end,
 * and near the start with the changes panel open. The latency of a
 * keystroke is from the keydown event's time stamp to a task posted from
 * the next animation frame's callback (it runs once that frame is done).
 * `--profile <dir>` also saves a Chromium CPU profile of each run and a
 * performance trace (chrome://tracing / DevTools) of each run.
 * For a before/after comparison, DRAFTROOM_B6_STATIC=<dir> serves another
 * build of the renderer, and DRAFTROOM_B6_ONLY=<label> runs one scenario.
 * With `--profile`, each run's latencies are saved beside its trace
 * (`b6-<scenario>.latencies.json`), and DRAFTROOM_B6_TRACE_ONLY=1 leaves
 * the CPU profiler out (the trace alone disturbs the timing less);
 * `scripts/b6-trace-path.mjs` reads a trace per keystroke.
 * The baseline of each percentile is the same probe and keystrokes on a
 * bare contenteditable paragraph in the same browser, measured first: the
 * floor this machine gives (the wait for the next frame, the input
 * pipeline, the load of the moment) with no application at all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebHost } from '../web/host';
import { percentile, result, type BenchResult } from './bench-results';
import { runEditingBench } from './editing-bench';
import { formatTable } from './measure';
import { buildLargeProposal, LARGE_PROPOSAL_SHAPE, writeLargeWorkspace } from './large-proposal';
import type { Measure, MeasureContext } from './measure-context';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env['DRAFTROOM_CHROMIUM'] ?? '/usr/bin/chromium';

/** The document: 300 clauses of 170–230 words, ~200 pending changes, 100 comments. */
const SHAPE = { ...LARGE_PROPOSAL_SHAPE, clauses: 300, minWords: 170, maxWords: 230 };

/** Keystrokes per scenario, and the time from one keystroke to the next (a fast typist: ~12 keystrokes/s). */
const KEYSTROKES = 300;
const PAUSE_MS = 80;
/** How long a key is held down (typists hold a key ~60–100 ms; half the pause keeps the pace). */
const HOLD_MS = 40;

/** Chromium as the end-to-end tests start it. */
function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
}

/** Builds the browser bundle when it is missing (`npm run build:renderer`). */
function ensureRenderer(context: MeasureContext): void {
  if (existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) return;
  context.log('B6: building the renderer (npm run build:renderer)…');
  const built = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('B6: npm run build:renderer failed');
}

/**
 * The page-side scripts, as strings (this file is compiled for Node, without
 * the DOM's types): the latency probe (each keydown's time to the end of the
 * next frame), and the caret at the end of the first paragraph of a clause.
 */
const PROBE = `(() => {
  window.__latencies = [];
  document.addEventListener('keydown', (event) => {
    const t0 = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__latencies.push(performance.now() - t0);
      channel.port2.postMessage(null);
    });
  }, true);
})()`;

const CARET_AT_END = `(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  range.collapse(false);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}`;

const NEXT_FRAME = 'new Promise((resolve) => requestAnimationFrame(() => resolve(null)))';

/** Every edit saved: the label reads "Saved" and its exact state (`data-state`, absent from older builds) is `saved`. */
const SAVED = `(() => { const label = document.querySelector('[data-testid="save-state"]'); return label?.textContent === 'Saved' && (label.dataset.state ?? 'saved') === 'saved'; })()`;

/**
 * Waits (at most a minute) until every edit is saved. Polled from here with
 * `evaluate`, which the page's Content-Security-Policy allows (a string
 * given to `waitForFunction` is evaluated by the page: 'unsafe-eval').
 */
async function waitUntilSaved(page: Page): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await page.evaluate(SAVED)) === true) return true;
    await page.waitForTimeout(100);
  }
  return false;
}

async function installProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

/** Puts the caret at the end of the first paragraph of clause `number` (1-based). */
async function caretIn(page: Page, number: number): Promise<void> {
  const block = page.locator('.page:not([hidden]) .proposal section.clause').nth(number - 1).locator('p').first();
  await block.scrollIntoViewIfNeeded();
  await block.click();
  await block.evaluate(CARET_AT_END);
  await page.evaluate(NEXT_FRAME);
}

const WORDS = 'the parties further agree that monitoring shall continue for an initial period of ninety days '.split('');

/**
 * Types KEYSTROKES characters; returns each keystroke's latency (ms). A key
 * is held as a typist holds it (the key goes up HOLD_MS after it went down,
 * not in the same instant as Playwright's `press` sends it): a keyup queued
 * right behind the keydown would run before the probe's task and be counted
 * in the frame it does not hold up.
 */
async function typeAndMeasure(page: Page): Promise<number[]> {
  await page.evaluate('window.__latencies = []');
  for (let i = 0; i < KEYSTROKES; i++) {
    const ch = WORDS[i % WORDS.length]!;
    const key = ch === ' ' ? 'Space' : ch;
    await page.keyboard.down(key);
    await page.waitForTimeout(HOLD_MS);
    await page.keyboard.up(key);
    await page.waitForTimeout(PAUSE_MS - HOLD_MS);
  }
  await page.waitForTimeout(300);
  return (await page.evaluate('window.__latencies')) as number[];
}

/** The baseline page: one contenteditable paragraph of the same kind of text, nothing else. */
const BARE_PAGE = `<!doctype html><meta charset="utf-8"><body style="font: 16px serif; margin: 40px"><div contenteditable="true"><p id="p">${'The parties agree that the ceasefire shall hold along the line of contact. '.repeat(12)}</p></div></body>`;

/** Latencies of KEYSTROKES keystrokes typed at the end of the bare page's paragraph. */
async function measureBare(browser: Browser): Promise<number[]> {
  const browserContext = await browser.newContext({ viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1 });
  try {
    const page = await browserContext.newPage();
    await page.setContent(BARE_PAGE);
    await installProbe(page);
    const paragraph = page.locator('#p');
    await paragraph.click();
    await paragraph.evaluate(CARET_AT_END);
    await page.evaluate(NEXT_FRAME);
    return await typeAndMeasure(page);
  } finally {
    await browserContext.close();
  }
}

interface Scenario {
  readonly label: string;
  readonly clause: number;
  readonly panel: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { label: 'clause 3', clause: 3, panel: false },
  { label: 'clause 296', clause: 296, panel: false },
  { label: 'clause 3, changes panel open', clause: 3, panel: true },
];

/** B6. */
export const typingMeasure: Measure = {
  ids: ['B6'],
  title: 'typing latency in Chromium',
  async run(context): Promise<BenchResult[]> {
    if (!existsSync(CHROMIUM)) {
      context.log(`B6: no Chromium at ${CHROMIUM} (apt-get install chromium, or set DRAFTROOM_CHROMIUM): skipped`);
      return [];
    }
    const staticDir = process.env['DRAFTROOM_B6_STATIC'];
    if (staticDir === undefined) ensureRenderer(context);
    const proposal = buildLargeProposal(20251204, SHAPE);
    const path = join(context.workDir, 'b6.draftroom');
    writeLargeWorkspace(path, proposal).close();
    const host = await startWebHost({ workspacePath: path, port: 0, ...(staticDir !== undefined ? { staticDir: resolve(staticDir) } : {}) });
    const browser = await launch();
    const out: BenchResult[] = [];
    if (context.profileDir !== null) mkdirSync(context.profileDir, { recursive: true });
    try {
      const only = process.env['DRAFTROOM_B6_ONLY'];
      const bare = await measureBare(browser);
      context.log(`B6 baseline (a bare contenteditable paragraph): p50 ${percentile(bare, 50).toFixed(1)} ms, p95 ${percentile(bare, 95).toFixed(1)} ms, p99 ${percentile(bare, 99).toFixed(1)} ms`);
      for (const scenario of SCENARIOS.filter((s) => only === undefined || s.label === only)) {
        const browserContext = await browser.newContext({ viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1 });
        const page = await browserContext.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(String(error)));
        await page.goto(host.url);
        await page.locator('.dialog-identity').waitFor({ state: 'visible', timeout: 60_000 });
        await page.locator('button.member-choice', { hasText: proposal.typist.member.name }).click();
        await page.locator('.page:not([hidden]) .proposal section.clause').nth(SHAPE.clauses - 1).waitFor({ state: 'attached', timeout: 60_000 });
        // The panel shows by default on a document with changes: set it as the scenario wants.
        const view = page.getByTestId('changes-view');
        await page.waitForTimeout(500);
        if ((await view.isVisible()) !== scenario.panel) await page.getByTestId('toggle-side-panel').click();
        if (scenario.panel) {
          await view.waitFor({ state: 'visible', timeout: 60_000 });
          await view.locator('.change-card').nth(100).waitFor({ state: 'attached', timeout: 60_000 });
        } else {
          await view.waitFor({ state: 'hidden', timeout: 60_000 });
        }
        await installProbe(page);
        await caretIn(page, scenario.clause);
        const cdp = context.profileDir !== null && process.env['DRAFTROOM_B6_TRACE_ONLY'] === undefined ? await browserContext.newCDPSession(page) : null;
        if (cdp !== null) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        const tracing = context.profileDir !== null;
        const slug = scenario.label.replace(/[^a-z0-9]+/gi, '-');
        if (tracing) await browser.startTracing(page, { path: join(context.profileDir!, `b6-${slug}.trace.json`), screenshots: false });
        const latencies = await typeAndMeasure(page);
        if (tracing) await browser.stopTracing();
        if (tracing) writeFileSync(join(context.profileDir!, `b6-${slug}.latencies.json`), JSON.stringify(latencies));
        if (cdp !== null) {
          const { profile } = await cdp.send('Profiler.stop');
          writeFileSync(join(context.profileDir!, `b6-${slug}.cpuprofile`), JSON.stringify(profile));
        }
        const saved = await waitUntilSaved(page);
        await browserContext.close();
        if (errors.length > 0) throw new Error(`B6: the page reported errors: ${errors.join('; ')}`);
        if (!saved) throw new Error('B6: the typed text was not saved');
        if (latencies.length < KEYSTROKES) throw new Error(`B6: measured ${latencies.length} of ${KEYSTROKES} keystrokes`);
        const thirds = [0, 1, 2].map((k) => latencies.slice((k * latencies.length) / 3, ((k + 1) * latencies.length) / 3));
        context.log(`B6 ${scenario.label}: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
        const spreadOf = (p: number) => {
          const all = percentile(latencies, p);
          const parts = thirds.map((t) => percentile(t, p));
          return [all, Math.min(...parts, all), Math.max(...parts, all)];
        };
        const note = `${latencies.length} keystrokes; min–max over thirds of the run; baseline: a bare contenteditable paragraph, same probe and keystrokes`;
        out.push(
          withSpread(result('B6', `keydown → next frame, ${scenario.label}, p50`, 'ms', [percentile(latencies, 50)], { note, baseline: [percentile(bare, 50)] }), spreadOf(50)),
          withSpread(result('B6', `keydown → next frame, ${scenario.label}, p95`, 'ms', [percentile(latencies, 95)], { atMost: 16, baseline: [percentile(bare, 95)] }), spreadOf(95)),
          withSpread(result('B6', `keydown → next frame, ${scenario.label}, p99`, 'ms', [percentile(latencies, 99)], { atMost: 33, baseline: [percentile(bare, 99)] }), spreadOf(99)),
        );
      }
    } finally {
      await browser.close();
      await host.close();
    }
    // The same kind of keystroke without a browser: what the editor's logic and main cost (for reading B6 against).
    const logic = await runEditingBench(context.workDir, { keystrokes: context.quick ? 200 : 500 });
    context.log(`B6 without a browser (editor logic, main's checks; the former editing section):\n${formatTable(logic).replace(/^/gm, '    ')}`);
    return out;
  },
};

/** A percentile over all keystrokes, with the min and max of the same percentile over thirds of the run. */
function withSpread(r: BenchResult, [, min, max]: number[]): BenchResult {
  return { ...r, min: Math.round(min! * 1000) / 1000, max: Math.round(max! * 1000) / 1000 };
}
