import { describe, expect, it } from 'vitest';
import { createEventOrder } from '../../../page-bridge/event-order';

/** A clock the test moves by hand. */
function manualTimers() {
  const due: { at: number; run: () => void }[] = [];
  let now = 0;
  return {
    setTimeout: (run: () => void, ms: number) => {
      const timer = { at: now + ms, run };
      due.push(timer);
      return timer;
    },
    clearTimeout: (timer: unknown) => {
      const at = due.indexOf(timer as (typeof due)[number]);
      if (at >= 0) due.splice(at, 1);
    },
    /** Timers still pending. */
    pending: () => due.length,
    advance(ms: number) {
      now += ms;
      for (const timer of due.filter((t) => t.at <= now)) {
        due.splice(due.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}

const settled = async (promise: Promise<void> | null) => {
  let done = promise === null;
  void promise?.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe("the bridge worker's event order", () => {
  it('lets an answer through at once while no stream is open, or when its events are in', async () => {
    const order = createEventOrder(manualTimers());
    expect(order.after(5)).toBeNull();
    order.delivered(5);
    expect(order.after(5)).toBeNull();
    expect(order.after(3)).toBeNull();
    expect(order.after(undefined)).toBeNull();
    expect(order.after(Number.NaN)).toBeNull();
  });

  it('holds an answer until the events sent before it are delivered, in any number', async () => {
    const timers = manualTimers();
    const order = createEventOrder(timers);
    order.delivered(2);
    const seven = order.after(7);
    const four = order.after(4);
    expect(await settled(seven)).toBe(false);
    order.delivered(4);
    expect(await settled(four)).toBe(true);
    expect(await settled(seven)).toBe(false);
    order.delivered(9);
    expect(await settled(seven)).toBe(true);
    // Released early, their bounds are cleared, not left running.
    expect(timers.pending()).toBe(0);
  });

  it('never holds an answer longer than its bound, nor past the stream closing', async () => {
    const timers = manualTimers();
    const order = createEventOrder({ ...timers, maxWaitMs: 1000 });
    order.delivered(1);
    const stalled = order.after(2);
    timers.advance(999);
    expect(await settled(stalled)).toBe(false);
    timers.advance(1);
    expect(await settled(stalled)).toBe(true);

    const cut = order.after(3);
    order.closed();
    expect(await settled(cut)).toBe(true);
    // Closed: nothing to wait for until the stream opens again and says where it is.
    expect(order.after(10)).toBeNull();
  });
});
