/** Where the team server writes its one-line log entries. */
export interface ServerLog {
  /** Connections opened and closed, refusals, start and stop. */
  info(line: string): void;
  /** Unexpected failures. */
  error(line: string): void;
}

/** Logs to stdout / stderr, each line prefixed with the ISO time. */
export const consoleLog: ServerLog = {
  info: (line) => console.log(`${new Date().toISOString()} ${line}`),
  error: (line) => console.error(`${new Date().toISOString()} ${line}`),
};

/** A log that drops everything (tests that do not look at it). */
export const silentLog: ServerLog = { info: () => {}, error: () => {} };

/** `key=value` pairs for a log line; values with spaces or quotes are JSON-quoted. */
export function fields(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = String(value);
      return `${key}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`;
    })
    .join(' ');
}
