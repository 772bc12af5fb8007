/** A value that can be read and watched (the renderer's only reactive primitive). */
export interface ReadonlySignal<T> {
  /** The current value. */
  get(): T;
  /** Calls `listener` on every change (not immediately); returns the unsubscribe function. */
  subscribe(listener: (value: T, previous: T) => void): () => void;
}

/** A writable `ReadonlySignal`. */
export interface Signal<T> extends ReadonlySignal<T> {
  /** Sets the value; listeners run only when it differs (`Object.is`). */
  set(value: T): void;
}

/** A new signal holding `initial`. */
export function signal<T>(initial: T): Signal<T> {
  let value = initial;
  const listeners = new Set<(value: T, previous: T) => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      const previous = value;
      value = next;
      for (const listener of [...listeners]) listener(next, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
