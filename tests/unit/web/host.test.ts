import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { DraftroomEvents } from '../../../shared/api/contract';
import { DraftroomError } from '../../../shared/api/errors';
import { createApiProxy } from '../../../shared/api/proxy';
import { WorkspaceRegistry } from '../../../main/services/workspace-registry';
import { startWebHost, type WebHost } from '../../../main/web/host';
import {
  clauseLines,
  clauseLinesOnDisk,
  makeWorkspace,
  type MirrorLink,
  MirrorClient,
  tempDir,
  type TestPeople,
  typeInClause,
} from '../services/harness';
import { connectWsTransport, type WsTestTransport } from './ws-transport';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-BUILD';
const INDEX = '<!doctype html><title>Draftroom</title><div id="app"></div>';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** An HTTP request with the path sent exactly as given (no client-side normalisation). */
function rawGet(port: number, path: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Whether a TCP connection to address:port is accepted. */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function linkFor(transport: WsTestTransport): MirrorLink {
  const mirrors = new Map<string, MirrorClient>();
  transport.subscribe((event, payload) => {
    if (event !== 'documentMessage') return;
    const { docId, message } = payload as DraftroomEvents['documentMessage'];
    mirrors.get(docId)?.receive(message);
  });
  return { api: createApiProxy(transport), mirrors };
}

describe('web host', () => {
  let dir: { dir: string; cleanup: () => void };
  let workspacePath: string;
  let people: TestPeople;
  let registry: WorkspaceRegistry;
  let host: WebHost;
  const open: WsTestTransport[] = [];

  async function client(origin?: string): Promise<WsTestTransport> {
    const transport = await connectWsTransport(`ws://127.0.0.1:${host.port}/api`, origin);
    open.push(transport);
    return transport;
  }

  beforeAll(async () => {
    dir = tempDir();
    workspacePath = join(dir.dir, 'web.draftroom');
    people = makeWorkspace(workspacePath);
    const staticDir = join(dir.dir, 'static');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), INDEX);
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("draftroom");');
    writeFileSync(join(staticDir, 'assets', 'app.css'), 'body { margin: 0 }');
    writeFileSync(join(dir.dir, 'secret.txt'), SECRET);
    symlinkSync(join(dir.dir, 'secret.txt'), join(staticDir, 'leak.txt'));
    registry = new WorkspaceRegistry();
    host = await startWebHost({ workspacePath, port: 0, staticDir, registry });
  });

  afterAll(async () => {
    for (const transport of open) transport.socket.terminate();
    await host.close();
    registry.closeAll();
    dir.cleanup();
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.port).toBeGreaterThan(0);
    expect(await accepts('127.0.0.1', host.port)).toBe(true);
    expect(await accepts('127.0.0.2', host.port)).toBe(false);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal)
      .map((a) => a!.address);
    for (const address of external) expect(await accepts(address, host.port)).toBe(false);
  });

  it('serves the renderer with content types, a strict CSP and a single-page fallback', async () => {
    const index = await rawGet(host.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toBe(INDEX);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(index.headers['x-content-type-options']).toBe('nosniff');

    expect((await rawGet(host.port, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await rawGet(host.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const route = await rawGet(host.port, '/documents/peace-framework?x=1');
    expect([route.status, route.body]).toEqual([200, INDEX]);
    expect((await rawGet(host.port, '/assets/missing.js')).status).toBe(404);
    const head = await rawGet(host.port, '/', { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, '']);
    expect((await rawGet(host.port, '/', { method: 'POST' })).status).toBe(405);
    expect((await rawGet(host.port, '/api')).status).toBe(426);
  });

  it('refuses every path that leads outside the build', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/leak.txt',
      '/%00',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const response = await rawGet(host.port, path);
      expect(response.body, path).not.toContain(SECRET);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect((await rawGet(host.port, '/', { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await rawGet(host.port, '/', { host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses API sockets from other origins, without an Origin and on other paths', async () => {
    await expect(connectWsTransport(`ws://127.0.0.1:${host.port}/api`, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(connectWsTransport(`ws://127.0.0.1:${host.port}/other`)).rejects.toThrow(/403/);
    // A local program that sends no Origin at all is refused too.
    await expect(connectWsTransport(`ws://127.0.0.1:${host.port}/api`, null)).rejects.toThrow(/403/);
    await expect(connectWsTransport(`ws://localhost:${host.port}/api`, null)).rejects.toThrow(/403/);
    const own = await client(`http://127.0.0.1:${host.port}`);
    expect((await createApiProxy(own).getWorkspace()).path).toBe(workspacePath);
  });

  it('runs the API over the WebSocket and syncs two connections', async () => {
    const a = await client();
    const b = await client();
    const apiA = createApiProxy(a);
    const apiB = createApiProxy(b);
    expect((await apiA.getWorkspace()).name).toBe('Test negotiation');
    await apiA.setIdentity(people.alice.id);
    await apiB.setIdentity(people.bohdan.id);
    expect((await apiA.getIdentity())?.party.code).toBe('US');
    const created = await apiA.createDocument('Over the wire');
    await expect(apiA.listVersions('no-such-doc')).rejects.toMatchObject({ code: 'unknown-document' });
    await expect(apiA.listVersions('no-such-doc')).rejects.toBeInstanceOf(DraftroomError);

    const linkA = linkFor(a);
    const linkB = linkFor(b);
    const mirrorA = new MirrorClient(created.id);
    const mirrorB = new MirrorClient(created.id);
    await mirrorA.connect(linkA);
    await mirrorB.connect(linkB);
    typeInClause(mirrorA.doc, 0, 'Typed in one browser.', { by: people.alice });
    await mirrorA.settled();
    await vi.waitFor(() => expect(clauseLines(mirrorB.doc)).toEqual(clauseLines(mirrorA.doc)));
    const pushed = b.events.find((e) => e.event === 'documentMessage');
    expect((pushed?.payload as DraftroomEvents['documentMessage']).message).toBeInstanceOf(Uint8Array);
    expect(clauseLinesOnDisk(workspacePath, created.id)).toEqual(clauseLines(mirrorA.doc));

    const version = await apiB.createVersion(created.id, 'Wire version', '');
    const state = await apiB.getVersionState(created.id, version.id);
    expect(state).toBeInstanceOf(Uint8Array);
    expect(state.length).toBeGreaterThan(0);
  });

  it('answers malformed frames with errors or drops them, and keeps serving', async () => {
    const t = await client();
    const api = createApiProxy(t);
    await api.setIdentity(people.alice.id);
    const made = await api.createDocument('Before the garbage');
    const listed = await api.listDocuments();
    expect(listed.map((d) => d.id)).toContain(made.id);
    t.sendRaw('this is not JSON');
    t.sendRaw('null');
    t.sendRaw('[]');
    t.sendRaw(Buffer.from([0, 1, 2, 3]), true);
    t.sendRaw('{"type":"result","id":5,"result":{}}');
    t.sendRaw('{"type":"event","event":"workspaceChanged","payload":{}}');
    const missingMethod = t.waitForResult(1001);
    t.sendRaw('{"type":"call","id":1001}');
    expect(await missingMethod).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const unknown = t.waitForResult(1002);
    t.sendRaw('{"type":"call","id":1002,"method":"dropDatabase","args":[]}');
    expect(await unknown).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const badBytes = t.waitForResult(1003);
    t.sendRaw('{"type":"call","id":1003,"method":"syncDocument","args":["x",{"$bytes":"@@not base64@@"}]}');
    expect((await badBytes).ok).toBe(false);
    const notBytes = t.waitForResult(1004);
    t.sendRaw('{"type":"call","id":1004,"method":"syncDocument","args":["x",[0,0]]}');
    expect(await notBytes).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const garbageSync = t.waitForResult(1005);
    t.sendRaw('{"type":"call","id":1005,"method":"syncDocument","args":["x",{"$bytes":"//8="}]}');
    expect(await garbageSync).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    expect(t.socket.readyState).toBe(WebSocket.OPEN);
    // The same connection still answers, and the garbage changed nothing.
    expect(await api.listDocuments()).toEqual(listed);
    const after = await api.createDocument('After the garbage');
    const ids = (await api.listDocuments()).map((d) => d.id);
    expect(ids.sort()).toEqual([...listed.map((d) => d.id), after.id].sort());
    const fresh = await client();
    expect((await createApiProxy(fresh).getWorkspace()).path).toBe(workspacePath);
  });

  it('closes the session of a dropped connection and unloads its documents', async () => {
    const t = await client();
    const api = createApiProxy(t);
    await api.setIdentity(people.alice.id);
    const { id: docId } = await api.createDocument('Dropped');
    const mirror = new MirrorClient(docId);
    await mirror.connect(linkFor(t));
    const held = registry.acquire(workspacePath);
    try {
      expect(held.hub.isLoaded(docId)).toBe(true);
      t.socket.terminate();
      await vi.waitFor(() => expect(held.hub.isLoaded(docId)).toBe(false));
    } finally {
      registry.release(held);
    }
    const other = await client();
    expect((await createApiProxy(other).listDocuments()).map((d) => d.title)).toContain('Dropped');
  });
});

describe('web host lifecycle', () => {
  it('refuses a file that is not a workspace and holds nothing open', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.dir, 'plain.draftroom');
      writeFileSync(file, 'plain text');
      const registry = new WorkspaceRegistry();
      await expect(startWebHost({ workspacePath: file, port: 0, registry })).rejects.toMatchObject({ code: 'not-a-workspace' });
      expect(registry.isOpen(file)).toBe(false);
    } finally {
      dir.cleanup();
    }
  });

  it('closes its connections, its port and the workspace file', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.dir, 'closing.draftroom');
      const closingPeople = makeWorkspace(file);
      const registry = new WorkspaceRegistry();
      const host = await startWebHost({ workspacePath: file, port: 0, staticDir: dir.dir, registry });
      const t = await connectWsTransport(`ws://127.0.0.1:${host.port}/api`);
      await createApiProxy(t).setIdentity(closingPeople.alice.id);
      await createApiProxy(t).createDocument('Before close');
      await host.close();
      await vi.waitFor(() => expect(t.socket.readyState).toBe(WebSocket.CLOSED));
      expect(registry.isOpen(file)).toBe(false);
      expect(await accepts('127.0.0.1', host.port)).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});
