import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLargeProposal, LARGE_PROPOSAL_SHAPE, writeLargeWorkspace } from '../../../main/bench/large-proposal';
import { buildRedline } from '../../../main/export/export-redline';
import { VersionSnapshots } from '../../../main/export/version-snapshots';
import type { ProjectionStore } from '../../../main/export/version-read';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import type { StoredVersion } from '../../../main/store/store-types';
import { withVersionDoc } from '../../../shared/history/version-clauses';
import { documentSnapshot } from '../../../shared/redline/document-snapshot';
import { listClauses } from '../../../shared/schema/clauses';
import { openPeer, typeInClause, type TestPeer } from '../services/harness';
import { DOC, openSample, sourceOf, V20, V28, type SampleWorkspace } from './fixtures';

let sample: SampleWorkspace;
let docId: string;

beforeEach(() => {
  sample = openSample();
  docId = sample.store.getDocument(DOC).id;
});

afterEach(() => sample.dispose());

/** A store with no projections stored and none kept: every read decodes the version's state. */
const DECODES: ProjectionStore = { versionProjection: () => undefined, storeVersionProjection: () => undefined };

const textOf = (snapshot: { doc: Parameters<typeof listClauses>[0] }): string => listClauses(snapshot.doc).map((c) => c.text).join('\n');

describe('VersionSnapshots (decoded named versions kept per workspace)', () => {
  it('gives the same comparison as decoding every time, and decodes each version once', () => {
    const cache = new VersionSnapshots();
    const request = { docId, from: V28, to: V20 };
    const uncached = buildRedline(sourceOf(sample.store), request).model;
    const first = buildRedline({ ...sourceOf(sample.store), versionSnapshots: cache }, request).model;
    const again = buildRedline({ ...sourceOf(sample.store), versionSnapshots: cache }, request).model;
    expect(JSON.stringify(first)).toBe(JSON.stringify(uncached));
    expect(JSON.stringify(again)).toBe(JSON.stringify(uncached));
    expect(cache.size).toBe(2);
    const v28 = sample.store.getVersion(docId, V28);
    // A fresh read of the same version (new bytes object, same bytes) is served from the cache.
    expect(cache.read(DECODES, sample.store.getVersion(docId, V28)).snapshot).toBe(cache.read(DECODES, v28).snapshot);
  });

  it('decodes anew when a version id comes back with other bytes (a version recreated, a file replaced) and again when the old bytes return', () => {
    const cache = new VersionSnapshots();
    const v28 = sample.store.getVersion(docId, V28);
    const v20 = sample.store.getVersion(docId, V20);
    const original = cache.read(DECODES, v28).snapshot;
    const recreated: StoredVersion = { ...v28, state: v20.state };
    const replaced = cache.read(DECODES, recreated).snapshot;
    expect(replaced).not.toBe(original);
    expect(textOf(replaced)).toBe(withVersionDoc(v20.state, (ydoc) => textOf(documentSnapshot(ydoc))));
    expect(textOf(replaced)).not.toBe(textOf(original));
    expect(cache.size).toBe(1);
    const restored = cache.read(DECODES, v28).snapshot;
    expect(restored).not.toBe(replaced);
    expect(textOf(restored)).toBe(textOf(original));
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new VersionSnapshots(2);
    const v28 = sample.store.getVersion(docId, V28);
    const v20 = sample.store.getVersion(docId, V20);
    const other: StoredVersion = { ...v20, id: 'another-version' };
    const first28 = cache.read(DECODES, v28).snapshot;
    cache.read(DECODES, v20);
    cache.read(DECODES, v28); // v28 is now the most recently used
    cache.read(DECODES, other); // drops v20
    expect(cache.size).toBe(2);
    expect(cache.read(DECODES, v28).snapshot).toBe(first28);
    expect(() => new VersionSnapshots(0)).toThrow(/capacity/);
  });

  it('hands out frozen snapshots: a caller cannot change what the next one reads', () => {
    const cache = new VersionSnapshots();
    const snapshot = cache.read(DECODES, sample.store.getVersion(docId, V20)).snapshot;
    expect(snapshot.records.length).toBeGreaterThan(0);
    expect(() => (snapshot.records as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (snapshot.records[0] as { rationale: string }).rationale = 'changed';
    }).toThrow(TypeError);
    expect(cache.read(DECODES, sample.store.getVersion(docId, V20)).snapshot.records[0]!.rationale).not.toBe('changed');
  });

  it('keeps nothing for bytes that are not a Yjs state', () => {
    const cache = new VersionSnapshots();
    const broken: StoredVersion = { ...sample.store.getVersion(docId, V20), state: new Uint8Array([255, 255, 255, 1, 2, 3]) };
    expect(() => cache.read(DECODES, broken).snapshot).toThrow(/cannot be read/);
    expect(cache.size).toBe(0);
  });
});

describe('comparisons in the app (one cache per open workspace)', () => {
  let registry: WorkspaceRegistry;
  let peer: TestPeer;

  beforeEach(async () => {
    registry = new WorkspaceRegistry();
    peer = openPeer(registry, sample.file);
    await peer.session.setIdentity('ua-melnyk');
  });

  afterEach(() => {
    peer.session.close();
    registry.closeAll();
  });

  it('never caches the working draft: a version compared with it again shows the edits made since', async () => {
    const workspace = registry.acquire(sample.file);
    try {
      const before = await peer.session.compareVersions({ docId, from: V20 });
      workspace.hub.withDocument(docId, (doc) => typeInClause(doc, 0, ' Illustrative words typed after the first comparison.', { tracked: false }));
      const after = await peer.session.compareVersions({ docId, from: V20 });
      const text = (model: typeof before): string => JSON.stringify(model.paragraphs);
      expect(text(before)).not.toContain('Illustrative words typed after the first comparison.');
      expect(text(after)).toContain('Illustrative words typed after the first comparison.');
      // Only the named version was kept.
      expect(workspace.versionSnapshots.size).toBe(1);
    } finally {
      registry.release(workspace);
    }
  });
});

describe('the B4 proposal (1,000 clauses, 300 differences; smaller here)', () => {
  it('compares the same with and without the cache, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'draftroom-snapshots-'));
    const proposal = buildLargeProposal(20251203, { ...LARGE_PROPOSAL_SHAPE, clauses: 120, minWords: 30, maxWords: 60, versionChanges: 40, amended: 10, added: 2, removed: 2, moved: 2, comments: 10, threads: 5 });
    const store = writeLargeWorkspace(join(dir, 'b4.draftroom'), proposal);
    try {
      const [first, second] = proposal.versions;
      const request = { docId: proposal.docId, from: first!.name, to: second!.name };
      const source = { store, readWorkingDraft: () => { throw new Error('two named versions'); }, exportedBy: null, now: new Date('2025-12-01T12:00:00Z') };
      const cache = new VersionSnapshots();
      const plain = JSON.stringify(buildRedline(source, request).model);
      expect(JSON.stringify(buildRedline({ ...source, versionSnapshots: cache }, request).model)).toBe(plain);
      expect(JSON.stringify(buildRedline({ ...source, versionSnapshots: cache }, request).model)).toBe(plain);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
