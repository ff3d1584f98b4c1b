import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';
import type { CoreLogger } from './app-core-api';

export type CoreListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * "Something changed, ask again" signals: only the latest matters, and a burst of them (an
 * outbox of thousands of returns flushed, a sync pulling thousands of events) would make every
 * window ask for its library page again for each one. At most one per window goes out: the
 * first at once, the latest of the rest when the window ends.
 */
const COALESCED: ReadonlySet<EventName> = new Set<EventName>(['library.changed', 'wallet.changed']);
export const COALESCE_WINDOW_MS = 100;

/** The events the core pushes to the renderer, checked against the contract before they leave. */
export class CoreEvents {
  private readonly listeners = new Set<CoreListener>();
  /** The core's own followers: every emit, before any window holds it back. */
  private readonly watchers = new Set<CoreListener>();
  /** Per coalesced event: its open window, and the payload held back for the window's end. */
  private readonly windows = new Map<EventName, { timer: NodeJS.Timeout; held?: unknown }>();

  constructor(private readonly logger: CoreLogger) {}

  subscribe(listener: CoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * For the core itself: called on every emit, a coalesced one too, at once. A fact that follows
   * an event must not wait for the window: the header's queued count followed the returns'
   * `library.changed` through `subscribe`, so a return confirmed less than 100 ms after it was
   * queued (the usual case online) still showed "1 queued" for up to 100 ms after the
   * confirmation was on screen.
   */
  watch(watcher: CoreListener): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      // A bug in the core, not the user's problem: log it and do not push malformed data.
      this.logger.error('event does not match the contract', {
        event,
        issues: parsed.error.issues.length,
      });
      return;
    }
    const data = parsed.data as EventPayload<E>;
    this.call(this.watchers, event, data);
    if (!COALESCED.has(event)) return this.deliver(event, data);
    const open = this.windows.get(event);
    if (open) {
      open.held = data;
      return;
    }
    this.deliver(event, data);
    this.openWindow(event);
  }

  /** Drops what is held back (the core is closing: nobody is left to ask again). */
  close(): void {
    for (const { timer } of this.windows.values()) clearTimeout(timer);
    this.windows.clear();
  }

  private openWindow<E extends EventName>(event: E): void {
    const timer = setTimeout(() => {
      const window = this.windows.get(event);
      this.windows.delete(event);
      if (window && 'held' in window) {
        this.deliver(event, window.held as EventPayload<E>);
        this.openWindow(event);
      }
    }, COALESCE_WINDOW_MS);
    timer.unref();
    this.windows.set(event, { timer });
  }

  private deliver<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.call(this.listeners, event, payload);
  }

  private call<E extends EventName>(
    listeners: ReadonlySet<CoreListener>,
    event: E,
    payload: EventPayload<E>,
  ): void {
    for (const listener of listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        this.logger.warn('event listener failed', { event, error: String(error) });
      }
    }
  }
}
