import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleWorkspace } from '../../main/sample/build-sample';
import { openWorkspace } from '../../main/store/workspace-store';
import { joinWorkspace } from '../../main/team/replica/operations';
import { WorkspaceRegistry } from '../../main/services/workspace-registry';
import { startWebHost, type WebHost } from '../../main/web/host';
import { clauseLines } from '../unit/services/harness';
import { startServer, waitFor, type RunningServer } from '../unit/team/replica-fixtures';
import { screenshot, type WatchedPage } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { cursorAtEndOfClause, waitForEditor } from '../helpers/e2e-editor';

const session = useE2eSession({ host: 'none' });

let dir: string;
let server: RunningServer;
let host: WebHost;
let watched: WatchedPage;
let docId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-e2e-team-'));
  const serverPath = join(dir, 'server.draftroom');
  writeSampleWorkspace(serverPath);
  const admin = openWorkspace(serverPath);
  const token = admin.createToken('us-hale').secret;
  const workspaceId = admin.meta().id;
  docId = admin.getDocument('Peace framework').id;
  admin.close();
  server = await startServer(serverPath);
  const replica = join(dir, 'hale.draftroom');
  await joinWorkspace(`${server.url}/${workspaceId}`, token, replica);
  // Workspace data rarely: the role change below reaches this replica only through the server's refusal.
  host = await startWebHost({ workspacePath: replica, port: 0, registry: new WorkspaceRegistry({ replicaOptions: { workspaceIntervalMs: 600_000 } }) });
});

afterAll(async () => {
  await session.closePages();
  await host?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web host as a local replica of a team workspace', () => {
  it('shows the team status, sends a member\'s edit to the server, and offers the Team dialog', async () => {
    watched = await session.newPage();
    const { page } = watched;
    await page.goto(host.url);
    await waitForEditor(page);
    const status = page.getByTestId('team-status');
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe('Team: online');

    await cursorAtEndOfClause(page, 1);
    await page.keyboard.type(' Typed on a replica.');
    await waitFor(() => server.hub.withDocument(docId, (doc) => clauseLines(doc).join('\n')).includes('Typed on a replica.'), 15_000, 'the edit on the server');
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe('Team: online');
    await screenshot(page, 'team-1-online');

    await status.click();
    const dialog = page.getByTestId('team-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: 'Join team workspace…' }).isVisible(), { timeout: 5000 }).toBe(true);
    await screenshot(page, 'team-2-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(watched.errors).toEqual([]);
  });

  it('an edit the server refuses: the window shows the server\'s text again and the Team dialog lists it with Copy and Discard', async () => {
    const { page } = watched;
    // Made an observer on the server (the replica does not know yet): its next edit is refused there.
    server.store.setMemberRole('us-hale', 'observer');
    await cursorAtEndOfClause(page, 2);
    // One transaction (a paste): one update, refused whole. Keystrokes typed during the reset are set aside too (keepWindowCopy).
    await page.keyboard.insertText(' Refused upstream.');
    const status = page.getByTestId('team-status');
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toMatch(/set aside/);
    const hint = page.getByTestId('hint');
    await hint.filter({ hasText: 'The team server refused an edit' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.ProseMirror').innerText(), { timeout: 15_000 }).not.toContain('Refused upstream.');
    expect(server.hub.withDocument(docId, (doc) => clauseLines(doc).join('\n'))).not.toContain('Refused upstream.');
    await screenshot(page, 'team-3-refused');

    await status.click();
    const dialog = page.getByTestId('team-dialog');
    await dialog.waitFor();
    // Nothing typed is lost: the first keystroke the server refused, and whatever followed while the replica reset.
    const items = dialog.getByTestId('set-aside-item');
    await expect.poll(async () => (await items.allInnerTexts()).join('\n'), { timeout: 15_000 }).toMatch(/Refused upstream\./);
    await expect.poll(() => items.first().innerText(), { timeout: 5000 }).toMatch(/observer/);
    await screenshot(page, 'team-4-set-aside');
    while ((await items.count()) > 0) {
      const before = await items.count();
      await items.first().getByRole('button', { name: 'Discard' }).click();
      await expect.poll(() => items.count()).toBe(before - 1);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).not.toMatch(/set aside/);
    expect(watched.errors.filter((e) => !/refused|sync of/i.test(e))).toEqual([]);
  });
});
