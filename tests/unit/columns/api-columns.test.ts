import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../shared/api/errors';
import type { ColumnsTable } from '../../../shared/columns/column-model';
import { dispatchApiCall } from '../../../main/services/dispatch';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { openPeer, type TestPeer } from '../services/harness';
import { DOC, openSample, type SampleWorkspace } from '../export/fixtures';

let sample: SampleWorkspace;
let registry: WorkspaceRegistry;
let peers: TestPeer[];
let docId: string;

beforeEach(() => {
  sample = openSample();
  docId = sample.store.getDocument(DOC).id;
  registry = new WorkspaceRegistry();
  peers = [];
});

afterEach(() => {
  for (const peer of peers) peer.session.close();
  registry.closeAll();
  sample.dispose();
});

async function peer(memberId: string | null): Promise<TestPeer> {
  const opened = openPeer(registry, sample.file);
  peers.push(opened);
  if (memberId !== null) await opened.session.setIdentity(memberId);
  return opened;
}

const FOUR = [
  { doc: null, version: 'U.S. 28-point draft' },
  { doc: null, version: 'U.S.–Ukraine 20-point proposal' },
  { doc: null, version: 'Russian counter-draft' },
  { doc: null, version: null },
];

describe('the columns through the API', () => {
  it('lets anyone read and export; a pin saved by a member who may edit applies to every later table; observers are refused', async () => {
    const observer = await peer('ru-sokolov');
    const read = (await dispatchApiCall(observer.session, 'compareColumns', [{ docId, columns: FOUR }])) as ApiResult<ColumnsTable>;
    expect(read.ok, JSON.stringify(read)).toBe(true);
    if (!read.ok) return;
    expect(read.value.rows).toHaveLength(29);
    const file = await observer.session.exportColumns({ docId, columns: FOUR, format: 'html' });
    expect(file.fileName).toMatch(/^Peace framework – 4 columns – \d{4}-\d\d-\d\d\.html$/);
    expect(file.mimeType).toMatch(/^text\/html/);

    const pin = { docId, clauseId: 'ru-amnesty', targetDocId: docId, targetClauseId: null };
    const refused = await dispatchApiCall(observer.session, 'setColumnPin', [pin]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(sample.store.listColumnPins()).toEqual([]);

    const drafter = await peer('ru-orlov');
    expect(await drafter.session.setColumnPin(pin)).toMatchObject({ ...pin, setBy: 'ru-orlov' });
    const after = await observer.session.compareColumns({ docId, columns: FOUR });
    expect(after.rows).toHaveLength(30);
    expect(after.rows.find((r) => r.cells[2]!.clause?.id === 'ru-amnesty')!.cells[0]!.state).toBe('empty');
    expect(await drafter.session.clearColumnPin(docId, 'ru-amnesty', docId)).toBe(true);
    expect((await observer.session.compareColumns({ docId, columns: FOUR })).rows).toHaveLength(29);
  });

  it('refuses malformed requests before they reach a service', async () => {
    const reader = await peer(null);
    const one = await dispatchApiCall(reader.session, 'compareColumns', [{ docId, columns: [FOUR[0]] }]);
    expect(one).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const extra = await dispatchApiCall(reader.session, 'setColumnPin', [{ docId, clauseId: 'x', targetDocId: docId }]);
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const unknown = await dispatchApiCall(reader.session, 'compareColumns', [{ docId, columns: [FOUR[0], { doc: 'Nowhere', version: null }] }]);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-document' } });
  });
});
