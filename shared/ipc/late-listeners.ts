import { keptForFirstListener as keptOf } from './event-names';

/** At most this many events of an `each` name are kept: a bulk return confirms up to 100. */
export const MAX_KEPT_EACH = 100;

/**
 * A bridge transport's event listeners by name, which keep what comes for a name nobody has
 * subscribed to yet and hand it to the first listener of that name when the page may hold an
 * answer older than it (docs/design.md §7.5). The renderer subscribes in effects after its first
 * commit, while the boot's answers it shows were made earlier: an event the core sent in between
 * (a purchase's `library.changed`, the header's `sync.status`) was lost, and the screen kept the
 * older state until the next change.
 *
 * Events and answers are numbered in the order main made them (the browser host's count, or the
 * order IPC delivers them in). An answer reflects every event numbered up to its own number, so a
 * kept event matters only if some answer the page holds, or is still waiting for, is older than
 * it: a state or signal (`newest`) is handed when its number is above the oldest answer seen (a
 * call still in flight counts as old as the last event seen when it left; one that left before any
 * event was seen, as older than everything); with no call made yet, every answer to come reflects
 * it, and it is dropped. A notice (`each`: a return confirmed or refused) is in no answer, so each
 * kept one is handed. A spurious hand-off costs a listener one refresh; a missing one was the
 * bug. Only the first listener of a name is handed anything: later ones subscribe as they ask what
 * they show, or after the screen already heard the name. What is kept per name is the contract's decision
 * (EVENT_KEPT_FOR_FIRST_LISTENER); a name outside it is not kept.
 */
export interface LateListeners {
  /** Event `seq` (null: unnumbered, taken as newer than any answer) came for `name`. */
  event(name: string, seq: number | null, payload: unknown): void;
  /**
   * The event stream opened after event `seq`, or closed (null). A closed stream may lose events,
   * so a kept state or signal may no longer be the newest: it is dropped (kept notices stay).
   * `replay` is what the host sent with the stream's first message: the newest event of each name
   * kept for the first listener as `newest`, with its own number (main/browser/event-hub.ts). One
   * the page has seen is dropped; another is an event once an answer the page holds, or a call in
   * flight since before the stream opened, is known to be older than it, and is dropped once none
   * can be.
   */
  stream(seq: number | null, replay?: readonly ReplayedEvent[]): void;
  /**
   * A call leaves now. The function returned takes its answer's number once it is in (NaN when the
   * answer carries none), or nothing when the call failed and holds no state.
   */
  call(): (answerSeq?: number) => void;
  subscribe(name: string, listener: (payload: unknown) => void): () => void;
}

/** An event the host sent again as a stream opened: its own number, name and payload. */
export interface ReplayedEvent {
  seq: number;
  event: string;
  payload: unknown;
}

interface Kept {
  seq: number;
  payload: unknown;
}

/**
 * `payload` to each of `listeners` (a copy: one may unsubscribe another as it runs); one
 * listener's throw does not keep the event from the others, and is still reported.
 */
export function deliverToEach<P>(listeners: Iterable<(payload: P) => void>, payload: P): void {
  for (const listener of [...listeners]) {
    try {
      listener(payload);
    } catch (error) {
      setTimeout(() => {
        throw error;
      }, 0);
    }
  }
}

export function createLateListeners(): LateListeners {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  /** Names that have had a listener: nothing is kept for them any more. */
  const heard = new Set<string>();
  const kept = new Map<string, Kept[]>();
  /** The last event seen on an open stream; null while none is open. */
  let seen: number | null = null;
  let oldestAnswer = Number.POSITIVE_INFINITY;
  /** Calls in flight, each as old as the last event seen when it left. */
  const inFlight = new Set<{ since: number }>();
  /** The number of the newest event seen of each name, on a stream or replayed. */
  const newestSeen = new Map<string, number>();
  /** Replayed events waiting for the answers of calls that left before their stream opened. */
  let replays: { event: ReplayedEvent; calls: Set<{ since: number }> }[] = [];

  const oldestState = () => {
    let oldest = oldestAnswer;
    for (const call of inFlight) oldest = Math.min(oldest, call.since);
    return oldest;
  };

  const alreadySeen = (event: ReplayedEvent) =>
    (newestSeen.get(event.event) ?? Number.NEGATIVE_INFINITY) >= event.seq;
  /** A replayed event decided: an event if due and not seen since, else only marked seen. */
  const decided = (event: ReplayedEvent, due: boolean) => {
    if (alreadySeen(event)) return;
    if (due) self.event(event.event, event.seq, event.payload);
    else newestSeen.set(event.event, event.seq);
  };

  const self: LateListeners = {
    event(name, seq, payload) {
      const number = seq ?? Number.POSITIVE_INFINITY;
      if (seq !== null && seen !== null) seen = Math.max(seen, seq);
      if (seq !== null) newestSeen.set(name, Math.max(seq, newestSeen.get(name) ?? seq));
      const set = listeners.get(name);
      if (set && set.size > 0) return deliverToEach(set, payload);
      if (heard.has(name)) return;
      const keep = keptOf(name);
      if (keep === 'none') return;
      const list = keep === 'newest' ? [] : (kept.get(name) ?? []);
      list.push({ seq: number, payload });
      if (list.length > MAX_KEPT_EACH) list.shift();
      kept.set(name, list);
    },
    stream(seq, replay = []) {
      seen = seq;
      if (seq === null) {
        // Notices already received stay theirs to show; a kept state may have been overtaken.
        // Nothing of a dropped one reached a listener: the next stream's replay decides it again.
        for (const name of kept.keys())
          if (keptOf(name) !== 'each') {
            kept.delete(name);
            newestSeen.delete(name);
          }
        // The next stream sends them again, as its own page of the host's newest.
        replays = [];
        return;
      }
      for (const event of replay) {
        // Only states and signals are replayed: a notice handed twice would show twice.
        if (keptOf(event.event) !== 'newest' || alreadySeen(event)) continue;
        // A call that left after an event this old was seen is answered after it.
        const calls = new Set([...inFlight].filter((call) => call.since < event.seq));
        if (oldestAnswer < event.seq || calls.size === 0) decided(event, oldestAnswer < event.seq);
        else replays.push({ event, calls });
      }
    },
    call() {
      const entry = { since: seen ?? Number.NEGATIVE_INFINITY };
      inFlight.add(entry);
      return (answerSeq) => {
        if (!inFlight.delete(entry)) return;
        const made =
          answerSeq === undefined
            ? Number.POSITIVE_INFINITY // failed: it holds no state
            : Number.isFinite(answerSeq)
              ? answerSeq
              : Number.NEGATIVE_INFINITY;
        if (answerSeq !== undefined) oldestAnswer = Math.min(oldestAnswer, made);
        const waiting = replays;
        replays = [];
        for (const pending of waiting) {
          if (!pending.calls.delete(entry)) replays.push(pending);
          else if (made < pending.event.seq) decided(pending.event, true);
          else if (pending.calls.size === 0) decided(pending.event, false);
          else replays.push(pending);
        }
      };
    },
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      // A wrapper of its own, so the same function subscribed twice is two listeners.
      const entry = (payload: unknown) => listener(payload);
      set.add(entry);
      if (!heard.has(name)) {
        heard.add(name);
        const waiting = kept.get(name) ?? [];
        kept.delete(name);
        const oldest = oldestState();
        // No answer reflects a notice: each kept one is due. A state or signal is due only
        // when some answer the page holds may be older than it.
        const due =
          keptOf(name) === 'each' ? waiting : waiting.filter((event) => event.seq > oldest);
        // After the subscriber's own turn: it may not hold its unsubscribe yet (lib/boot.ts).
        // To the name's listeners then: React's StrictMode subscribes, unsubscribes and
        // subscribes again in one turn. If none stayed, the next first listener decides.
        if (due.length > 0)
          queueMicrotask(() => {
            if (set.size > 0) for (const event of due) deliverToEach(set, event.payload);
            else {
              heard.delete(name);
              kept.set(name, [...due, ...(kept.get(name) ?? [])]);
            }
          });
      }
      return () => {
        set.delete(entry);
      };
    },
  };
  return self;
}
