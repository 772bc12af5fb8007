/**
 * The Content-Security-Policy of the renderer, the same in Electron and in
 * the web host: scripts only from the app itself (no inline script, no eval),
 * no plugins, no frames, no forms, no network except the app's own origin
 * (and, in the browser, the host's API WebSocket). Inline styles are allowed
 * because the editor libraries set style attributes (cursor and party colours).
 */
export function contentSecurityPolicy(options: { readonly connectSources?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSources ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Security headers sent with every response of the renderer's files (both hosts). */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
