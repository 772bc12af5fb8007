import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextFrame } from '../../../renderer/src/base/after-frame';

describe('afterNextFrame', () => {
  /** Animation-frame callbacks waiting for the (simulated) next frame. */
  let frames: Map<number, () => void>;
  let nextFrameId = 1;
  const paintFrame = () => {
    const callbacks = [...frames.values()];
    frames.clear();
    for (const callback of callbacks) callback();
  };

  beforeEach(() => {
    vi.useFakeTimers();
    frames = new Map();
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => {
      const id = nextFrameId++;
      frames.set(id, callback);
      return id;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('runs the tasks asked for before a frame right after it, in order, with one animation frame for all', () => {
    const ran: string[] = [];
    afterNextFrame(() => ran.push('save'));
    afterNextFrame(() => ran.push('records'));
    expect(frames.size).toBe(1);
    vi.advanceTimersByTime(5);
    expect(ran).toEqual([]);
    paintFrame();
    expect(ran).toEqual([]); // posted from the frame: after it is done
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['save', 'records']);
  });

  it('a task asked for once the frame has come waits for the next one', () => {
    const ran: string[] = [];
    afterNextFrame(() => ran.push('first'));
    paintFrame();
    afterNextFrame(() => ran.push('second'));
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['first']);
    paintFrame();
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['first', 'second']);
  });

  it('a cancelled task does not run; the others do', () => {
    const ran: string[] = [];
    const cancel = afterNextFrame(() => ran.push('dropped'));
    afterNextFrame(() => ran.push('kept'));
    cancel();
    paintFrame();
    vi.advanceTimersByTime(0);
    expect(ran).toEqual(['kept']);
  });

  it('runs after the fallback delay when no frame comes (a hidden page), once', () => {
    const ran: string[] = [];
    afterNextFrame(() => ran.push('late'), 100);
    vi.advanceTimersByTime(99);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['late']);
    paintFrame();
    vi.advanceTimersByTime(200);
    expect(ran).toEqual(['late']);
  });
});
