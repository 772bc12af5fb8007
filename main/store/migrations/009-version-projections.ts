import type { Migration } from './migration';

/**
 * Schema version 9: each named version's redline projection.
 *
 * `version_projections` keeps, per version, its content as its hash covers
 * it (`versionContentText`: the ProseMirror JSON of its text and its record
 * maps, canonical JSON) in a layout named by `format`
 * (`VERSION_PROJECTION_FORMAT`), so that a redline reads JSON instead of
 * decoding the version's Yjs state (`shared/redline/version-projection.ts`).
 * It is derived data: written with the version (`VersionTable.create`), and
 * never trusted as it is — a reader uses it only if it gives the version's
 * recorded hash, and otherwise decodes the state.
 *
 * Versions already in the file get no row here: decoding every version at
 * the first open after an upgrade would cost about a quarter of a second per
 * megabyte of state, under the write lock, for versions that may never be
 * compared. Their projection is written the first time a redline reads them
 * (`main/export/version-read.ts`).
 */
export const migration009: Migration = {
  version: 9,
  name: 'version projections',
  up(db) {
    db.exec(`
      CREATE TABLE version_projections (
        version_id TEXT PRIMARY KEY REFERENCES versions (id),
        format     INTEGER NOT NULL,
        content    TEXT NOT NULL
      ) STRICT;
    `);
  },
};
