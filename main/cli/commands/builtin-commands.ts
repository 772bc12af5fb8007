import type { CliCommand } from '../cli-types';
import { bracketsCommand } from './brackets';
import { packagesCommand } from './packages';
import { positionsCommand } from './positions';
import { changesCommand } from './changes';
import { columnsCommand } from './columns';
import { columnsAlignCommand } from './columns-align';
import { acceptCommand, rejectCommand } from './decide';
import { demoCommand } from './demo';
import { docsCommand } from './docs';
import { exportCommand } from './export';
import { infoCommand } from './info';
import { initCommand } from './init';
import { memberAddCommand, membersCommand, memberSetRoleCommand } from './members';
import { importCommand } from './import';
import { migrateStoreCommand } from './migrate-store';
import { restoreCommand } from './restore';
import { saveVersionCommand } from './save-version';
import { serveCommand } from './serve';
import { showCommand } from './show';
import { joinCommand, setAsideCommand, shareCommand, syncCommand } from './team-replica';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './tokens';
import { versionsCommand } from './versions';
import { initialCommand } from './initial';
import { keyCreateCommand, keyListCommand } from './keys';
import { verifyCommand } from './verify';

/**
 * The standard commands, in the order the help lists them. To add one,
 * write `commands/<name>.ts` exporting a `CliCommand` and append it here.
 * A two-word name ("member add") is a subcommand: `draftroom member add …`.
 */
export function builtinCommands(): CliCommand[] {
  return [
    initCommand,
    demoCommand,
    infoCommand,
    docsCommand,
    showCommand,
    versionsCommand,
    saveVersionCommand,
    initialCommand,
    verifyCommand,
    keyCreateCommand,
    keyListCommand,
    changesCommand,
    bracketsCommand,
    positionsCommand,
    packagesCommand,
    columnsCommand,
    columnsAlignCommand,
    acceptCommand,
    rejectCommand,
    exportCommand,
    restoreCommand,
    importCommand,
    membersCommand,
    memberAddCommand,
    memberSetRoleCommand,
    tokenCreateCommand,
    tokenListCommand,
    tokenRevokeCommand,
    serveCommand,
    migrateStoreCommand,
    joinCommand,
    syncCommand,
    shareCommand,
    setAsideCommand,
  ];
}
