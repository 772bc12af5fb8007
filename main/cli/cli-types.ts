/**
 * Types shared by the `draftroom` CLI's runner, registry and commands.
 */

/** Something text can be written to (process.stdout, or a test buffer). */
export interface CliWriter {
  write(chunk: string): unknown;
}

/** Where a CLI run writes: normal output and the one-line errors. */
export interface CliIo {
  readonly stdout: CliWriter;
  readonly stderr: CliWriter;
  /** Directory relative file arguments are resolved against (default: process.cwd()). */
  readonly cwd?: string;
}

/** One `--flag` a command accepts. */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  /** Shown in help after the flag, e.g. `<id|title>`. */
  readonly valueName?: string;
  readonly description: string;
  /** A string option the command cannot run without (checked before it runs). */
  readonly required?: boolean;
  /** Allowed values of a string option (checked before the command runs). */
  readonly choices?: readonly string[];
}

/** One positional argument a command takes (all are required). */
export interface CliPositional {
  readonly name: string;
  readonly description: string;
}

/** What a command receives: its parsed arguments and where to write. */
export interface CommandContext {
  readonly io: CliIo;
  readonly args: ParsedArgs;
}

/** A command's parsed arguments, with helpers that fail with one clear message. */
export interface ParsedArgs {
  /** The command's name. */
  readonly command: string;
  /** Positional arguments, in order (their count was checked). */
  readonly positionals: readonly string[];
  /** The first positional resolved to an absolute path (for `<file>`). */
  file(): string;
  /** A string option's value, or undefined. */
  string(name: string): string | undefined;
  /** A string option's value; `invalid-argument` if it is missing. */
  requireString(name: string): string;
  /** A boolean option. */
  flag(name: string): boolean;
}

/**
 * One CLI command. Add a module under `main/cli/commands/` that exports one
 * of these and list it in `builtin-commands.ts`.
 */
export interface CliCommand {
  /** The word after `draftroom`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /**
   * The usage line after `draftroom ` when the generated one cannot say it
   * (e.g. flags of which exactly one is required); generated from the
   * positionals and options if absent.
   */
  readonly usage?: string;
  /** Longer help text (optional), shown by `--help`. */
  readonly description?: string;
  readonly positionals: readonly CliPositional[];
  /** Flags, by long name (without `--`). `--help` is added to every command. */
  readonly options: Readonly<Record<string, CliOption>>;
  /** Example invocations for the help text. */
  readonly examples?: readonly string[];
  /** Runs the command; returns the exit code. Throw a DraftroomError for a clear one-line failure. */
  run(ctx: CommandContext): number | Promise<number>;
}
