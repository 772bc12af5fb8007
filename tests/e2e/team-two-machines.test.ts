/**
 * Two machines co-editing through a team server: two web hosts, each on its
 * own replica of the sample workspace (joined with `joinWorkspace` as two
 * members), bound to one real team server, a Chromium page on each. Each
 * sees the other's edits and caret (presence through the server); the
 * server stops, both keep editing (edits kept offline), it restarts on the
 * same port, and both converge, on screen and in the server's file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeSampleWorkspace } from '../../main/sample/build-sample';
import { openWorkspace } from '../../main/store/workspace-store';
import { joinWorkspace } from '../../main/team/replica/operations';
import { startWebHost, type WebHost } from '../../main/web/host';
import { clauseLines } from '../unit/services/harness';
import { startServer, type RunningServer } from '../unit/team/replica-fixtures';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauseIds, clauses, cursorAtEndOfClause, waitForEditor } from '../helpers/e2e-editor';

const session = useE2eSession({ host: 'none' });

let dir: string;
let serverPath: string;
let server: RunningServer | null = null;
let port = 0;
const hosts: WebHost[] = [];
let docId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-e2e-two-'));
  serverPath = join(dir, 'server.draftroom');
  writeSampleWorkspace(serverPath);
  const admin = openWorkspace(serverPath);
  const tokens = ['us-whitfield', 'ru-volkova'].map((member) => admin.createToken(member).secret);
  const workspaceId = admin.meta().id;
  docId = admin.getDocument('Peace framework').id;
  admin.close();
  server = await startServer(serverPath);
  port = server.port;
  for (const [i, token] of tokens.entries()) {
    const replica = join(dir, `machine-${i + 1}.draftroom`);
    await joinWorkspace(`${server.url}/${workspaceId}`, token, replica);
    hosts.push(await startWebHost({ workspacePath: replica, port: 0 }));
  }
});

afterAll(async () => {
  await session.closePages();
  for (const host of hosts) await host.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the host's page and waits until its team status is online. */
async function openMachine(host: WebHost): Promise<Page> {
  const watched = await session.newPage();
  await watched.page.goto(host.url);
  await waitForEditor(watched.page);
  await expect.poll(() => watched.page.getByTestId('team-status').innerText(), { timeout: 20_000 }).toBe('Team: online');
  return watched.page;
}

/** Waits until clause `number` (1-based) on the page contains `text`. */
async function expectClauseText(page: Page, number: number, text: string, timeoutMs = 20_000): Promise<void> {
  await expect.poll(() => clauses(page).nth(number - 1).innerText(), { timeout: timeoutMs }).toContain(text);
}

/** Types at the end of clause `number`. */
async function typeAtEnd(page: Page, number: number, text: string): Promise<void> {
  await cursorAtEndOfClause(page, number);
  await page.keyboard.type(text);
}

/** The server's document as clause lines (live, while it runs). */
function serverText(): string {
  return server!.hub.withDocument(docId, (doc) => clauseLines(doc).join('\n'));
}

describe('two machines co-editing through a team server', () => {
  it("each sees the other's edits and caret; both keep editing while the server is down and converge when it is back", async () => {
    const [us, ru] = [await openMachine(hosts[0]!), await openMachine(hosts[1]!)];
    const ids = await clauseIds(us);

    // Edits travel both ways through the server.
    await typeAtEnd(us, 1, ' Whitfield online.');
    await expectClauseText(ru, 1, 'Whitfield online.');
    await typeAtEnd(ru, 2, ' Volkova online.');
    await expectClauseText(us, 2, 'Volkova online.');

    // So does presence: each sees the other's caret in the clause they are in, with their name.
    await cursorAtEndOfClause(us, 3);
    await cursorAtEndOfClause(ru, 4);
    const ruCaretOnUs = us.locator(`.page:not([hidden]) section.clause[data-clause-id="${ids[3]}"] .presence-caret[data-member-id="ru-volkova"]`);
    const usCaretOnRu = ru.locator(`.page:not([hidden]) section.clause[data-clause-id="${ids[2]}"] .presence-caret[data-member-id="us-whitfield"]`);
    await ruCaretOnUs.waitFor({ timeout: 20_000 });
    await usCaretOnRu.waitFor({ timeout: 20_000 });
    await expect(ruCaretOnUs.getAttribute('data-name')).resolves.toContain('Anna Volkova');
    await screenshot(us, 'team-two-1-machine-1-online');
    await screenshot(ru, 'team-two-2-machine-2-online');

    // The server stops: both say so and keep editing, the edits kept locally.
    await server!.close();
    server = null;
    for (const page of [us, ru]) await expect.poll(() => page.getByTestId('team-status').innerText(), { timeout: 20_000 }).toMatch(/^Team: offline/);
    await typeAtEnd(us, 5, ' Whitfield offline.');
    await typeAtEnd(ru, 6, ' Volkova offline.');
    await typeAtEnd(us, 6, ' Whitfield again.');
    for (const page of [us, ru]) await expect.poll(() => page.getByTestId('team-status').innerText(), { timeout: 20_000 }).toMatch(/edits? waiting/);
    await screenshot(us, 'team-two-3-machine-1-offline');

    // It restarts on the same port: both converge.
    server = await startServer(serverPath, port);
    for (const page of [us, ru]) {
      await expectClauseText(page, 5, 'Whitfield offline.');
      await expectClauseText(page, 6, 'Volkova offline.');
      await expectClauseText(page, 6, 'Whitfield again.');
      await expect.poll(() => page.getByTestId('team-status').innerText(), { timeout: 30_000 }).toBe('Team: online');
    }
    const [usTexts, ruTexts] = [await clauses(us).allInnerTexts(), await clauses(ru).allInnerTexts()];
    expect(ruTexts).toEqual(usTexts);
    const onServer = serverText();
    for (const text of ['Whitfield online.', 'Volkova online.', 'Whitfield offline.', 'Volkova offline.', 'Whitfield again.']) expect(onServer).toContain(text);
    await screenshot(us, 'team-two-4-machine-1-converged');
    await screenshot(ru, 'team-two-5-machine-2-converged');
    for (const watched of session.pages) expect(watched.errors).toEqual([]);
  });
});
