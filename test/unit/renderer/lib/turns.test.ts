import { describe, expect, it, vi } from 'vitest';
import { turns } from '../../../../renderer/src/lib/turns';

/** A task that runs until the test settles it, noting when it started. */
function deferred(started: string[], name: string) {
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const task = () => {
    started.push(name);
    return new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  };
  return {
    task,
    resolve: () => settle?.resolve(),
    reject: () => settle?.reject(new Error(`${name} failed`)),
  };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('turns', () => {
  it('runs at most the limit at once, the rest in the order given', async () => {
    const started: string[] = [];
    const limiter = turns(2);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => deferred(started, name));
    for (const t of [a!, b!, c!, d!]) limiter.take(t.task);
    expect(started).toEqual(['a', 'b']);
    expect(limiter.size).toEqual({ running: 2, waiting: 2 });
    b!.resolve();
    await flush();
    expect(started).toEqual(['a', 'b', 'c']);
    // A failed task frees its turn too.
    a!.reject();
    await flush();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    c!.resolve();
    d!.resolve();
    await flush();
    expect(limiter.size).toEqual({ running: 0, waiting: 0 });
  });

  it('never starts a withdrawn task, and withdrawing a started one changes nothing', async () => {
    const started: string[] = [];
    const limiter = turns(1);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => deferred(started, name));
    const withdrawA = limiter.take(a!.task);
    const withdrawB = limiter.take(b!.task);
    limiter.take(c!.task);
    withdrawB();
    withdrawA();
    expect(limiter.size).toEqual({ running: 1, waiting: 1 });
    a!.resolve();
    await flush();
    expect(started).toEqual(['a', 'c']);
  });

  it('gives the same function given twice two turns', async () => {
    const started: string[] = [];
    const limiter = turns(1);
    const a = deferred(started, 'a');
    limiter.take(a.task);
    const withdraw = limiter.take(a.task);
    expect(limiter.size.waiting).toBe(1);
    withdraw();
    expect(limiter.size.waiting).toBe(0);
    a.resolve();
    await flush();
    expect(started).toEqual(['a']);
  });
  it('frees the place of a task that never settles once it has run its cap', async () => {
    vi.useFakeTimers();
    try {
      const started: string[] = [];
      const limiter = turns(1, 1000);
      const [hung, next] = ['hung', 'next'].map((name) => deferred(started, name));
      limiter.take(hung!.task);
      limiter.take(next!.task);
      await vi.advanceTimersByTimeAsync(999);
      expect(started).toEqual(['hung']);
      await vi.advanceTimersByTimeAsync(1);
      expect(started).toEqual(['hung', 'next']);
      // Its late answer frees nothing twice.
      hung!.resolve();
      await vi.advanceTimersByTimeAsync(0);
      expect(limiter.size).toEqual({ running: 1, waiting: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
  it('counts a task that throws at its start as failed', async () => {
    const started: string[] = [];
    const limiter = turns(1);
    const next = deferred(started, 'next');
    limiter.take(() => {
      throw new Error('no bridge');
    });
    limiter.take(next.task);
    await flush();
    expect(started).toEqual(['next']);
  });
});
