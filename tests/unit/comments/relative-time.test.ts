import { describe, expect, it } from 'vitest';
import { absoluteTime, relativeTime, shortDate } from '../../../shared/comments/relative-time';

const now = Date.UTC(2026, 0, 20, 12, 0, 0);
const ago = (ms: number): string => new Date(now - ms).toISOString();
const MIN = 60_000;

describe('relativeTime', () => {
  it('says how long ago in words a reader takes in at a glance', () => {
    expect(relativeTime(ago(10_000), now)).toBe('just now');
    expect(relativeTime(ago(5 * MIN), now)).toBe('5 min ago');
    expect(relativeTime(ago(59 * MIN), now)).toBe('59 min ago');
    expect(relativeTime(ago(3 * 60 * MIN), now)).toBe('3 h ago');
    expect(relativeTime(ago(30 * 60 * MIN), now)).toBe('yesterday');
    expect(relativeTime(ago(4 * 24 * 60 * MIN), now)).toBe('4 days ago');
  });

  it('gives the date for older times, with the year only when it is another year', () => {
    expect(relativeTime('2026-01-02T12:00:00.000Z', now)).toBe('2 Jan');
    expect(relativeTime('2025-12-29T12:00:00.000Z', now)).toBe('29 Dec 2025');
    expect(shortDate('2025-12-29T12:00:00.000Z', now)).toBe('29 Dec 2025');
  });

  it('treats a slightly future time (clock skew) as just now and passes unreadable times through', () => {
    expect(relativeTime(new Date(now + 2 * MIN).toISOString(), now)).toBe('just now');
    expect(relativeTime('not a time', now)).toBe('not a time');
    expect(absoluteTime('not a time')).toBe('not a time');
    expect(absoluteTime('2025-12-29T12:00:00.000Z')).toMatch(/^29 Dec 2025, \d\d:\d\d$/);
  });
});
