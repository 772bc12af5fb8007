/**
 * Issue 7's "Done when", as one script: the sample workspace (`draftroom
 * demo`) served by `draftroom serve` (a child process); two members join
 * from two replicas (`draftroom join`) and a stock y-websocket client
 * (`WebsocketProvider` over `ws`) co-edit it; one replica is offline for a
 * while and edits; after it syncs again every replica, the stock client and
 * the server hold the same document, every tracked change recorded in its
 * author's name and party and every update in the server's log attributed;
 * and `draftroom sync` after a `kill -9` of the server loses nothing it had
 * confirmed.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { contentFragment, readChanges } from '../../../shared/ydoc/layout';
import { DocumentHub } from '../../../main/services/document-hub';
import { identityOf } from '../../../main/services/identities';
import { changesDocument } from '../../../main/policy/update-policy';
import { loadYDoc } from '../../../main/store/document-state';
import { openWorkspace } from '../../../main/store/workspace-store';
import { ChildServer, freePort } from '../../../main/team/soak/kill-soak';
import { cli } from '../cli/cli-harness';
import { clauseLines, tempDir } from '../services/harness';
import { EditorWindow } from '../../helpers/editor-window';
import { canonicalState, sameBytes, stateInFile } from '../../helpers/team-rig';
import { waitFor } from './replica-fixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Types `text` at the end of clause `index` of a replica's file, as its member in the app would (tracked), without the network. */
function typeInReplica(file: string, docId: string, memberId: string, index: number, text: string): void {
  const store = openWorkspace(file);
  const hub = new DocumentHub(store, { loadYDoc });
  let n = 0;
  const window = new EditorWindow(hub, docId, identityOf(store, memberId)!, () => `${memberId}-${Date.now()}-${++n}`);
  try {
    window.act((view) => {
      let end = 0;
      view.state.doc.forEach((node, offset, i) => {
        if (i === index) end = offset + node.nodeSize - 2;
      });
      view.select(end);
      view.type(text);
    });
    expect(window.stats.refused).toBe(0);
  } finally {
    window.close();
    hub.dispose();
    store.close();
  }
}

function textOf(doc: Y.Doc): string {
  return clauseLines(doc).join('\n');
}

describe("issue 7's Done when", () => {
  it('the served sample, two replicas and a stock y-websocket client co-edit; an offline replica catches up; all agree, attributed; sync survives kill -9', async () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.cleanup());
    const serverFile = join(tmp.dir, 'talks.draftroom');
    expect((await cli('demo', serverFile)).code).toBe(0);
    const token = async (member: string): Promise<string> => {
      const run = await cli('token', 'create', serverFile, '--member', member, '--json');
      expect(run.code).toBe(0);
      return (JSON.parse(run.stdout) as { token: string }).token;
    };
    const [dana, anna, olena] = [await token('Dana Whitfield'), await token('Anna Volkova'), await token('Olena Kovalenko')];
    const info = JSON.parse((await cli('info', serverFile, '--json')).stdout) as { id: string };
    const docs = JSON.parse((await cli('docs', serverFile, '--json')).stdout) as { id: string; title: string }[];
    const docId = docs.find((d) => d.title === 'Peace framework')!.id;

    const port = await freePort();
    const server = new ChildServer(serverFile, port);
    cleanups.push(() => server.kill());
    await server.start();
    const url = `ws://127.0.0.1:${port}/${info.id}`;

    // Two members join from two replicas.
    const fileA = join(tmp.dir, 'dana.draftroom');
    const fileB = join(tmp.dir, 'anna.draftroom');
    expect(await cli('join', url, '--token', dana, fileA)).toMatchObject({ code: 0 });
    expect(await cli('join', url, '--token', anna, fileB)).toMatchObject({ code: 0 });

    // A stock y-websocket client (Olena Kovalenko, UA lead) on the same document.
    const stock = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/${info.id}`, docId, stock, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: olena },
      disableBc: true,
      maxBackoffTime: 300,
    });
    cleanups.push(() => provider.destroy());
    await waitFor(() => provider.synced, 15_000, 'the stock client to sync');
    const stockType = (text: string): void => {
      const paragraph = (contentFragment(stock).get(2) as Y.XmlElement).get(1) as Y.XmlElement;
      const t = paragraph.get(0) as Y.XmlText;
      t.insert(t.length, text);
    };

    // Co-editing: each writes, the replicas sync.
    typeInReplica(fileA, docId, 'us-whitfield', 0, ' Dana proposes this.');
    expect((await cli('sync', fileA)).code).toBe(0);
    stockType(' Olena adds this.');
    typeInReplica(fileB, docId, 'ru-volkova', 1, ' Anna proposes this.');
    expect((await cli('sync', fileB)).code).toBe(0);

    // Anna is offline for a while and keeps editing; the others go on.
    for (let i = 1; i <= 5; i++) typeInReplica(fileB, docId, 'ru-volkova', 3, ` Offline ${i}.`);
    typeInReplica(fileA, docId, 'us-whitfield', 4, ' Dana meanwhile.');
    expect((await cli('sync', fileA)).code).toBe(0);
    stockType(' Olena meanwhile.');
    await waitFor(() => provider.wsconnected && !changesDocument(stock, stateInFile(fileA, docId)), 15_000, 'the stock client to see Dana');

    // Anna reconnects; then Dana syncs once more to pull her work.
    expect((await cli('sync', fileB)).code).toBe(0);
    expect((await cli('sync', fileA)).code).toBe(0);
    expect((await cli('sync', fileB)).code).toBe(0);
    await waitFor(() => !changesDocument(stock, stateInFile(fileA, docId)) && !changesDocument(stock, stateInFile(fileB, docId)), 15_000, 'the stock client to catch up');
    await server.stop();
    const onServer = canonicalState(stateInFile(serverFile, docId));
    expect(sameBytes(canonicalState(stateInFile(fileA, docId)), onServer)).toBe(true);
    expect(sameBytes(canonicalState(stateInFile(fileB, docId)), onServer)).toBe(true);
    expect(sameBytes(canonicalState(Y.encodeStateAsUpdate(stock)), onServer)).toBe(true);
    const serverDoc = new Y.Doc();
    Y.applyUpdate(serverDoc, onServer);
    const text = textOf(serverDoc);
    for (const piece of ['Dana proposes this.', 'Olena adds this.', 'Anna proposes this.', 'Offline 5.', 'Dana meanwhile.', 'Olena meanwhile.']) expect(text).toContain(piece);
    // Attributed: the tracked changes carry their author and party; the log names every sender.
    const records = readChanges(serverDoc);
    const mine = (member: string) => records.filter((r) => r.authorId === member && r.createdAt.startsWith(new Date().toISOString().slice(0, 4)));
    expect(mine('us-whitfield').every((r) => r.partyId === 'party-us')).toBe(true);
    expect(mine('ru-volkova').every((r) => r.partyId === 'party-ru')).toBe(true);
    expect(mine('us-whitfield').length).toBeGreaterThanOrEqual(2);
    expect(mine('ru-volkova').length).toBeGreaterThanOrEqual(2);
    const admin = openWorkspace(serverFile);
    try {
      const contributors = new Set(admin.listContributors(docId).map((c) => c.memberId));
      for (const member of ['us-whitfield', 'ru-volkova', 'ua-kovalenko']) expect(contributors.has(member)).toBe(true);
    } finally {
      admin.close();
    }

    // kill -9: what sync confirmed survives.
    await server.start();
    typeInReplica(fileA, docId, 'us-whitfield', 5, ' Confirmed before the kill.');
    expect((await cli('sync', fileA)).code).toBe(0);
    const confirmed = stateInFile(fileA, docId);
    await server.kill();
    await server.start();
    await server.stop();
    const afterKill = new Y.Doc();
    Y.applyUpdate(afterKill, stateInFile(serverFile, docId));
    expect(changesDocument(afterKill, confirmed)).toBe(false);
    expect(textOf(afterKill)).toContain('Confirmed before the kill.');
    // And sync against a killed server fails with one clear line.
    const failed = await cli('sync', fileA);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
