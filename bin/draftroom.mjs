#!/usr/bin/env node
// The `draftroom` command: loads the TypeScript CLI through tsx and runs it.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import(new URL('../main/cli/run-cli.ts', import.meta.url).href);
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
