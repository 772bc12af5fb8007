import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type ApiErrorCode, DraftroomError, errorText, isApiErrorCode } from '../../../shared/api/errors';
import type { DocumentInfo, Member, Party, VersionInfo } from '../../../shared/domain/types';
import { httpBase } from './binding';

/** A named version as the server lists it: metadata plus the base64 Yjs state. */
export type ManifestVersion = VersionInfo & { readonly state: string };

/** What `GET /v1/workspaces/<id>/manifest` answers: the workspace-level data a replica follows. */
export interface TeamManifest {
  readonly workspace: { readonly id: string; readonly name: string };
  readonly you: { readonly memberId: string };
  readonly parties: readonly Party[];
  readonly members: readonly Member[];
  readonly documents: readonly DocumentInfo[];
  readonly versions: readonly ManifestVersion[];
}

/** How long one HTTP request to the team server may take. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The team server's workspace endpoints, for one workspace and token:
 * the manifest (parties, members, documents, named versions) and creating
 * documents and versions. Failures are `DraftroomError`s with one clear
 * sentence: `unreachable` when the server cannot be reached, the server's
 * own code otherwise (`forbidden`, `conflict`, …).
 */
export class TeamHttpClient {
  private readonly base: string;

  constructor(
    serverUrl: string,
    private readonly workspaceId: string,
    private readonly token: string,
  ) {
    this.base = `${httpBase(serverUrl)}/v1/workspaces/${encodeURIComponent(workspaceId)}`;
  }

  /** The workspace's manifest. */
  async manifest(): Promise<TeamManifest> {
    const manifest = (await this.request('GET', '/manifest')) as TeamManifest;
    if (typeof manifest?.workspace?.id !== 'string' || typeof manifest.you?.memberId !== 'string' || !Array.isArray(manifest.documents)) {
      throw new DraftroomError('invalid-argument', `the team server sent a manifest Draftroom cannot read (${this.base}/manifest)`);
    }
    return manifest;
  }

  /** Creates a document (empty; its content travels over the document's WebSocket). */
  async createDocument(input: { id: string; title: string }): Promise<void> {
    await this.request('POST', '/documents', input);
  }

  /** Creates a named version with its full state. */
  async createVersion(input: { id: string; docId: string; name: string; note?: string; createdAt: string; state: Uint8Array }): Promise<void> {
    await this.request('POST', '/versions', { ...input, state: Buffer.from(input.state).toString('base64') });
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const { status, text } = await send(`${this.base}${path}`, method, this.token, body === undefined ? undefined : JSON.stringify(body)).catch((error: unknown) => {
      const cause = (error as { code?: string }).code ?? (errorText(error));
      throw new DraftroomError('unreachable', `cannot reach the team server at ${new URL(this.base).origin} (${cause})`);
    });
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    if (status < 200 || status >= 300) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      const code: ApiErrorCode = isApiErrorCode(error?.code)
        ? error.code
        : status === 403 || status === 401
          ? 'forbidden'
          : 'internal';
      throw new DraftroomError(code, `the team server refused ${method} ${path} for workspace ${this.workspaceId}: ${error?.message ?? `HTTP ${status}`}`);
    }
    return json;
  }
}

/**
 * One HTTP(S) request with node's client, without keep-alive (so a CLI
 * round exits as soon as it is done), bounded by `REQUEST_TIMEOUT_MS`.
 */
function send(url: string, method: string, token: string, body: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method,
        agent: false,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
    request.end(body);
  });
}
