import { DraftroomError } from '../../shared/api/errors';
import { parseCommandArgs } from './cli-args';
import type { CliIo } from './cli-types';
import { builtinCommands } from './commands/builtin-commands';
import { commandHelp, topHelp } from './help';
import { CommandRegistry } from './registry';

/** Exit status of a run that worked. */
export const EXIT_OK = 0;
/** Exit status of a failure the user can fix (bad input, unknown file/document/version/party, …). */
export const EXIT_USAGE = 2;
/** Exit status of an unexpected failure (a bug). */
export const EXIT_INTERNAL = 1;

/** The registry of the standard commands. */
export function defaultRegistry(): CommandRegistry {
  return new CommandRegistry(builtinCommands());
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Runs the `draftroom` CLI in-process. `argv` is what follows the program
 * name. Output goes to `io.stdout`; any failure prints exactly one line to
 * `io.stderr`. Returns the exit status: 0, 2 for errors the user can fix,
 * 1 for unexpected ones.
 */
export async function runCli(argv: readonly string[], io: CliIo, registry: CommandRegistry = defaultRegistry()): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      throw new DraftroomError('invalid-argument', 'missing command (see: draftroom --help)');
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? rest[0] : undefined;
      const command = topic === undefined ? undefined : registry.get(topic);
      if (topic !== undefined && !command) {
        throw new DraftroomError('invalid-argument', `unknown command "${topic}" (see: draftroom --help)`);
      }
      io.stdout.write(command ? commandHelp(command) : topHelp(registry.list()));
      return EXIT_OK;
    }
    const command = registry.get(first);
    if (!command) {
      const hint = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
      throw new DraftroomError('invalid-argument', `${hint} (see: draftroom --help)`);
    }
    const outcome = parseCommandArgs(command, rest, io.cwd ?? process.cwd());
    if (outcome.help) {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run({ io, args: outcome.args });
  } catch (error) {
    if (error instanceof DraftroomError) {
      io.stderr.write(`draftroom: ${oneLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`draftroom: unexpected error: ${oneLine(message)}\n`);
    return EXIT_INTERNAL;
  }
}
