import * as prng from 'lib0/prng';

/**
 * The one seeded pseudo-random generator of the project: lib0's
 * (`lib0/prng`, xoroshiro128+, the one Yjs's own tests use), behind the few
 * helpers the bench's generated documents, the store fixtures and the
 * seeded tests need. The same seed gives the same sequence on every run and
 * machine; a test that fails names its seed. Never used for ids or secrets.
 */
export class SeededRandom {
  /** The seed as given (for messages that name it). */
  readonly seed: number;
  /** lib0's generator, for code that calls `lib0/prng` helpers directly. */
  readonly gen: prng.PRNG;

  constructor(seed: number) {
    this.seed = seed;
    // lib0 fills its state from xorshift32, which stays at zero for a zero seed.
    this.gen = prng.create(seed >>> 0 || 0x9e3779b9);
  }

  /** A number in [0, 1). */
  next(): number {
    return prng.real53(this.gen);
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return prng.int32(this.gen, min, max);
  }

  /** A whole number in [min, max], unsigned (lib0's `uint32`). */
  uint32(min: number, max: number): number {
    return prng.uint32(this.gen, min, max);
  }

  /** True or false, evenly. */
  bool(): boolean {
    return prng.bool(this.gen);
  }

  /** A random lower-case word of `minLength` to `maxLength` letters. */
  word(minLength: number, maxLength: number): string {
    return prng.word(this.gen, minLength, maxLength);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('SeededRandom.pick: the list is empty');
    return prng.oneOf(this.gen, items as T[]);
  }

  /** `length` random bytes. */
  bytes(length: number): Uint8Array {
    return prng.uint8Array(this.gen, length);
  }

  /** A UUID v4-shaped id (deterministic, unlike `newId`). */
  uuid(): string {
    const hex = (n: number): string => {
      let out = '';
      for (let i = 0; i < n; i++) out += this.int(0, 15).toString(16);
      return out;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.int(0, 3)]}${hex(3)}-${hex(12)}`;
  }
}
