import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openWorkspace } from '../../main/store/workspace-store';
import { screenshot, type WatchedPage } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { pickIdentity, waitForEditor } from '../helpers/e2e-editor';

const session = useE2eSession({ host: 'all' });

/** A fresh browser profile (context) on the session.host. */
async function freshProfile(): Promise<WatchedPage> {
  const watched = await session.newPage();
  await watched.page.goto(session.host.url);
  return watched;
}

/** The identity dialog's title, once it shows. */
async function identityDialogTitle(page: Page): Promise<string> {
  const dialog = page.locator('.dialog-identity');
  await dialog.waitFor({ state: 'visible' });
  return dialog.locator('.dialog-title').innerText();
}

/** What the status bar says about who is drafting. */
async function who(page: Page): Promise<string> {
  return page.getByTestId('identity').innerText();
}

function setPreference(path: string, key: string, value: string): void {
  const db = new Database(path, { timeout: 5000 });
  try {
    db.prepare('INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  } finally {
    db.close();
  }
}

describe('who is drafting', () => {
  it('is remembered per browser profile, never for everyone who opens the file', async () => {
    // The U.S. lead chooses herself in her browser.
    const lead = await freshProfile();
    expect(await identityDialogTitle(lead.page)).toBe('Who is drafting?');
    await pickIdentity(lead.page, 'Dana Whitfield');
    await waitForEditor(lead.page);
    expect(await who(lead.page)).toMatch(/Dana Whitfield\s*United States/);

    // A newcomer in another browser profile is asked, and does not land as the lead.
    const newcomer = await freshProfile();
    expect(await identityDialogTitle(newcomer.page)).toBe('Who is drafting?');
    await screenshot(newcomer.page, 'identity-1-newcomer-asked');
    expect(await who(newcomer.page)).toBe('Choose who you are');
    expect(await newcomer.page.locator('[data-action="accept-all"]').count()).toBe(0);
    await pickIdentity(newcomer.page, 'Sofia Rossi');
    await waitForEditor(newcomer.page);
    expect(await who(newcomer.page)).toMatch(/Sofia Rossi\s*Europe/);

    // The lead's profile remembers her: a reload and a new tab come back as Dana without asking.
    await lead.page.reload();
    await waitForEditor(lead.page);
    expect(await who(lead.page)).toMatch(/Dana Whitfield/);
    const secondTab = await lead.context.newPage();
    await secondTab.goto(session.host.url);
    await waitForEditor(secondTab);
    expect(await who(secondTab)).toMatch(/Dana Whitfield/);
    expect(await secondTab.locator('.dialog-identity').count()).toBe(0);
    await secondTab.close();
    expect([...lead.errors, ...newcomer.errors]).toEqual([]);
  });

  it('asks before switching member, and the workspace records the switch', async () => {
    const watched = await freshProfile();
    const { page } = watched;
    await pickIdentity(page, 'Claire Dubois');
    await waitForEditor(page);

    await page.getByTestId('identity').click();
    await page.locator('.dialog-identity button.member-choice', { hasText: 'Olena Kovalenko' }).click();
    const confirm = page.locator('.dialog-confirm');
    await confirm.waitFor({ state: 'visible' });
    expect(await confirm.innerText()).toMatch(/Claire Dubois[\s\S]*Olena Kovalenko[\s\S]*recorded/);
    await screenshot(page, 'identity-2-confirm-switch');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.locator('.dialog-identity').press('Escape');
    await page.locator('.dialog-identity').waitFor({ state: 'detached' });
    expect(await who(page)).toMatch(/Claire Dubois/);

    await page.getByTestId('identity').click();
    await pickIdentity(page, 'Olena Kovalenko');
    expect(await who(page)).toMatch(/Olena Kovalenko\s*Ukraine/);

    const store = openWorkspace(session.host.workspacePath);
    try {
      const switches = store.listIdentitySwitches().map((s) => [s.fromMemberId, s.toMemberId]);
      expect(switches).toEqual([['eu-dubois', 'ua-kovalenko']]);
      expect(store.getPreference('identity.memberId')).toBeUndefined();
    } finally {
      store.close();
    }
    // A reload of the switched profile comes back as Olena.
    await page.reload();
    await waitForEditor(page);
    expect(await who(page)).toMatch(/Olena Kovalenko/);
    expect(watched.errors).toEqual([]);
  });

  it('on a workspace bound to a team server, is the binding\'s member and cannot be switched', async () => {
    setPreference(
      session.host.workspacePath,
      'team.binding',
      JSON.stringify({ serverUrl: 'wss://team.example.org', workspaceId: 'w-peace', memberId: 'eu-dubois' }),
    );
    // A new profile is not asked: it drafts as the binding's member.
    const watched = await freshProfile();
    const { page } = watched;
    await waitForEditor(page);
    expect(await page.locator('.dialog-identity').count()).toBe(0);
    expect(await who(page)).toMatch(/Claire Dubois\s*Europe/);

    await page.getByTestId('identity').click();
    const dialog = page.locator('.dialog-identity');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.innerText()).toContain('wss://team.example.org');
    expect(await dialog.locator('.member-fixed').innerText()).toMatch(/Claire Dubois/);
    expect(await dialog.locator('button.member-choice').count()).toBe(0);
    await screenshot(page, 'identity-3-bound');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await who(page)).toMatch(/Claire Dubois/);
    expect(watched.errors).toEqual([]);
  });
});

describe('draft text stays on this machine', () => {
  it('no text field asks the browser to spellcheck it (enhanced spellcheck would send the text away)', async () => {
    const watched = await session.openAs('Claire Dubois');
    const { page } = watched;
    // The changes panel's rationale fields and the comment composer are on screen too.
    await page.getByRole('tab', { name: /Comments/ }).click();
    await page.locator('textarea').first().waitFor({ state: 'attached' });
    const fields = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[contenteditable="true"], textarea, input[type="text"], input[type="search"]')].map((e) => ({
        what: e.className || e.tagName,
        spellcheck: e.spellcheck,
      })),
    );
    expect(fields.length).toBeGreaterThanOrEqual(2);
    expect(fields.filter((f) => f.spellcheck)).toEqual([]);
    expect(watched.errors).toEqual([]);
  });
});
