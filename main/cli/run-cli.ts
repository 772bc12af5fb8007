import { DraftroomError, errorText } from '../../shared/api/errors';
import { parseCommandArgs } from './cli-args';
import type { CliCommand, CliIo } from './cli-types';
import { builtinCommands } from './commands/builtin-commands';
import { commandHelp, groupHelp, topHelp } from './help';
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
      if (topic === undefined) {
        io.stdout.write(topHelp(registry.list()));
        return EXIT_OK;
      }
      const sub = rest[1] === undefined ? undefined : registry.get(`${topic} ${rest[1]}`);
      const command = sub ?? registry.get(topic);
      const group = subcommandsOf(registry, topic);
      if (!command && group.length === 0) {
        throw new DraftroomError('invalid-argument', `unknown command "${topic}" (see: draftroom --help)`);
      }
      io.stdout.write(command ? commandHelp(command) : groupHelp(topic, group));
      return EXIT_OK;
    }
    // A two-word command ("member add") first, then a one-word one.
    const second = rest[0];
    const sub = second === undefined ? undefined : registry.get(`${first} ${second}`);
    const command = sub ?? registry.get(first);
    const args = sub ? rest.slice(1) : rest;
    if (!command) {
      const group = subcommandsOf(registry, first);
      if (group.length > 0) {
        if (second === '--help' || second === '-h') {
          io.stdout.write(groupHelp(first, group));
          return EXIT_OK;
        }
        const choices = group.map((c) => c.name).join(' | ');
        const problem = second === undefined ? `missing subcommand: ${choices}` : `unknown command "${first} ${second}" (try: ${choices})`;
        throw new DraftroomError('invalid-argument', `${problem} (see: draftroom ${first} --help)`);
      }
      const hint = first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`;
      throw new DraftroomError('invalid-argument', `${hint} (see: draftroom --help)`);
    }
    const outcome = parseCommandArgs(command, args, io.cwd ?? process.cwd());
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
    const message = errorText(error);
    io.stderr.write(`draftroom: unexpected error: ${oneLine(message)}\n`);
    return EXIT_INTERNAL;
  }
}

/** The two-word commands under a first word ("member" → "member add", "member set-role"). */
function subcommandsOf(registry: CommandRegistry, word: string): CliCommand[] {
  return registry.list().filter((c) => c.name.startsWith(`${word} `));
}
