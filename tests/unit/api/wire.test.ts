import { describe, expect, it } from 'vitest';
import { decodeWireMessage, encodeWireMessage } from '../../../shared/api/wire';
import { createApiProxy } from '../../../shared/api/proxy';
import { DraftroomError } from '../../../shared/api/errors';
import type { ApiTransport } from '../../../shared/api/transport';

describe('wire codec', () => {
  it('round-trips Uint8Array and Node Buffer payloads as bytes', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const buffer = Buffer.from([9, 8, 7]);
    const text = encodeWireMessage({ type: 'result', id: 7, result: { ok: true, value: { bytes, nested: [buffer] } } });
    const decoded = decodeWireMessage(text);
    expect(decoded.type).toBe('result');
    const value = (decoded as { result: { value: { bytes: Uint8Array; nested: Uint8Array[] } } }).result.value;
    expect(value.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(value.bytes)).toEqual([0, 1, 2, 250, 255]);
    expect(Array.from(value.nested[0] ?? [])).toEqual([9, 8, 7]);
  });

  it('rejects text that is not a wire message', () => {
    expect(() => decodeWireMessage('not json')).toThrow();
    expect(() => decodeWireMessage('42')).toThrow(/not an object/);
    expect(() => decodeWireMessage('{"type":"call","id":"x","method":"m","args":[]}')).toThrow(/malformed call/);
    expect(() => decodeWireMessage('{"type":"nope"}')).toThrow(/unknown wire message type/);
  });

  it('keeps an object that merely has a $bytes key among others', () => {
    const text = encodeWireMessage({ type: 'event', event: 'workspaceChanged', payload: { $bytes: 'AA==', other: 1 } });
    const decoded = decodeWireMessage(text) as { payload: Record<string, unknown> };
    expect(decoded.payload).toEqual({ $bytes: 'AA==', other: 1 });
  });
});

describe('API proxy', () => {
  it('forwards calls and rethrows error results as DraftroomError with their code', async () => {
    const calls: Array<[string, readonly unknown[]]> = [];
    const transport: ApiTransport = {
      invoke: async (method, args) => {
        calls.push([method, args]);
        if (method === 'listDocuments') return { ok: true, value: [{ id: 'd1' }] };
        return { ok: false, error: { code: 'unknown-document', message: 'no such document: x' } };
      },
      subscribe: () => () => undefined,
    };
    const api = createApiProxy(transport);
    await expect(api.listDocuments()).resolves.toEqual([{ id: 'd1' }]);
    const failure = api.listVersions('x');
    await expect(failure).rejects.toBeInstanceOf(DraftroomError);
    await expect(failure).rejects.toMatchObject({ code: 'unknown-document' });
    expect(calls).toEqual([
      ['listDocuments', []],
      ['listVersions', ['x']],
    ]);
  });
});
