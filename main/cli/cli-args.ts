import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DraftroomError, errorText } from '../../shared/api/errors';
import type { CliCommand, ParsedArgs } from './cli-types';

/** What parsing a command line gave: either a request for help, or arguments to run with. */
export type ParseOutcome = { readonly help: true } | { readonly help: false; readonly args: ParsedArgs };

function usageError(command: CliCommand, message: string): DraftroomError {
  return new DraftroomError('invalid-argument', `${message} (see: draftroom ${command.name} --help)`);
}

/** Shortens node:util's parse errors to one plain sentence. */
function parseErrorMessage(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = errorText(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const flag = quoted.replace(/ <value>$/, '');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message) ? `option ${flag} takes no value` : `option ${flag} needs a value`;
    default:
      return message.split(/\.\s/)[0]!.replace(/\.$/, '');
  }
}

/**
 * Parses a command's arguments with `node:util` parseArgs (strict): unknown
 * flags, missing values, wrong positional counts and values outside an
 * option's choices fail with `invalid-argument` and one clear message.
 */
export function parseCommandArgs(command: CliCommand, argv: readonly string[], cwd: string): ParseOutcome {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageError(command, parseErrorMessage(error));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values['help'] === true) return { help: true };

  const positionals = parsed.positionals;
  // Admin commands take `--database <url> --workspace <id>` in place of their <file>.
  const inDatabase = command.options['database'] !== undefined && typeof values['database'] === 'string';
  const expected = inDatabase && command.positionals[0]?.name === 'file' ? command.positionals.slice(1) : command.positionals;
  if (positionals.length < expected.length) {
    throw usageError(command, `missing <${expected[positionals.length]!.name}>`);
  }
  if (positionals.length > expected.length) {
    throw usageError(command, `unexpected argument "${positionals[expected.length]}"`);
  }
  for (const [name, spec] of Object.entries(command.options)) {
    const value = values[name];
    if (spec.required && value === undefined) throw usageError(command, `missing --${name} ${spec.valueName ?? '<value>'}`);
    if (typeof value === 'string' && value.trim() === '') throw usageError(command, `option --${name} needs a value`);
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
      throw usageError(command, `--${name} must be one of ${spec.choices.join(', ')} (got "${value}")`);
    }
  }

  const args: ParsedArgs = {
    command: command.name,
    positionals,
    file: () => resolve(cwd, positionals[0] ?? ''),
    string: (name) => {
      const value = values[name];
      return typeof value === 'string' ? value : undefined;
    },
    requireString: (name) => {
      const value = values[name];
      if (typeof value !== 'string') {
        const valueName = command.options[name]?.valueName ?? '<value>';
        throw usageError(command, `missing --${name} ${valueName}`);
      }
      return value;
    },
    flag: (name) => values[name] === true,
  };
  return { help: false, args };
}
