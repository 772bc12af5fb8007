import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { isMenuCommand, MENU_COMMANDS } from '../../../shared/api/contract';
import { API_ERROR_CODES, DraftroomError, isApiErrorCode } from '../../../shared/api/errors';
import { createApiProxy } from '../../../shared/api/proxy';
import type { ApiTransport } from '../../../shared/api/transport';
import { API_ARGUMENTS, API_METHODS } from '../../../shared/api/validation';
import { decodeWireMessage } from '../../../shared/api/wire';
import { isApiMethod } from '../../../main/services/dispatch';
import { connectWebSocket } from '../../../renderer/src/api/ws-transport';
import { describeError, ERROR_CODE_MESSAGES } from '../../../renderer/src/ui/error-messages';

describe('the API contract has one list of each thing', () => {
  it('derives the methods from the argument schemas: the proxy and the dispatch allow-list have exactly those', () => {
    expect([...API_METHODS].sort()).toEqual(Object.keys(API_ARGUMENTS).sort());
    const proxy = createApiProxy({ invoke: async () => ({ ok: true, value: null }), subscribe: () => () => {} });
    expect(Object.keys(proxy).sort()).toEqual([...API_METHODS].sort());
    for (const method of API_METHODS) expect(isApiMethod(method)).toBe(true);
    expect(isApiMethod('constructor')).toBe(false);
  });

  it('knows its menu commands and nothing else', () => {
    for (const command of MENU_COMMANDS) expect(isMenuCommand(command)).toBe(true);
    expect(isMenuCommand('quit')).toBe(false);
    expect(isMenuCommand(undefined)).toBe(false);
  });

  it('turns an error code this build does not know into an internal error that keeps its message', async () => {
    const transport: ApiTransport = {
      invoke: async () => ({ ok: false, error: { code: 'from-the-future' as never, message: 'a newer host said no' } }),
      subscribe: () => () => {},
    };
    const failure = await createApiProxy(transport).getWorkspace().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DraftroomError);
    expect((failure as DraftroomError).code).toBe('internal');
    expect((failure as DraftroomError).message).toBe('a newer host said no');
    expect(isApiErrorCode('from-the-future')).toBe(false);
  });
});

describe('every error code has a message a user understands', () => {
  it.each([...API_ERROR_CODES])('%s', (code) => {
    const meaning = ERROR_CODE_MESSAGES[code];
    // A sentence of its own, in words: no code, no stack, no "undefined".
    expect(meaning).toMatch(/^[A-Z][^]*[.]$/);
    expect(meaning.length).toBeGreaterThan(20);
    expect(meaning).not.toContain(code);
    expect(meaning).not.toMatch(/undefined|null|Error:|\bat /);
    const described = describeError(new DraftroomError(code, 'the detail main gave'));
    expect(described.startsWith(meaning)).toBe(true);
    if (code !== 'disconnected') expect(described).toContain('Details: the detail main gave.');
  });

  it('describes anything thrown without a code as internal, with its text', () => {
    expect(describeError(new TypeError('x is not a function'))).toBe(`${ERROR_CODE_MESSAGES.internal} Details: x is not a function.`);
    expect(describeError('plain text')).toBe(`${ERROR_CODE_MESSAGES.internal} Details: plain text.`);
  });
});

describe('a dropped connection', () => {
  const originalWebSocket = globalThis.WebSocket;
  let server: WebSocketServer | null = null;

  afterEach(async () => {
    // The transport reconnects on its own: give it a socket that never connects, so it stops.
    globalThis.WebSocket = class {
      static readonly OPEN = 1;
      readonly readyState = 0;
      addEventListener(): void {}
    } as unknown as typeof WebSocket;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
    setTimeout(() => {
      globalThis.WebSocket = originalWebSocket;
    }, 200);
  });

  it('fails a call in flight with its own code, `disconnected`, and says so in words', async () => {
    // A host that takes the call and drops the connection before answering it.
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const received: string[] = [];
    server.on('connection', (socket) => {
      socket.on('message', (data: Buffer) => {
        const message = decodeWireMessage(data.toString('utf8'));
        if (message.type === 'call') received.push(message.method);
        socket.terminate();
      });
    });
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
    const { port } = server.address() as { port: number };
    globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket;

    const connected = connectWebSocket(`ws://127.0.0.1:${port}/api`, { initialDelayMs: 20, maxDelayMs: 50 });
    const api = createApiProxy(connected.transport);
    const failure = await api.listDocuments().catch((error: unknown) => error);

    expect(received).toEqual(['listDocuments']);
    expect(failure).toBeInstanceOf(DraftroomError);
    expect((failure as DraftroomError).code).toBe('disconnected');
    expect(connected.state.get()).not.toBe('online');
    expect(describeError(failure)).toBe(ERROR_CODE_MESSAGES.disconnected);
    expect(describeError(failure)).toMatch(/connection to Draftroom was lost/);
  });
});
