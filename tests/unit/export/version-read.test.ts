/**
 * Reading named versions for redlines from their stored projections
 * (migration 009): every saved version gets one; a projection of another
 * format, missing, damaged or altered is not used (the state is decoded,
 * and the redline is the same); the app stores a missing one on first use;
 * `verify` names an altered one.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRedline } from '../../../main/export/export-redline';
import { readVersion } from '../../../main/export/version-read';
import { VersionSnapshots } from '../../../main/export/version-snapshots';
import { versionSeal, verifyVersions } from '../../../main/services/version-seals';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import type { DocumentSnapshot } from '../../../shared/redline/document-snapshot';
import { VERSION_PROJECTION_FORMAT } from '../../../shared/redline/version-projection';
import { DOC, openSample, sourceOf, V20, V28, type SampleWorkspace } from './fixtures';

let sample: SampleWorkspace;
let store: WorkspaceStoreApi;
let docId: string;

beforeEach(() => {
  sample = openSample();
  store = sample.store;
  docId = store.getDocument(DOC).id;
});

afterEach(() => {
  if (store !== sample.store) store.close();
  sample.dispose();
});

/** Changes the file with another connection (the store is closed meanwhile, then opened again). */
function alterFile(sql: string, ...params: unknown[]): void {
  store.close();
  const raw = new Database(sample.file);
  raw.prepare(sql).run(...params);
  raw.close();
  store = openWorkspace(sample.file);
}

const comparable = (snapshot: DocumentSnapshot): string => JSON.stringify({ doc: snapshot.doc.toJSON(), records: snapshot.records, comments: snapshot.comments, brackets: snapshot.brackets });
const compared = (): string => JSON.stringify(buildRedline(sourceOf(store), { docId, from: V28, to: V20 }).model);
const versionId = (name: string): string => store.getVersion(docId, name).id;

describe('version projections', () => {
  it('are written with every version, and a redline reads them instead of the state', () => {
    for (const info of store.listVersions(docId)) {
      const stored = store.versionProjection(info.id);
      expect(stored?.projection?.format).toBe(VERSION_PROJECTION_FORMAT);
      expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(readVersion(store, store.getVersion(docId, info.id)).from).toBe('projection');
    }
    expect(store.versionProjection('no-such-version')).toBeUndefined();
    expect(() => store.storeVersionProjection('no-such-version', VERSION_PROJECTION_FORMAT, '{}')).toThrow(/no version/);
  });

  const fallbacks: readonly [string, string, (id: string) => unknown[]][] = [
    ['missing', 'DELETE FROM version_projections WHERE version_id = ?', (id) => [id]],
    ['of a newer format', 'UPDATE version_projections SET format = ? WHERE version_id = ?', (id) => [VERSION_PROJECTION_FORMAT + 1, id]],
    ['damaged (cut short)', 'UPDATE version_projections SET content = substr(content, 1, 1000) WHERE version_id = ?', (id) => [id]],
    ['altered (other words, still well-formed)', "UPDATE version_projections SET content = replace(content, 'Ukraine', 'Atlantis') WHERE version_id = ?", (id) => [id]],
  ];
  for (const [what, sql, params] of fallbacks) {
    it(`${what}: the state is decoded and the redline is the same`, () => {
      const id = versionId(V20);
      const fromProjection = readVersion(store, store.getVersion(docId, V20));
      const before = compared();
      alterFile(sql, ...params(id));
      const read = readVersion(store, store.getVersion(docId, V20));
      expect(read.from).toBe('state');
      expect(read.matchesHash).toBe(true);
      expect(comparable(read.snapshot)).toBe(comparable(fromProjection.snapshot));
      const after = compared();
      expect(after).toBe(before);
      expect(after).not.toContain('Atlantis');
      // The header still calls the version verified (its content was read from the state and gives its hash).
      expect(after).not.toContain('does NOT verify');
    });
  }

  it('missing (a version saved before migration 009): the app stores it on first use, a plain read does not', () => {
    alterFile('DELETE FROM version_projections');
    readVersion(store, store.getVersion(docId, V20));
    expect(store.versionProjection(versionId(V20))?.projection).toBeNull();
    const cache = new VersionSnapshots();
    expect(cache.read(store, store.getVersion(docId, V20)).from).toBe('state');
    const stored = store.versionProjection(versionId(V20))?.projection;
    expect(stored?.format).toBe(VERSION_PROJECTION_FORMAT);
    expect(readVersion(store, store.getVersion(docId, V20)).from).toBe('projection');
  });

  it('a version whose state was altered: its projection still gives its hash, so the redline shows the sealed content; without one, the altered state is shown unverified and no projection is stored', () => {
    const id = versionId(V20);
    const sealed = compared();
    // The state of the 28-point draft in place of the 20-point proposal's (its checksum made to match: a deliberate edit).
    store.close();
    const raw = new Database(sample.file);
    const other = raw.prepare('SELECT state, checksum FROM versions WHERE name = ?').get(V28) as { state: Buffer; checksum: number };
    raw.close();
    store = openWorkspace(sample.file);
    alterFile('UPDATE versions SET state = ?, checksum = ? WHERE id = ?', other.state, other.checksum, id);
    expect(compared()).toBe(sealed);
    alterFile('DELETE FROM version_projections WHERE version_id = ?', id);
    const cache = new VersionSnapshots();
    const read = cache.read(store, store.getVersion(docId, V20));
    expect(read).toMatchObject({ from: 'state', matchesHash: false });
    expect(store.versionProjection(id)?.projection).toBeNull();
    expect(compared()).toContain('does NOT verify');
  });

  it('verify names a projection that does not give its version hash, and nothing else', () => {
    expect(verifyVersions(store, docId).ok).toBe(true);
    alterFile("UPDATE version_projections SET content = replace(content, 'Ukraine', 'Atlantis') WHERE version_id = ?", versionId(V20));
    const report = verifyVersions(store, docId);
    expect(report.ok).toBe(false);
    const problems = report.versions.flatMap((v) => v.problems.map((p) => `${v.name}: ${p.kind}`));
    expect(problems).toEqual([`${V20}: projection`]);
    // A projection of a newer format is left alone.
    alterFile('UPDATE version_projections SET format = ? WHERE version_id = ?', VERSION_PROJECTION_FORMAT + 1, versionId(V20));
    expect(verifyVersions(store, docId).ok).toBe(true);
  });

  it("a redline's seal takes the content check from the read and reads the chain without its states", () => {
    const id = versionId(V20);
    expect(store.versionChain(docId, { states: false }).every((row) => row.state === null)).toBe(true);
    expect(store.versionChain(docId).every((row) => row.state instanceof Uint8Array)).toBe(true);
    expect(versionSeal(store, docId, id, { contentMatches: true }).problems).toEqual([]);
    expect(versionSeal(store, docId, id, { contentMatches: false }).problems.map((p) => p.kind)).toEqual(['content']);
    expect(versionSeal(store, docId, id).problems).toEqual([]);
  });
});
