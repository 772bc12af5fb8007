import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type ApiErrorCode, DraftroomError, errorText } from '../../../shared/api/errors';
import type { Identity } from '../../../shared/domain/types';
import { mayEditDocuments, editRefusal } from '../../services/identities';
import type { ManifestVersion, WorkspaceManifest } from './http-types';
import type { ServerLimits } from './limits';
import type { ServedWorkspace } from './served-workspaces';
import { fields, type ServerLog } from './server-log';
import { authenticate, presentedToken } from './token-auth';

/** What the HTTP endpoints need from the server. */
export interface HttpApiContext {
  readonly served: ReadonlyMap<string, ServedWorkspace>;
  readonly limits: ServerLimits;
  readonly log: ServerLog;
  /** What `GET /healthz` reports: whether the store (and the bus, if any) answer now. */
  readonly health: () => Promise<HealthReport>;
}

/** The body of `GET /healthz` (status 200 when `ok`, else 503). */
export interface HealthReport {
  readonly ok: boolean;
  /** `ok` or `unreachable`. */
  readonly store: 'ok' | 'unreachable';
  /** `ok`, `unreachable`, or `none` when the server runs without Redis. */
  readonly redis: 'ok' | 'unreachable' | 'none';
  /** This instance's id on the bus (or `single`). */
  readonly instance: string;
}

/** An HTTP failure with its status and a Draftroom error code. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const documentBody = z.object({ id: z.string().trim().min(1).max(200), title: z.string().trim().min(1).max(500) }).strict();
const versionBody = z
  .object({
    id: z.string().trim().min(1).max(200),
    docId: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(500),
    note: z.string().max(10_000).optional(),
    createdAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time'),
    state: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64').min(1),
  })
  .strict();

/**
 * Serves the workspace-level endpoints of the team server (every request
 * authenticated by `Authorization: Bearer <token>`, which opens only its
 * own workspace):
 * `GET /v1/workspaces/<id>/manifest`, `POST /v1/workspaces/<id>/documents`,
 * `POST /v1/workspaces/<id>/versions`; and `GET /healthz` (no token: whether
 * the store and Redis answer, 200 or 503). Errors are JSON
 * `{error: {code, message}}` with 400/401/403/404/405/409/413.
 */
export function handleHttpRequest(request: IncomingMessage, response: ServerResponse, context: HttpApiContext): void {
  route(request, context).then(
    ({ status, body }) => sendJson(response, status, body),
    (error: unknown) => {
      const failure = toHttpError(error);
      if (failure.status >= 500) context.log.error(`error ${fields({ http: request.url ?? '', error: failure.message })}`);
      else if (failure.status === 401 || failure.status === 403) {
        context.log.info(`refuse-request ${fields({ method: request.method, path: pathOf(request), status: failure.status, reason: failure.message })}`);
      }
      sendJson(response, failure.status, { error: { code: failure.code, message: failure.message } });
    },
  );
}

async function route(request: IncomingMessage, context: HttpApiContext): Promise<{ status: number; body: unknown }> {
  const url = new URL(request.url ?? '/', 'http://team.invalid');
  if (url.pathname === '/healthz') {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'invalid-argument', 'healthz takes GET');
    const report = await context.health();
    return { status: report.ok ? 200 : 503, body: report };
  }
  const match = /^\/v1\/workspaces\/([^/]+)\/(manifest|documents|versions)\/?$/.exec(url.pathname);
  if (match === null) throw new HttpError(404, 'not-found', 'no such endpoint (see ARCHITECTURE.md, "The team server")');
  const [, rawId, endpoint] = match;
  const method = endpoint === 'manifest' ? 'GET' : 'POST';
  if (request.method !== method) throw new HttpError(405, 'invalid-argument', `${endpoint} takes ${method}`);
  const served = context.served.get(safeDecode(rawId!));
  const token = presentedToken(request.headers, null);
  if (served === undefined) {
    // Say the same whether or not the workspace exists unless a token is presented at all.
    if (token === null) throw new HttpError(401, 'unauthorized', 'a token is required (Authorization: Bearer <token>)');
    throw new HttpError(404, 'not-found', `no workspace ${safeDecode(rawId!)} on this server`);
  }
  const { store } = served;
  const auth = await authenticate(store, token);
  if (!auth.ok) throw new HttpError(401, 'unauthorized', auth.message);
  if (auth.token.lastUsedAt === null || Date.parse(auth.token.lastUsedAt) < Date.now() - 60_000) {
    await store.touchToken(auth.token.id, new Date().toISOString());
  }
  if (endpoint === 'manifest') return { status: 200, body: await manifest(served, auth.identity) };
  requireEditor(auth.identity);
  const body = await readJson(request, context.limits.maxRequestBytes);
  if (endpoint === 'documents') return createDocument(served, body);
  return createVersion(served, auth.identity, body);
}

async function manifest(served: ServedWorkspace, identity: Identity): Promise<WorkspaceManifest> {
  const { store } = served;
  const meta = await store.meta();
  const documents = await store.listDocuments();
  const versions: ManifestVersion[] = [];
  for (const document of documents) {
    for (const info of await store.listVersions(document.id)) {
      const stored = await store.getVersion(document.id, info.id);
      versions.push({ ...info, state: Buffer.from(stored.state).toString('base64') });
    }
  }
  return {
    workspace: { id: meta.id, name: meta.name },
    you: { memberId: identity.member.id },
    parties: await store.listParties(),
    members: await store.listMembers(),
    documents: documents.map(({ id, title, createdAt }) => ({ id, title, createdAt })),
    versions,
  };
}

async function createDocument(served: ServedWorkspace, raw: unknown): Promise<{ status: number; body: unknown }> {
  const body = parseBody(documentBody, raw);
  const { store } = served;
  const existing = (await store.listDocuments()).find((d) => d.id === body.id);
  if (existing !== undefined) return { status: 200, body: existing };
  const created = await store.createDocument({ id: body.id, title: body.title });
  return { status: 201, body: created };
}

async function createVersion(served: ServedWorkspace, identity: Identity, raw: unknown): Promise<{ status: number; body: unknown }> {
  const body = parseBody(versionBody, raw);
  const { store } = served;
  const document = (await store.listDocuments()).find((d) => d.id === body.docId);
  if (document === undefined) throw new HttpError(404, 'unknown-document', `no document ${body.docId} in this workspace`);
  const existing = (await store.listVersions(document.id)).find((v) => v.id === body.id);
  if (existing !== undefined) return { status: 200, body: existing };
  const state = Buffer.from(body.state, 'base64');
  const created = await store.createVersion({
    id: body.id,
    docId: document.id,
    name: body.name,
    note: body.note ?? '',
    authorId: identity.member.id,
    partyId: identity.party.id,
    createdAt: body.createdAt,
    state: new Uint8Array(state.buffer, state.byteOffset, state.byteLength),
  });
  return { status: 201, body: created };
}

function requireEditor(identity: Identity): void {
  if (!mayEditDocuments(identity)) throw new HttpError(403, 'forbidden', editRefusal(identity));
}

function parseBody<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new HttpError(400, 'invalid-argument', `bad request body: ${where}${issue?.message ?? 'invalid'}`);
}

async function readJson(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    throw new HttpError(413, 'too-large', `request body larger than ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      request.resume();
      throw new HttpError(413, 'too-large', `request body larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid-argument', 'the request body is not JSON');
  }
}

const STATUS_BY_CODE: Partial<Record<ApiErrorCode, number>> = {
  'not-found': 404,
  'unknown-document': 404,
  'unknown-version': 404,
  'unknown-member': 404,
  'unknown-party': 404,
  'invalid-argument': 400,
  forbidden: 403,
  conflict: 409,
  unreachable: 503,
};

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof DraftroomError) return new HttpError(STATUS_BY_CODE[error.code] ?? 500, error.code, error.message);
  return new HttpError(500, 'internal', errorText(error));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(text);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function pathOf(request: IncomingMessage): string {
  return (request.url ?? '/').split('?')[0] ?? '/';
}
