import type { MessageEnd } from './worker-messages';

/**
 * A message end whose worker is created only once `start` settles: what the page posts before is
 * kept, in order, and posted the moment the worker exists; its answers reach `onmessage` as from
 * the worker itself. The bridge's worker builds the contract's schemas as it starts, 100 ms and
 * more of CPU that competed with the page's main thread for its first paint on two cores, though
 * a page that came with its first screen's answers needs no answer before that paint
 * (bench/findings.md, first paint, tenth pass).
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
 * Settles once the page has painted its first content (the first-contentful-paint entry), or
 * after `capMs` when no such paint comes (a page opened in the background paints nothing).
 */
export function firstContentfulPaint(
  scope: {
    PerformanceObserver?: {
      new (callback: (list: { getEntriesByName(name: string): unknown[] }) => void): {
        observe(options: { type: string; buffered: boolean }): void;
        disconnect(): void;
      };
    };
    setTimeout(run: () => void, ms: number): unknown;
  },
  capMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    scope.setTimeout(resolve, capMs);
    const Observer = scope.PerformanceObserver;
    if (!Observer) return resolve();
    try {
      const observer = new Observer((list) => {
        if (list.getEntriesByName('first-contentful-paint').length === 0) return;
        observer.disconnect();
        resolve();
      });
      observer.observe({ type: 'paint', buffered: true });
    } catch {
      // No paint timing here: the worker starts now rather than never.
      resolve();
    }
  });
}
