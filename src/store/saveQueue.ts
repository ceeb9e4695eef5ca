/**
 * Saves of one run, one at a time, latest wins. A checkpoint that is still being written (the first one may store
 * the whole file beside the run) must not land after a later save of the same run and overwrite it with fewer
 * events; and checkpoints that pile up behind a slow save are replaced by the newest, which holds them all.
 */
export interface SaveQueue<T> {
  /** Saves `value` after the save in flight, replacing any that waits. */
  push(value: T): void;
  /** Drops what waits and resolves once the save in flight is written: the caller's own save comes next. */
  flush(): Promise<void>;
}

export function saveQueue<T>(save: (value: T) => Promise<void>): SaveQueue<T> {
  let running: Promise<void> | null = null;
  let waiting: { value: T } | null = null;
  const start = (value: T) => {
    running = save(value)
      .catch(() => undefined) // the store reports its own failures; the queue only orders
      .finally(() => {
        running = null;
        const next = waiting;
        waiting = null;
        if (next) start(next.value);
      });
  };
  return {
    push(value) {
      if (running) waiting = { value };
      else start(value);
    },
    async flush() {
      waiting = null;
      while (running) await running;
    },
  };
}
