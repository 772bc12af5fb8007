import type { CliCommand } from './cli-types';

function usageLine(command: CliCommand): string {
  if (command.usage) return `draftroom ${command.usage}`;
  const parts = [`draftroom ${command.name}`, ...command.positionals.map((p) => `<${p.name}>`)];
  for (const [name, option] of Object.entries(command.options)) {
    const flag = option.type === 'boolean' ? `--${name}` : `--${name} ${option.valueName ?? '<value>'}`;
    parts.push(option.required ? flag : `[${flag}]`);
  }
  return parts.join(' ');
}

function column(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/** The `--help` text of one command. */
export function commandHelp(command: CliCommand): string {
  const lines = [`Usage: ${usageLine(command)}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  if (command.positionals.length > 0) {
    lines.push('', 'Arguments:', ...column(command.positionals.map((p) => [`<${p.name}>`, p.description])));
  }
  const options: [string, string][] = Object.entries(command.options).map(([name, option]) => [
    option.type === 'boolean' ? `--${name}` : `--${name} ${option.valueName ?? '<value>'}`,
    option.description + (option.choices ? ` (${option.choices.join(' | ')})` : ''),
  ]);
  options.push(['-h, --help', 'Show this help']);
  lines.push('', 'Options:', ...column(options));
  if (command.examples && command.examples.length > 0) {
    lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  }
  return lines.join('\n') + '\n';
}

/** The help of a group of subcommands (`draftroom member --help`). */
export function groupHelp(word: string, commands: readonly CliCommand[]): string {
  const lines = [
    `Usage: draftroom ${word} <subcommand> <file> [options]`,
    '',
    'Subcommands:',
    ...column(commands.map((c) => [c.name, c.summary])),
    '',
    `Run "draftroom ${word} <subcommand> --help" for its options.`,
  ];
  return lines.join('\n') + '\n';
}

/** The top-level help: what the tool is and its commands. */
export function topHelp(commands: readonly CliCommand[]): string {
  const lines = [
    'Usage: draftroom <command> <file> [options]',
    '',
    'Draftroom workspaces from the command line: negotiated proposals, clause by clause,',
    'with every change tagged by party and rationale. Only init, demo, save-version, accept, reject,',
    'member add/set-role and token create/revoke write to a workspace (serve stores what members',
    'send); export writes a redline file beside it; the others only read.',
    '',
    'Commands:',
    ...column(commands.map((c) => [c.name, c.summary])),
    '',
    'Run "draftroom <command> --help" for the options of a command.',
    'Errors print one line to stderr and exit with status 2.',
  ];
  return lines.join('\n') + '\n';
}
