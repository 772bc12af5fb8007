import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Lints one line of source as if it were the file at `filePath`; returns the rule ids reported. */
async function rulesBroken(filePath: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint enforces the layers', () => {
  const cases: [string, string, boolean][] = [
    ['shared/domain/probe.ts', "import { x } from 'node:fs';", true],
    ['shared/domain/probe.ts', "import { x } from 'electron';", true],
    ['shared/domain/probe.ts', "import { x } from 'electron/main';", true],
    ['shared/domain/probe.ts', "import { x } from '../../main/store/workspace-store';", true],
    ['shared/domain/probe.ts', "import { x } from '../../renderer/src/app/app';", true],
    ['shared/domain/probe.ts', "import { x } from 'yjs';", false],
    ['renderer/src/app/probe.ts', "import { x } from '../../../main/services/api-session';", true],
    ['renderer/src/app/probe.ts', "import { x } from 'electron/renderer';", true],
    ['renderer/src/app/probe.ts', "import { x } from 'node:path';", true],
    ['renderer/src/app/probe.ts', "import { x } from '../../../shared/api/contract';", false],
    ['main/store/probe.ts', "import { x } from 'electron';", true],
    ['main/services/probe.ts', "import { x } from 'electron/main';", true],
    ['main/services/probe.ts', "import { x } from '../../renderer/src/app/app';", true],
    ['main/services/probe.ts', "import { x } from 'node:fs';", false],
    ['main/electron/probe.ts', "import { x } from 'electron';", false],
    ['tests/unit/probe.ts', "import { x } from 'electron';", true],
    // Only main/store/ touches SQLite.
    ['main/store/probe.ts', "import Database from 'better-sqlite3';", false],
    ['main/store/tables/probe.ts', "import type { Database } from 'better-sqlite3';", false],
    ['main/services/probe.ts', "import Database from 'better-sqlite3';", true],
    ['main/policy/probe.ts', "import type { Database } from 'better-sqlite3';", true],
    ['main/cli/probe.ts', "import Database from 'better-sqlite3';", true],
    ['main/team/server/probe.ts', "import Database from 'better-sqlite3';", true],
    ['main/electron/probe.ts', "import Database from 'better-sqlite3';", true],
    ['shared/domain/probe.ts', "import Database from 'better-sqlite3';", true],
    ['renderer/src/app/probe.ts', "import Database from 'better-sqlite3';", true],
  ];
  for (const [file, source, refused] of cases) {
    it(`${refused ? 'refuses' : 'allows'} ${source.replace(/^import (type )?(\{ \w+ \}|\w+) from /, '').replace(/;$/, '')} in ${file}`, async () => {
      const broken = await rulesBroken(file, source);
      if (refused) expect(broken).toContain('no-restricted-imports');
      else expect(broken).not.toContain('no-restricted-imports');
    });
  }

  it('flags DOM and Node globals in shared/', async () => {
    expect(await rulesBroken('shared/domain/probe.ts', 'const x = window.location.href;')).toContain('no-restricted-globals');
  });
});

describe('lint enforces the renderer\'s folder layering', () => {
  /** [file, import line, refused] — each folder imports only the folders below it (eslint.config.js). */
  const cases: [string, string, boolean][] = [
    ['renderer/src/base/probe.ts', "import { x } from '../api/connection';", true],
    ['renderer/src/api/probe.ts', "import { x } from '../base/signal';", false],
    ['renderer/src/api/probe.ts', "import { x } from '../app/app';", true],
    ['renderer/src/sync/probe.ts', "import type { x } from '../ui/status-bar';", true],
    ['renderer/src/editor/probe.ts', "import { x } from '../suggest/suggestion-extension';", true],
    ['renderer/src/editor/probe.ts', "import type { x } from '../panel/panel-context';", true],
    ['renderer/src/suggest/probe.ts', "import type { x } from '../editor/extensions';", false],
    ['renderer/src/suggest/probe.ts', "import { x } from '../ui/dialog';", true],
    ['renderer/src/ui/probe.ts', "import { x } from '../suggest/edit-access';", false],
    ['renderer/src/panel/probe.ts', "import type { x } from '../app/workbench';", true],
    ['renderer/src/threads/probe.ts', "import { x } from '../comments/comments-view';", true],
    ['renderer/src/history/probe.ts', "import { x } from '../threads/thread-item';", false],
    ['renderer/src/history/probe.ts', "import { x } from '../comments/comments-view';", true],
    ['renderer/src/changes/probe.ts', "import { x } from '../export/export-dialog';", true],
    ['renderer/src/app/probe.ts', "import { x } from '../history/clause-history-view';", false],
    ['renderer/src/brand-new/probe.ts', "import { x } from '../base/signal';", true],
  ];
  for (const [file, source, refused] of cases) {
    const spec = source.replace(/^import (type )?\{ \w+ \} from /, '').replace(/;$/, '');
    it(`${refused ? 'refuses' : 'allows'} ${spec} in ${file}`, async () => {
      const broken = await rulesBroken(file, source);
      if (refused) expect(broken).toContain('import-x/no-restricted-paths');
      else expect(broken).not.toContain('import-x/no-restricted-paths');
    });
  }
});

describe('lint keeps one error-to-text helper', () => {
  it('refuses a hand-written `error instanceof Error ? error.message : String(error)`', async () => {
    const source = "const x = (e: unknown): string => (e instanceof Error ? e.message : String(e));";
    expect(await rulesBroken('main/services/probe.ts', source)).toContain('no-restricted-syntax');
    expect(await rulesBroken('renderer/src/ui/probe.ts', source)).toContain('no-restricted-syntax');
  });

  it('allows errorText()', async () => {
    const source = "import { errorText } from '../../shared/api/errors';\nconst x = (e: unknown): string => errorText(e);";
    expect(await rulesBroken('main/services/probe.ts', source)).not.toContain('no-restricted-syntax');
  });
});
