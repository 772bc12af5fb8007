import { protocol, session } from 'electron';
import { contentSecurityPolicy, securityHeaders } from '../web/csp';
import { lookupStaticFile } from '../web/static-files';

/** Scheme the renderer is served from (a privileged, standard, secure scheme). */
export const RENDERER_SCHEME = 'draftroom';

/** Host part of the renderer's URLs. */
export const RENDERER_HOST = 'app';

/** Origin of the renderer's pages. */
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://${RENDERER_HOST}`;

/** The page every workspace window loads. */
export const RENDERER_ENTRY = `${RENDERER_ORIGIN}/index.html`;

/** The renderer's Content-Security-Policy in Electron (no network at all: the API goes through IPC). */
export const ELECTRON_CSP = contentSecurityPolicy();

/** Declares the renderer's scheme; must run before the app is ready. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves `dist/renderer` at `draftroom://app/` with the strict CSP and the
 * same traversal-proof lookup as the web host, and adds the CSP to any other
 * response the default session sees. Runs once the app is ready.
 */
export function serveRenderer(staticDir: string): void {
  const headers = securityHeaders(ELECTRON_CSP);
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== RENDERER_HOST) return new Response('Not found.', { status: 404, headers });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed.', { status: 405, headers });
    }
    const found = await lookupStaticFile(staticDir, url.pathname);
    if (found.status !== 200) return new Response(found.reason, { status: found.status, headers });
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(found.body), {
      status: 200,
      headers: { ...headers, 'Content-Type': found.contentType, 'Cache-Control': 'no-cache' },
    });
  });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...details.responseHeaders };
    const hasCsp = Object.keys(responseHeaders).some((key) => key.toLowerCase() === 'content-security-policy');
    if (!hasCsp) responseHeaders['Content-Security-Policy'] = [ELECTRON_CSP];
    callback({ responseHeaders });
  });
}
