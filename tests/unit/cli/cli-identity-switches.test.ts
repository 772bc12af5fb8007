import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../main/store/workspace-store';
import { makeTempDir, type TempDir } from '../../helpers/store-fixtures';
import { cli } from './cli-harness';

describe('draftroom info: identity switches', () => {
  let dir: TempDir;
  let file: string;

  beforeAll(() => {
    dir = makeTempDir('draftroom-cli-switches-');
    file = join(dir.path, 'talks.draftroom');
    const store = createWorkspace(file, { name: 'Talks' });
    const us = store.addParty({ name: 'United States', code: 'US', colour: '#1f4e9c' });
    store.addMember({ id: 'm-dana', name: 'Dana Whitfield', partyId: us.id, role: 'lead' });
    store.addMember({ id: 'm-sam', name: 'Sam Newcomer', partyId: us.id, role: 'suggester' });
    store.recordIdentitySwitch({ fromMemberId: 'm-sam', toMemberId: 'm-dana', at: '2025-12-02T14:05:00Z' });
    store.close();
  });
  afterAll(() => dir.remove());

  it('lists who switched from whom to whom, and when', async () => {
    const human = await cli('info', file);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/Identity switches \(1\)\n.*\n2025-12-02T14:05:00\.000Z +Sam Newcomer +Dana Whitfield/);
    const json = JSON.parse((await cli('info', file, '--json')).stdout) as { identitySwitches: unknown };
    expect(json.identitySwitches).toEqual([
      { at: '2025-12-02T14:05:00.000Z', from: { id: 'm-sam', name: 'Sam Newcomer' }, to: { id: 'm-dana', name: 'Dana Whitfield' } },
    ]);
  });
});
