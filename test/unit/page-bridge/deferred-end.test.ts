import { describe, expect, it } from 'vitest';
import { deferredEnd, pageMark } from '../../../page-bridge/deferred-end';
import type { MessageEnd } from '../../../page-bridge/worker-messages';

/** A worker stand-in that echoes what it is posted, and records it. */
function echoWorker() {
  const posted: string[] = [];
  const end: MessageEnd<string, string> = {
    postMessage(message) {
      posted.push(message);
      queueMicrotask(() => end.onmessage?.({ data: `echo ${message}` }));
    },
    onmessage: null,
  };
  return { end, posted };
}

describe('deferredEnd: the bridge worker started once the app has started', () => {
  it('creates nothing before the start, then posts what was kept in order, and answers', async () => {
    let go = () => {};
    const start = new Promise<void>((resolve) => (go = resolve));
    const worker = echoWorker();
    let created = 0;
    const end = deferredEnd(start, () => {
      created += 1;
      return worker.end;
    });
    const heard: string[] = [];
    end.onmessage = ({ data }) => heard.push(data);
    end.postMessage('a');
    end.postMessage('b');
    await Promise.resolve();
    expect(created).toBe(0);
    expect(worker.posted).toEqual([]);

    go();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(created).toBe(1);
    expect(worker.posted).toEqual(['a', 'b']);
    end.postMessage('c');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(worker.posted).toEqual(['a', 'b', 'c']);
    expect(heard).toEqual(['echo a', 'echo b', 'echo c']);
  });
});

describe('pageMark', () => {
  /** A PerformanceObserver stand-in: `mark(name)` reports an entry to the observers. */
  function marks() {
    const observers = new Set<(list: { getEntriesByName(name: string): unknown[] }) => void>();
    class Observer {
      constructor(
        private readonly callback: (list: { getEntriesByName(name: string): unknown[] }) => void,
      ) {}
      observe() {
        observers.add(this.callback);
      }
      disconnect() {
        observers.delete(this.callback);
      }
    }
    const mark = (name: string) => {
      for (const callback of [...observers])
        callback({ getEntriesByName: (wanted) => (wanted === name ? [{ name }] : []) });
    };
    return { Observer, mark, observers };
  }

  it('settles once the page puts the mark on its timeline, not at another mark', async () => {
    const { Observer, mark, observers } = marks();
    let settled = false;
    const timers: (() => void)[] = [];
    void pageMark(
      { PerformanceObserver: Observer, setTimeout: (run) => timers.push(run) },
      'shelf:app-started',
      1500,
    ).then(() => (settled = true));
    mark('reader:mounted');
    await Promise.resolve();
    expect(settled).toBe(false);
    mark('shelf:app-started');
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(observers.size).toBe(0);
  });

  it('settles at the cap when the mark never comes (a page opened in the background)', async () => {
    const { Observer } = marks();
    let cap = () => {};
    const done = pageMark(
      { PerformanceObserver: Observer, setTimeout: (run) => (cap = run) },
      'shelf:app-started',
      1500,
    );
    cap();
    await expect(done).resolves.toBeUndefined();
  });
});
