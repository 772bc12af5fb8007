#!/usr/bin/env node
// The `draftroom` command: loads the TypeScript CLI through tsx and runs it.
import { register } from 'tsx/esm/api';

register();
// Output piped into a reader that stops early (`draftroom info f | head -3`): stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { runCli } = await import(new URL('../main/cli/run-cli.ts', import.meta.url).href);
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
