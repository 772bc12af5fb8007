/** What one team server allows each connection (see `DEFAULT_LIMITS`). */
export interface ServerLimits {
  /** Largest WebSocket message, in bytes; a larger one closes the connection with 1009. */
  readonly maxMessageBytes: number;
  /** Messages per second a connection may send, sustained. */
  readonly messagesPerSecond: number;
  /** Messages a connection may send in a burst above the sustained rate. */
  readonly messageBurst: number;
  /** Open connections one token may hold at once. */
  readonly connectionsPerToken: number;
  /** Refused updates after which a connection is closed… */
  readonly maxRefusals: number;
  /** …when they fall within this window (ms). */
  readonly refusalWindowMs: number;
  /** Awareness client ids one connection may speak for. */
  readonly awarenessClientsPerConnection: number;
  /** Largest JSON body of an HTTP request, in bytes. */
  readonly maxRequestBytes: number;
  /** Bytes queued for a slow connection before it is closed. */
  readonly maxBufferedBytes: number;
  /** How often revoked tokens are looked for (ms). */
  readonly tokenPollMs: number;
}

/** The limits `draftroom serve` runs with. */
export const DEFAULT_LIMITS: ServerLimits = {
  // A replica back from a long trip sends its whole offline work in one sync step 2.
  maxMessageBytes: 32 * 1024 * 1024,
  // Human typing peaks near 20 updates/s; awareness adds a few per second.
  messagesPerSecond: 200,
  messageBurst: 1000,
  connectionsPerToken: 32,
  maxRefusals: 5,
  refusalWindowMs: 60_000,
  awarenessClientsPerConnection: 4,
  maxRequestBytes: 64 * 1024 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
  tokenPollMs: 1000,
};

/** A token bucket: `take()` is false once a connection sends faster than allowed. */
export class MessageRate {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Spends one message; false if none is left. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts refusals in a sliding window. */
export class RefusalWindow {
  private readonly times: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Notes one refusal; true once `max` fell within the window. */
  note(): boolean {
    const now = this.now();
    this.times.push(now);
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
    return this.times.length >= this.max;
  }
}
