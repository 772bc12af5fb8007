/** Schedules a task; returns a function that cancels it if it has not run. */
export type TaskScheduler = (task: () => void) => () => void;

/**
 * Runs `task` once, right after the next frame is painted (a task posted
 * from the frame's animation-frame callback), so that work nobody sees at
 * once (sending a save, say) never holds up the frame that shows a
 * keystroke. Where no frame comes (a hidden page, where animation frames
 * are paused, or no DOM at all, as in unit tests), it runs after at most
 * `fallbackMs` anyway. Returns a cancel function.
 */
export function afterNextFrame(task: () => void, fallbackMs = 100): () => void {
  let done = false;
  const timers: ReturnType<typeof setTimeout>[] = [];
  let frame: number | null = null;
  const run = (): void => {
    if (done) return;
    done = true;
    cancel();
    task();
  };
  const cancel = (): void => {
    done = true;
    for (const timer of timers) clearTimeout(timer);
    if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
  };
  if (typeof requestAnimationFrame === 'function') {
    frame = requestAnimationFrame(() => {
      frame = null;
      timers.push(setTimeout(run, 0));
    });
    timers.push(setTimeout(run, fallbackMs));
  } else {
    timers.push(setTimeout(run, 0));
  }
  return cancel;
}
