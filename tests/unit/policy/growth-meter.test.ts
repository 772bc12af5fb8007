import { describe, expect, it } from 'vitest';
import { GrowthMeter } from '../../../main/policy/update-shape';

describe('GrowthMeter (bytes per member in the last minute)', () => {
  it('sums what each member added within the minute and forgets what is older, entry by entry', () => {
    let now = 1_000_000;
    const meter = new GrowthMeter(() => now);
    meter.add('alice', 100);
    now += 30_000;
    meter.add('alice', 20);
    meter.add('bohdan', 7);
    expect(meter.recent('alice')).toBe(120);
    expect(meter.recent('bohdan')).toBe(7);
    now += 30_000; // the first entry is exactly a minute old: gone
    expect(meter.recent('alice')).toBe(20);
    now += 30_001;
    expect(meter.recent('alice')).toBe(0);
    expect(meter.recent('bohdan')).toBe(0);
    meter.add('alice', 5);
    expect(meter.recent('alice')).toBe(5);
  });

  it('keeps an exact sum over thousands of keystrokes sliding out of the minute', () => {
    let now = 0;
    const meter = new GrowthMeter(() => now);
    // 20 keystrokes a second for three minutes, sizes 1–9 bytes.
    const added: { at: number; bytes: number }[] = [];
    for (let i = 0; i < 3 * 60 * 20; i++) {
      now = i * 50;
      const bytes = 1 + (i % 9);
      meter.add('alice', bytes);
      added.push({ at: now, bytes });
      if (i % 97 === 0) {
        const expected = added.filter((e) => e.at > now - 60_000).reduce((sum, e) => sum + e.bytes, 0);
        expect(meter.recent('alice')).toBe(expected);
      }
    }
  });
});
