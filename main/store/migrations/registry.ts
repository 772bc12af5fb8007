import { migration001 } from './001-core-tables';
import { migration002 } from './002-update-attribution';
import { migration003 } from './003-access-tokens';
import { migration004 } from './004-set-aside-edits';
import { migration005 } from './005-identity-switches';
import { migration006 } from './006-row-checksums';
import { migration007 } from './007-version-chain';
import { migration008 } from './008-column-pins';
import { migration009 } from './009-version-projections';
import type { Migration } from './migration';

/** Every migration this build knows, in order; `MIGRATIONS[i].version === i + 1`. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009];

/** The schema version this build writes and the highest it can open. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.length;
