/**
 * Keeps the host's call answers and events in the order the host made them (docs/design.md
 * §7.5). They travel apart: events down one server-sent event stream, answers on their own HTTP
 * request or the bridge socket, so an answer can reach the worker before an event the host sent
 * earlier. A return confirmed while the header was still counting it as queued showed "1 queued"
 * for a few ms after the confirmation: the answer first, then the older outbox event. Every
 * event and every answer carries the host's event count (main/browser/event-hub.ts); an answer
 * made after event n waits here until event n has been handed to its listeners.
 *
 * Only while the stream is open: before it, no event can contradict an answer. An answer waits
 * `maxWaitMs` at most, so a stream that stalls or reconnects delays answers, never loses them.
 */
export interface EventOrder {
  /** The stream delivered event `seq` (or opened after it): answers up to it may go. */
  delivered(seq: number): void;
  /** The stream closed: nothing to wait for until it opens again. */
  closed(): void;
  /** Resolves once the events before an answer made at `seq` are delivered. */
  after(seq: unknown): Promise<void> | null;
}

export function createEventOrder(
  options: {
    maxWaitMs?: number;
    setTimeout?: (run: () => void, ms: number) => unknown;
    clearTimeout?: (timer: unknown) => void;
  } = {},
): EventOrder {
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const later = options.setTimeout ?? ((run, ms) => setTimeout(run, ms));
  const cancel =
    options.clearTimeout ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  /** The last event delivered; null while no stream is open. */
  let seen: number | null = null;
  let waiting: { seq: number; release: () => void }[] = [];

  const releaseUpTo = (seq: number) => {
    const due = waiting.filter((w) => w.seq <= seq);
    if (due.length === 0) return;
    waiting = waiting.filter((w) => w.seq > seq);
    for (const w of due) w.release();
  };

  return {
    delivered(seq) {
      seen = seen === null ? seq : Math.max(seen, seq);
      releaseUpTo(seen);
    },
    closed() {
      seen = null;
      releaseUpTo(Number.POSITIVE_INFINITY);
    },
    after(seq) {
      if (seen === null || typeof seq !== 'number' || !(seq > seen)) return null;
      return new Promise<void>((resolve) => {
        let done = false;
        const release = () => {
          if (done) return;
          done = true;
          cancel(timer);
          resolve();
        };
        waiting.push({ seq, release });
        const timer = later(() => {
          waiting = waiting.filter((w) => w.release !== release);
          release();
        }, maxWaitMs);
      });
    },
  };
}
