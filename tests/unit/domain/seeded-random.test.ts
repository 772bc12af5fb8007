import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../shared/random/seeded-random';

const draw = (seed: number, n = 20): number[] => {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('SeededRandom: the one seeded generator', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(draw(20251202)).toEqual(draw(20251202));
    expect(draw(20251202)).not.toEqual(draw(20251203));
  });

  it('does not stall on a zero seed (lib0 alone would return 0 forever)', () => {
    const values = draw(0);
    expect(new Set(values).size).toBe(values.length);
  });

  it('keeps its helpers in range', () => {
    const rng = new SeededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
    expect(new Set(Array.from({ length: 200 }, () => rng.pick(['a', 'b', 'c'])))).toEqual(new Set(['a', 'b', 'c']));
    expect(rng.bytes(16)).toHaveLength(16);
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => rng.pick([])).toThrow(/empty/);
  });
});
