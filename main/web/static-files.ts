import { promises as fs } from 'node:fs';
import { extname, join, posix, relative, resolve, sep, isAbsolute } from 'node:path';

/** Content types of the files a renderer build contains. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** Content type of a file by its extension (`application/octet-stream` when unknown). */
export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** What a request for a static file resolves to. */
export type StaticLookup =
  | { readonly status: 200; readonly filePath: string; readonly contentType: string; readonly body: Buffer }
  | { readonly status: 400 | 403 | 404; readonly reason: string };

/**
 * Finds the file of the renderer build that a URL path names, refusing
 * anything outside `root` (`..`, encoded separators, backslashes, NUL,
 * symlinks that lead out). A path with no extension that names no file gets
 * `index.html` (the app's single page); a missing asset is a 404.
 */
export async function lookupStaticFile(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]?.split('#')[0] ?? '/');
  } catch {
    return { status: 400, reason: 'malformed URL encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, reason: 'illegal character in path' };
  if (decoded.split('/').includes('..')) return { status: 403, reason: 'path traversal refused' };
  const relativePath = posix.normalize(`/${decoded}`).replace(/^\/+/, '');
  const rootReal = await realDirectory(root);
  if (rootReal === null) return { status: 404, reason: `no renderer build in ${root}` };

  const wanted = relativePath === '' ? 'index.html' : relativePath;
  const found = await readInside(rootReal, wanted);
  if (found !== null) return found;
  if (extname(wanted) === '') {
    const index = await readInside(rootReal, 'index.html');
    if (index !== null) return index;
  }
  return { status: 404, reason: 'not found' };
}

async function realDirectory(root: string): Promise<string | null> {
  try {
    const real = await fs.realpath(resolve(root));
    return (await fs.stat(real)).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

async function readInside(rootReal: string, relativePath: string): Promise<StaticLookup | null> {
  const candidate = join(rootReal, ...relativePath.split('/'));
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch {
    return null;
  }
  if (!isInside(rootReal, real)) return { status: 403, reason: 'outside the renderer build' };
  try {
    const stat = await fs.stat(real);
    if (!stat.isFile()) return null;
    const body = await fs.readFile(real);
    return { status: 200, filePath: real, contentType: contentTypeOf(real), body };
  } catch {
    return null;
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
