import type { CliCommand } from '../cli-types';
import { changesCommand } from './changes';
import { acceptCommand, rejectCommand } from './decide';
import { demoCommand } from './demo';
import { docsCommand } from './docs';
import { exportCommand } from './export';
import { infoCommand } from './info';
import { initCommand } from './init';
import { saveVersionCommand } from './save-version';
import { showCommand } from './show';
import { versionsCommand } from './versions';

/**
 * The standard commands, in the order the help lists them. To add one,
 * write `commands/<name>.ts` exporting a `CliCommand` and append it here.
 */
export function builtinCommands(): CliCommand[] {
  return [initCommand, demoCommand, infoCommand, docsCommand, showCommand, versionsCommand, saveVersionCommand, changesCommand, acceptCommand, rejectCommand, exportCommand];
}
