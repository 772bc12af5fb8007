import { hashFieldsOfRow, versionHash } from '../version-hash';
import type { Migration } from './migration';

interface OldVersionRow {
  id: string;
  doc_id: string;
  name: string;
  note: string;
  author_id: string | null;
  party_id: string | null;
  created_at: string;
  state: unknown;
}

/**
 * Schema version 7: initialled versions, tamper-evident.
 *
 * Each named version gets its place in its document's chain (`chain_seq`),
 * the hash of the version before it (`prev_hash`) and its own content hash
 * (`hash`, see `version-hash.ts`), which covers its text, records and facts
 * and the previous hash. `member_keys` records each member's Ed25519 public
 * key (PEM); `version_initials` keeps a member's signature over a version's
 * hash (see `shared/initials/initial-message.ts`). The private keys never
 * enter the file.
 *
 * Versions already in the file are chained in the order they are listed
 * (time taken, then insertion). A version whose state cannot be decoded
 * keeps a null hash (and every later version of its document chains to that
 * gap), so `draftroom verify` names it instead of the migration failing.
 */
export const migration007: Migration = {
  version: 7,
  name: 'version chain and initials',
  up(db) {
    db.exec(`
      ALTER TABLE versions ADD COLUMN chain_seq INTEGER;
      ALTER TABLE versions ADD COLUMN prev_hash TEXT;
      ALTER TABLE versions ADD COLUMN hash TEXT;

      CREATE TABLE member_keys (
        member_id  TEXT PRIMARY KEY REFERENCES members (id),
        public_key TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE version_initials (
        version_id TEXT NOT NULL REFERENCES versions (id),
        member_id  TEXT NOT NULL REFERENCES members (id),
        at         TEXT NOT NULL,
        signature  TEXT NOT NULL,
        PRIMARY KEY (version_id, member_id)
      ) STRICT;
    `);
    const rows = db
      .prepare<[], OldVersionRow>(
        'SELECT id, doc_id, name, note, author_id, party_id, created_at, state FROM versions ORDER BY doc_id, created_at, rowid',
      )
      .all();
    const update = db.prepare<[number, string | null, string | null, string]>('UPDATE versions SET chain_seq = ?, prev_hash = ?, hash = ? WHERE id = ?');
    let docId: string | null = null;
    let seq = 0;
    let previous: string | null = null;
    for (const row of rows) {
      if (row.doc_id !== docId) {
        docId = row.doc_id;
        seq = 0;
        previous = null;
      }
      seq += 1;
      let hash: string | null = null;
      if (row.state instanceof Uint8Array) {
        try {
          hash = versionHash(hashFieldsOfRow(row, previous), row.state);
        } catch {
          // Left null: verify names the version as damaged.
        }
      }
      update.run(seq, previous, hash, row.id);
      previous = hash;
    }
    db.exec('CREATE UNIQUE INDEX versions_chain ON versions (doc_id, chain_seq)');
  },
};
