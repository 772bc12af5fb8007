import type { CliCommand } from './cli-types';

/**
 * The CLI's commands by name. `runCli` looks commands up here; new ones
 * are added with `register`.
 */
export class CommandRegistry {
  private readonly commands = new Map<string, CliCommand>();

  constructor(commands: readonly CliCommand[] = []) {
    for (const command of commands) this.register(command);
  }

  /** Adds a command; throws if its name is taken (a programming error). */
  register(command: CliCommand): this {
    if (this.commands.has(command.name)) throw new Error(`draftroom: command "${command.name}" registered twice`);
    this.commands.set(command.name, command);
    return this;
  }

  /** The command with this name, or undefined. */
  get(name: string): CliCommand | undefined {
    return this.commands.get(name);
  }

  /** All commands, in the order they were registered. */
  list(): CliCommand[] {
    return [...this.commands.values()];
  }
}
