/**
 * Times as a comment list shows them: "just now", "5 min ago", "3 h ago",
 * "yesterday", "4 days ago", then the date ("29 Dec", or "29 Dec 2025" in
 * another year). Local time zone; pure apart from that.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const full = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

function parse(iso: string): number | null {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

/**
 * How long ago `iso` was, seen at `now` (ms since the epoch or a Date). A
 * time slightly in the future (another replica's clock) is "just now"; an
 * unreadable time is returned as it is.
 */
export function relativeTime(iso: string, now: number | Date = Date.now()): string {
  const time = parse(iso);
  if (time === null) return iso;
  const reference = typeof now === 'number' ? now : now.getTime();
  const ago = reference - time;
  if (ago < -5 * MINUTE) return shortDate(iso, reference);
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return 'yesterday';
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)} days ago`;
  return shortDate(iso, reference);
}

/** "29 Dec" in the year of `now`, "29 Dec 2025" otherwise. */
export function shortDate(iso: string, now: number | Date = Date.now()): string {
  const time = parse(iso);
  if (time === null) return iso;
  const year = new Date(typeof now === 'number' ? now : now.getTime()).getFullYear();
  const date = new Date(time);
  return date.getFullYear() === year ? dayMonth.format(date) : dayMonthYear.format(date);
}

/** "29 Dec 2025, 13:40": the full time, for tooltips. */
export function absoluteTime(iso: string): string {
  const time = parse(iso);
  return time === null ? iso : full.format(new Date(time));
}
