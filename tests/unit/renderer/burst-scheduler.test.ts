import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BurstScheduler } from '../../../renderer/src/base/burst-scheduler';

describe('BurstScheduler', () => {
  let clock = 0;
  let runs: number[] = [];
  const make = () => new BurstScheduler(() => runs.push(clock), { pauseMs: 150, maxWaitMs: 1000, now: () => clock });
  /** Advances the fake clock and timers together. */
  const advance = (ms: number) => {
    for (let i = 0; i < ms; i++) {
      clock++;
      vi.advanceTimersByTime(1);
    }
  };

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    runs = [];
  });
  afterEach(() => vi.useRealTimers());

  it('runs a single change right away (after the frame), once for several requests', () => {
    const s = make();
    s.request(true);
    s.request(false);
    advance(5);
    expect(runs).toEqual([1]);
    advance(500);
    expect(runs).toEqual([1]);
  });

  it('follows a burst of keystrokes when it pauses, not once per keystroke', () => {
    const s = make();
    for (let i = 0; i < 5; i++) {
      s.request(true);
      advance(80);
    }
    // The first keystroke ran after its frame; the other four wait for the pause.
    expect(runs).toEqual([1]);
    advance(100);
    expect(runs).toEqual([1, 320 + 150]);
  });

  it('still runs about once a second while a long burst lasts', () => {
    const s = make();
    for (let i = 0; i < 40; i++) {
      s.request(true);
      advance(80);
    }
    // 3.2 s of typing: the first keystroke, then at most every maxWaitMs.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(5);
    for (let i = 2; i < runs.length; i++) expect(runs[i]! - runs[i - 1]!).toBeLessThanOrEqual(1000);
    advance(200);
    expect(runs.at(-1)).toBe(39 * 80 + 150);
  });

  it('a selection move during a burst is served by the burst’s next run, even after a run', () => {
    const s = make();
    s.request(true);
    advance(20); // the first run
    s.request(false); // within the burst's pause: no extra run now…
    advance(10);
    expect(runs).toEqual([1]);
    advance(150); // …but one when the pause is over
    expect(runs).toEqual([1, 150]);
  });

  it('dispose drops a pending run', () => {
    const s = make();
    s.request(false);
    s.dispose();
    advance(500);
    expect(runs).toEqual([]);
  });
});
