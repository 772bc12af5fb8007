import { registerChecksumFunctions } from '../row-checksums';
import type { Migration } from './migration';

/**
 * Schema version 6: a checksum on every row that holds document content.
 *
 * Adds `checksum` (CRC-32, see `row-checksums.ts`) to `update_log`,
 * `snapshots` and `versions` and computes it for every existing row, so
 * that damage inside a stored update, snapshot or version (which SQLite's
 * `quick_check` cannot see) is reported instead of decoded into altered
 * text. Readers treat a missing or different checksum as damage.
 */
export const migration006: Migration = {
  version: 6,
  name: 'row checksums',
  up(db) {
    registerChecksumFunctions(db);
    db.exec(`
      ALTER TABLE update_log ADD COLUMN checksum INTEGER;
      ALTER TABLE snapshots ADD COLUMN checksum INTEGER;
      ALTER TABLE versions ADD COLUMN checksum INTEGER;

      UPDATE update_log SET checksum = draftroom_update_checksum(doc_key, data);
      UPDATE snapshots SET checksum = draftroom_snapshot_checksum(doc_key, covers_seq, state);
      UPDATE versions SET checksum = draftroom_version_checksum(doc_id, state);
    `);
  },
};
