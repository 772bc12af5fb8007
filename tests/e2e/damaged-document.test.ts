import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type WatchedPage } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { pickIdentity } from '../helpers/e2e-editor';

const session = useE2eSession({ host: 'all' });
let watched: WatchedPage;

beforeAll(async () => {
  const host = session.host;
  await host.stop();
  // A flipped bit inside the last stored edit of the first document (the one the app opens first).
  const db = new Database(host.workspacePath);
  const row = db
    .prepare('SELECT seq, data FROM update_log WHERE doc_key = 1 ORDER BY seq DESC LIMIT 1')
    .get() as { seq: number; data: Buffer };
  const bytes = Buffer.from(row.data);
  bytes[bytes.length >> 1]! ^= 0x08;
  db.prepare('UPDATE update_log SET data = ? WHERE seq = ?').run(bytes, row.seq);
  db.close();
  await host.restart();
  watched = await session.newPage();
});

describe('a document with a damaged stored edit', () => {
  it('is not shown altered: the app says which row is damaged and offers its last intact state read-only', async () => {
    const { page } = watched;
    const before = readFileSync(session.host.workspacePath);
    await page.goto(session.host.url);
    await pickIdentity(page, 'Claire Dubois');
    const dialog = page.locator('.intact-state-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('.dialog-title').innerText()).toContain('is damaged');
    expect(await dialog.innerText()).toMatch(/stored edit \d+ does not match its checksum/);
    await dialog.getByTestId('open-intact-state').click();
    const clauses = dialog.getByTestId('intact-clauses').locator('li');
    await clauses.first().waitFor({ state: 'visible' });
    expect(await clauses.count()).toBeGreaterThan(10);
    expect(await dialog.innerText()).toContain('Read-only');
    await screenshot(page, '30-damaged-document-intact-state');
    expect(await page.locator('.banner').innerText()).toContain('is damaged');
    expect(readFileSync(session.host.workspacePath).equals(before)).toBe(true);
  });
});
