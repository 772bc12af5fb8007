import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RedlineFile } from '../../../shared/api/contract';
import type { ApiResult } from '../../../shared/api/errors';
import { dispatchApiCall } from '../../../main/services/dispatch';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { MirrorClient, openPeer, typeInClause, type TestPeer } from '../services/harness';
import { DOC, openSample, unzipDocx, V20, V28, type SampleWorkspace } from './fixtures';

let sample: SampleWorkspace;
let registry: WorkspaceRegistry;
let peers: TestPeer[];
let docId: string;

beforeEach(() => {
  sample = openSample();
  docId = sample.store.getDocument(DOC).id;
  // The fixture's own connection is not needed: sessions open the file through the registry.
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

async function exportVia(target: TestPeer, input: unknown): Promise<ApiResult<RedlineFile>> {
  return (await dispatchApiCall(target.session, 'exportRedline', [input])) as ApiResult<RedlineFile>;
}

describe('exportRedline (API)', () => {
  it('lets an observer export: a .docx named after the document, bylined with the observer', async () => {
    const observer = await peer('eu-rossi');
    const result = await exportVia(observer, { docId });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.value.fileName).toMatch(/^Peace framework – pending suggestions – \d{4}-\d{2}-\d{2}\.docx$/);
    expect(result.value.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(result.value.bytes.subarray(0, 2)).toString()).toBe('PK');
    const { document } = await unzipDocx(result.value.bytes);
    expect(document).toContain('by Sofia Rossi (Europe)');
    expect(document).toContain('w:author="Anna Volkova (Russia)"');
  });

  it('compares two versions by id', async () => {
    const reader = await peer(null);
    const versions = await reader.session.listVersions(docId);
    const from = versions.find((v) => v.name === V28)!.id;
    const to = versions.find((v) => v.name === V20)!.id;
    const result = await exportVia(reader, { docId, from, to });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const { document } = await unzipDocx(result.value.bytes);
    expect(document).toMatch(/<w:delText xml:space="preserve">600,000<\/w:delText>/);
    // Nobody chose an identity in this session: the byline names no one.
    expect(document).toMatch(/ — Redline exported \d{1,2} \w{3} \d{4}<\/w:t>/);
  });

  it('includes edits that reached main a moment ago (the hub’s live document)', async () => {
    const drafter = await peer('ua-melnyk');
    const mirror = new MirrorClient(docId);
    await mirror.connect(drafter);
    typeInClause(mirror.doc, 0, ' Synced a moment ago.');
    await mirror.settled();
    const result = await exportVia(await peer('eu-rossi'), { docId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((await unzipDocx(result.value.bytes)).document).toContain('Synced a moment ago.');
  });

  it('refuses malformed input and unknown documents or versions with a code', async () => {
    const reader = await peer('eu-rossi');
    const codeOf = async (input: unknown): Promise<string> => {
      const result = await exportVia(reader, input);
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await codeOf({ docId, extra: true })).toBe('invalid-argument');
    expect(await codeOf({ docId: '' })).toBe('invalid-argument');
    expect(await codeOf('Peace framework')).toBe('invalid-argument');
    expect(await codeOf({ docId: 'no-such-doc' })).toBe('unknown-document');
    expect(await codeOf({ docId, from: 'no-such-version' })).toBe('unknown-version');
    expect(await codeOf({ docId, to: 'v-peace-20' })).toBe('invalid-argument');
  });
});
