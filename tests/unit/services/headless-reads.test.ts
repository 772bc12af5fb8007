import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { listClauses } from '../../../shared/schema/clauses';
import { proposalSchema } from '../../../shared/schema/schema';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { decideInYDoc } from '../../../shared/suggest/decide-ydoc';
import { readContent } from '../../../shared/ydoc/content-reader';
import { contentFragment, readChanges, readProseMirrorDoc } from '../../../shared/ydoc/layout';
import type { Identity } from '../../../shared/domain/types';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { cli } from '../cli/cli-harness';
import { openPeer } from './harness';

/**
 * Issue 13, item 1: reads never write. y-prosemirror's converter deletes
 * what the schema refuses from the Y.Doc it reads; a structural fault
 * planted in a stored document (here: a second, empty heading in a clause,
 * which would make the repair delete the whole clause) must survive every
 * headless reader — the document list, an export, `show`, `accept` —
 * untouched in memory and on disk.
 */

const DOC = 'Peace framework';
const LEAD = 'us-whitfield';

let dir: string;
let file: string;
let docId: string;
/** The faulty clause: index and id. */
const FAULTY = 2;
let faultyId: string;

/** A hash of the document's state as stored (main compacting its log on unload changes no state). */
function stored(): string {
  const store = openWorkspace(file);
  try {
    const doc = loadYDoc(store, docId);
    const state = createHash('sha1').update(Y.encodeStateAsUpdate(doc)).digest('hex');
    doc.destroy();
    return state;
  } finally {
    store.close();
  }
}

function plantFault(doc: Y.Doc): void {
  const clause = contentFragment(doc).get(FAULTY) as Y.XmlElement;
  clause.insert(0, [new Y.XmlElement('clause_heading')]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-reads-'));
  file = join(dir, 'sample.draftroom');
  expect((await cli('demo', file)).code).toBe(0);
  const store = openWorkspace(file);
  try {
    docId = store.getDocument(DOC).id;
    const doc = loadYDoc(store, docId);
    faultyId = String((contentFragment(doc).get(FAULTY) as Y.XmlElement).getAttribute('id'));
    const before = Y.encodeStateVector(doc);
    plantFault(doc);
    // Planted past the policy, straight into the file (an older build, or a peer the policy trusted).
    store.appendUpdate(docId, Y.encodeStateAsUpdate(doc, before));
    doc.destroy();
  } finally {
    store.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('headless reads never write', () => {
  it('the reader builds what y-prosemirror builds, without deleting the fault', () => {
    const store = openWorkspace(file);
    const doc = loadYDoc(store, docId);
    store.close();
    const before = Y.encodeStateAsUpdate(doc);
    const read = readContent(contentFragment(doc), proposalSchema);
    expect(read.dropped).toBe(1);
    expect(readProseMirrorDoc(doc).eq(read.doc)).toBe(true);
    expect(listClauses(readSuggestedDoc(doc)).map((c) => c.id)).not.toContain(faultyId);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    // y-prosemirror's own converter, on a copy: the same document, but it deleted the clause from the copy.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, before);
    expect(yXmlFragmentToProseMirrorRootNode(contentFragment(copy), proposalSchema).eq(read.doc)).toBe(true);
    expect(Y.encodeStateAsUpdate(copy)).not.toEqual(before);
  });

  it('a sound document reads exactly as y-prosemirror reads it', () => {
    const store = openWorkspace(file);
    try {
      for (const info of store.listDocuments()) {
        const doc = loadYDoc(store, info.id);
        if (info.id === docId) {
          // Undo the fault on a copy: delete the planted heading.
          (contentFragment(doc).get(FAULTY) as Y.XmlElement).delete(0, 1);
        }
        const read = readContent(contentFragment(doc), proposalSchema);
        expect(read.dropped).toBe(0);
        expect(read.doc.eq(yXmlFragmentToProseMirrorRootNode(contentFragment(doc), proposalSchema))).toBe(true);
      }
    } finally {
      store.close();
    }
  });

  it('listing documents and exporting through main store and broadcast nothing', async () => {
    const before = stored();
    const registry = new WorkspaceRegistry();
    const watcher = openPeer(registry, file);
    const reader = openPeer(registry, file);
    try {
      await watcher.session.setIdentity(LEAD);
      await reader.session.setIdentity(LEAD);
      const summaries = await reader.session.listDocuments();
      expect(summaries.find((d) => d.id === docId)?.clauses).toBeGreaterThan(0);
      const redline = await reader.session.exportRedline({ docId });
      expect(redline.bytes.length).toBeGreaterThan(0);
      expect(watcher.events.filter((e) => e.event === 'documentMessage')).toEqual([]);
    } finally {
      watcher.session.close();
      reader.session.close();
      registry.closeAll();
    }
    expect(stored()).toEqual(before);
  });

  it('draftroom docs, show and export leave the file’s document as it was; accept refuses instead of deleting the clause', async () => {
    const before = stored();
    expect((await cli('docs', file)).code).toBe(0);
    const show = await cli('show', file, '--doc', DOC);
    expect(show.code, show.stderr).toBe(0);
    expect((await cli('export', file, '--doc', DOC, '--out', join(dir, 'redline.docx'))).code).toBe(0);
    expect(stored()).toEqual(before);
    const accept = await cli('accept', file, '--doc', DOC, '--all', '--as', LEAD);
    expect(accept.code).not.toBe(0);
    expect(accept.stderr).toMatch(/schema does not allow/);
    expect(stored()).toEqual(before);
  });

  it('a headless decision on a faulty Y.Doc refuses and writes nothing', () => {
    const store = openWorkspace(file);
    const doc = loadYDoc(store, docId);
    const lead: Identity = {
      member: { ...store.getMember(LEAD)!, role: 'lead' },
      party: store.listParties().find((p) => p.id === store.getMember(LEAD)!.partyId)!,
    };
    store.close();
    const before = Y.encodeStateAsUpdate(doc);
    const proposed = readChanges(doc).find((r) => r.status === 'proposed')!;
    expect(() => decideInYDoc(doc, { changeId: proposed.id }, 'accepted', lead)).toThrow(/schema does not allow/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
