/** Schedules a task; returns a function that cancels it if it has not run. */
export type TaskScheduler = (task: () => void) => () => void;

/** Tasks waiting for the same next frame, run together after it. */
interface Batch {
  readonly tasks: { readonly task: () => void; cancelled: boolean }[];
  frame: number | null;
  readonly timers: ReturnType<typeof setTimeout>[];
  /** When the batch runs at the latest (its fallback timer). */
  fallbackAt: number;
  ran: boolean;
}

/** The batch whose frame has not come yet (tasks asked for now join it), or null. */
let open: Batch | null = null;

function runBatch(batch: Batch): void {
  if (batch.ran) return;
  batch.ran = true;
  if (open === batch) open = null;
  for (const timer of batch.timers) clearTimeout(timer);
  if (batch.frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(batch.frame);
  for (const entry of batch.tasks) {
    if (entry.cancelled) continue;
    entry.cancelled = true;
    entry.task();
  }
}

function openBatch(): Batch {
  const batch: Batch = { tasks: [], frame: null, timers: [], fallbackAt: Infinity, ran: false };
  if (typeof requestAnimationFrame === 'function') {
    batch.frame = requestAnimationFrame(() => {
      batch.frame = null;
      // Tasks asked for from now on wait for the frame after this one.
      if (open === batch) open = null;
      batch.timers.push(setTimeout(() => runBatch(batch), 0));
    });
  } else {
    batch.fallbackAt = 0;
    batch.timers.push(setTimeout(() => runBatch(batch), 0));
  }
  return batch;
}

/**
 * Runs `task` once, right after the next frame is painted (a task posted
 * from the frame's animation-frame callback), so that work nobody sees at
 * once (sending a save, say) never holds up the frame that shows a
 * keystroke. Where no frame comes (a hidden page, where animation frames
 * are paused, or no DOM at all, as in unit tests), it runs after at most
 * `fallbackMs` anyway. Tasks asked for before the same frame share one
 * animation frame and one timer (a keystroke asks for two or three: the
 * save, the records feed, the outline), run in the order asked. Returns a
 * cancel function.
 */
export function afterNextFrame(task: () => void, fallbackMs = 100): () => void {
  const batch = (open ??= openBatch());
  const entry = { task, cancelled: false };
  batch.tasks.push(entry);
  const at = Date.now() + fallbackMs;
  if (at < batch.fallbackAt) {
    batch.fallbackAt = at;
    batch.timers.push(setTimeout(() => runBatch(batch), fallbackMs));
  }
  return () => {
    entry.cancelled = true;
  };
}
