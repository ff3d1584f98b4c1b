import type { MessageEnd } from './worker-messages';

/**
 * A message end whose worker is created only once `start` settles: what the page posts before is
 * kept, in order, and posted the moment the worker exists; its answers reach `onmessage` as from
 * the worker itself. The bridge's worker builds the contract's schemas as it starts, 100 ms and
 * more of CPU that competed with the page's main thread for its first paint on two cores, though
 * a page that came with its first screen's answers needs no answer before that paint
 * (bench/findings.md, first paint, tenth pass), nor, with its markup, before the app has started
 * (eleventh pass).
 */
export function deferredEnd<Out, In>(
  start: Promise<unknown>,
  create: () => MessageEnd<Out, In>,
): MessageEnd<Out, In> {
  let real: MessageEnd<Out, In> | null = null;
  const kept: Out[] = [];
  let listener: MessageEnd<Out, In>['onmessage'] = null;
  void start.then(() => {
    real = create();
    real.onmessage = (event) => listener?.(event);
    for (const message of kept.splice(0)) real.postMessage(message);
  });
  return {
    postMessage(message) {
      if (real) real.postMessage(message);
      else kept.push(message);
    },
    get onmessage() {
      return listener;
    },
    set onmessage(value) {
      listener = value;
    },
  };
}

/**
 * Settles once the performance timeline holds the mark `name` (put there by the page's own
 * code), or after `capMs` when it never comes (a page opened in the background renders late).
 */
export function pageMark(
  scope: {
    PerformanceObserver?: {
      new (callback: (list: { getEntriesByName(name: string): unknown[] }) => void): {
        observe(options: { type: string; buffered: boolean }): void;
        disconnect(): void;
      };
    };
    setTimeout(run: () => void, ms: number): unknown;
  },
  name: string,
  capMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    scope.setTimeout(resolve, capMs);
    const Observer = scope.PerformanceObserver;
    if (!Observer) return resolve();
    try {
      const observer = new Observer((list) => {
        if (list.getEntriesByName(name).length === 0) return;
        observer.disconnect();
        resolve();
      });
      observer.observe({ type: 'mark', buffered: true });
    } catch {
      // No user timing here: the worker starts now rather than never.
      resolve();
    }
  });
}
