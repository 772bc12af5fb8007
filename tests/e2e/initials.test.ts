/**
 * Initialled versions in the real UI: the sample's 20-point version shows
 * the U.S. and Ukrainian leads' initials and verifies; a Russian drafter
 * picks a key file that is not theirs (refused, nothing kept), then their
 * own, and the badge lists them; a version row edited behind Draftroom's
 * back with better-sqlite3 is named by "Verify versions".
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sampleKeyPair } from '../../main/sample/sample-keys';
import { verifyVersions } from '../../main/services/version-seals';
import { openWorkspace } from '../../main/store/workspace-store';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';

const V20 = 'U.S.–Ukraine 20-point proposal';
const V28 = 'U.S. 28-point draft';

const session = useE2eSession();

function storedInitials(): string[] {
  const store = openWorkspace(session.host.workspacePath);
  try {
    const report = verifyVersions(store, store.getDocument('Peace framework').id);
    return report.versions.find((v) => v.name === V20)!.initials.map((i) => `${i.memberName}:${i.valid}`);
  } finally {
    store.close();
  }
}

/** How many named versions the sample's peace framework has, read from the file. */
function versionCount(): number {
  const store = openWorkspace(session.host.workspacePath);
  try {
    return store.listVersions(store.getDocument('Peace framework').id).length;
  } finally {
    store.close();
  }
}

describe('initialled versions', () => {
  it('shows who initialled the 20-point text, initials it with the member’s own key file, and names a tampered version', async () => {
    const count = versionCount();
    expect(count).toBeGreaterThanOrEqual(2);
    const { page, errors } = await session.openAs('Dmitri Orlov');
    await page.getByTestId('versions').click();
    const rows = page.getByTestId('version-row');
    const v20 = rows.filter({ hasText: V20 });
    await expect.poll(() => v20.getByTestId('version-initials').innerText(), { timeout: 5000 }).toBe('Initialled by Dana Whitfield (US), Olena Kovalenko (UA)');
    await expect.poll(() => v20.getByTestId('version-verified').innerText(), { timeout: 5000 }).toBe('✓ Verified');
    await expect.poll(() => page.getByTestId('versions-summary').innerText(), { timeout: 5000 }).toContain(`All ${count} versions verify`);

    // The U.S. lead's key file is refused: it is not Dmitri Orlov's recorded key.
    await v20.getByTestId('version-initial').click();
    await v20.getByTestId('initial-key-file').setInputFiles({ name: 'whitfield.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(sampleKeyPair('usLead').privateKeyPem) });
    await v20.getByTestId('initial-confirm').click();
    await expect.poll(() => v20.getByTestId('initial-error').innerText(), { timeout: 5000 }).toContain('not Dmitri Orlov’s (it is the key of Dana Whitfield)');
    expect(storedInitials()).toEqual(['Dana Whitfield:true', 'Olena Kovalenko:true']);

    // His own key file: the badge lists him, and the file holds a signature that verifies.
    await v20.getByTestId('initial-key-file').setInputFiles({ name: 'orlov.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(sampleKeyPair('ruDrafter').privateKeyPem) });
    await v20.getByTestId('initial-confirm').click();
    await expect
      .poll(() => page.getByTestId('version-row').filter({ hasText: V20 }).getByTestId('version-initials').innerText(), { timeout: 5000 })
      .toBe('Initialled by Dana Whitfield (US), Olena Kovalenko (UA), Dmitri Orlov (RU)');
    await expect.poll(() => page.getByTestId('version-row').filter({ hasText: V20 }).getByTestId('version-initial').count(), { timeout: 5000 }).toBe(0);
    expect(storedInitials()).toEqual(['Dana Whitfield:true', 'Olena Kovalenko:true', 'Dmitri Orlov:true']);
    await screenshot(page, 'initials-badge');

    // Someone edits the 28-point version's note with SQL, bypassing Draftroom: Verify versions names it.
    const db = new Database(session.host.workspacePath);
    db.prepare("UPDATE versions SET note = 'Edited behind Draftroom’s back.' WHERE name = ?").run(V28);
    db.close();
    await page.getByTestId('versions-verify').click();
    await expect.poll(() => page.getByTestId('versions-summary').innerText(), { timeout: 5000 }).toBe(`1 of ${count} versions does not verify: “${V28}”.`);
    const v28 = page.getByTestId('version-row').filter({ hasText: V28 });
    await expect.poll(() => v28.getByTestId('version-verified').innerText(), { timeout: 5000 }).toBe('✗ Does not verify');
    await expect.poll(() => v28.getByTestId('version-problem').first().innerText(), { timeout: 5000 }).toContain('content: its content no longer gives its recorded hash');
    // The 20-point version chains to the 28-point one's recorded hash, which is unchanged: it still verifies.
    await expect.poll(() => page.getByTestId('version-row').filter({ hasText: V20 }).getByTestId('version-verified').innerText(), { timeout: 5000 }).toBe('✓ Verified');
    await screenshot(page, 'initials-verify-fails');
    expect(errors).toEqual([]);
  });
});
