import { afterNextFrame } from './after-frame';

/** Options of `BurstScheduler`. */
export interface BurstSchedulerOptions {
  /** A burst has paused once nothing was asked for this long (ms). */
  readonly pauseMs: number;
  /** Longest a burst holds the task back (ms): a long burst still sees it this often. */
  readonly maxWaitMs: number;
  /** The clock (default `performance.now`). */
  readonly now?: () => number;
}

/**
 * Runs a task (say, the outline and status bar following the editor) at
 * most once per request round: right after the next frame for a single
 * change, but only when a burst of changes (typing) pauses, or every
 * `maxWaitMs` while it lasts, so that a burst pays for the task a few
 * times, not once per keystroke. A request is part of a burst when it comes
 * within `pauseMs` of the previous burst request.
 */
export class BurstScheduler {
  private cancel: (() => void) | null = null;
  private lastBurstRequest = -Infinity;
  private burstStart: number | null = null;
  private readonly now: () => number;

  constructor(
    private readonly task: () => void,
    private readonly options: BurstSchedulerOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Asks for the task to run. `burst`: the request comes from a change that
   * may be one of many (a keystroke); otherwise the task runs right after
   * the next frame (a click, a selection move).
   */
  request(burst: boolean): void {
    const now = this.now();
    const sinceBurst = now - this.lastBurstRequest;
    const bursting = sinceBurst < this.options.pauseMs;
    if (!burst && bursting) {
      // During a burst the burst's next run serves it (one is set up if the last one already ran).
      if (this.cancel === null) this.later(this.options.pauseMs - sinceBurst);
      return;
    }
    if (burst) this.lastBurstRequest = now;
    if (!burst || !bursting) {
      this.burstStart = null;
      // A pending run serves this request too.
      if (this.cancel === null) this.cancel = afterNextFrame(() => this.run(), 100);
      return;
    }
    this.burstStart ??= now;
    this.cancel?.();
    this.later(Math.min(this.options.pauseMs, this.options.maxWaitMs - (now - this.burstStart)));
  }

  private later(ms: number): void {
    const timer = setTimeout(() => this.run(), Math.max(0, ms));
    this.cancel = () => clearTimeout(timer);
  }

  /** Drops a pending run. */
  dispose(): void {
    this.cancel?.();
    this.cancel = null;
  }

  private run(): void {
    this.cancel = null;
    if (this.burstStart !== null && this.now() - this.lastBurstRequest >= this.options.pauseMs) this.burstStart = null;
    else if (this.burstStart !== null) this.burstStart = this.now();
    this.task();
  }
}
