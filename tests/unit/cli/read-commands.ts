import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The document and versions of the sample (`draftroom demo`) that the read commands are run on. */
export const SAMPLE_DOC = 'Peace framework';
export const SAMPLE_VERSION = 'U.S.–Ukraine 20-point proposal';
export const SAMPLE_OLDER_VERSION = 'U.S. 28-point draft';

/**
 * Every read-only command of the CLI, with the arguments that make it read
 * everything it can (working draft, versions, changes, a redline export to
 * `outDir`, which must not be the workspace's folder).
 */
export function readCommands(file: string, outDir: string): string[][] {
  return [
    ['info', file, '--json'],
    ['docs', file, '--json'],
    ['show', file, '--doc', SAMPLE_DOC, '--view', 'marked'],
    ['show', file, '--doc', SAMPLE_DOC, '--version', SAMPLE_VERSION],
    ['versions', file, '--doc', SAMPLE_DOC, '--json'],
    ['changes', file, '--doc', SAMPLE_DOC, '--json'],
    ['verify', file, '--json'],
    ['key', 'list', file, '--json'],
    ['export', file, '--doc', SAMPLE_DOC, '--from', SAMPLE_OLDER_VERSION, '--out', join(outDir, 'redline.docx'), '--force'],
  ];
}

/**
 * The sha1 of every file in a folder (a named pipe or folder inside it is
 * listed by kind, never opened), with its size and mtime: two equal states
 * mean nothing was written, created, renamed or deleted there.
 */
export function folderState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    out[name] = stat.isFile()
      ? `${stat.size}:${stat.mtimeMs}:${stat.mode}:${createHash('sha1').update(readFileSync(path)).digest('hex')}`
      : `not a file:${stat.mode}`;
  }
  return out;
}
