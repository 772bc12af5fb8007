import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { runCli } from '../../../main/cli/run-cli';

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with buffered output. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** Lines of text, without the trailing empty one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '');
}

/** Everything in a folder that a write could change: names, sizes, mtimes and content hashes. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = `${dir}/${name}`;
    const stat = statSync(path);
    const hash = stat.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'dir';
    out[name] = `${stat.size}:${stat.mtimeMs}:${hash}`;
  }
  return out;
}

/** Lines that look like numbered clauses ("9. …"). */
export function numberedClauses(text: string): string[] {
  return lines(text).filter((line) => /^\d+\. /.test(line));
}
