/**
 * Runs tasks at most `limit` at a time, in the order they were given. A task not started yet can
 * be withdrawn (its card showed another item meanwhile); a started one runs to its end, and the
 * next starts once it has settled, whether it resolved or failed, or once it has run `capMs`:
 * one that never settles (a call whose answer never comes) must not hold its place for good.
 */
export function turns(limit: number, capMs = 10_000) {
  let running = 0;
  // A Set keeps the order tasks were given in and withdraws one in constant time.
  const waiting = new Set<() => Promise<unknown>>();
  const next = () => {
    for (const task of waiting) {
      if (running >= limit) return;
      waiting.delete(task);
      running++;
      let done = false;
      const free = () => {
        if (done) return;
        done = true;
        clearTimeout(cap);
        running--;
        next();
      };
      const cap = setTimeout(free, capMs);
      // Started at once; one that throws before its promise counts as failed, not as running.
      let run: Promise<unknown>;
      try {
        run = task();
      } catch (error) {
        run = Promise.reject(error);
      }
      void run.catch(() => undefined).finally(free);
    }
  };
  return {
    /** Gives `task` its turn; the function returned withdraws it if it has not started. */
    take(task: () => Promise<unknown>): () => void {
      // Its own entry, even when the same function is given twice.
      const turn = () => task();
      waiting.add(turn);
      next();
      return () => void waiting.delete(turn);
    },
    /** Tasks running and waiting (for tests and the bench's probes). */
    get size(): { running: number; waiting: number } {
      return { running, waiting: waiting.size };
    },
  };
}
