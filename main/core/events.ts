import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';
import type { CoreLogger } from './app-core-api';

export type CoreListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The events the core pushes to the renderer, checked against the contract before they leave. */
export class CoreEvents {
  private readonly listeners = new Set<CoreListener>();

  constructor(private readonly logger: CoreLogger) {}

  subscribe(listener: CoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    for (const listener of this.listeners) {
      try {
        listener(event, parsed.data as EventPayload<E>);
      } catch (error) {
        this.logger.warn('event listener failed', { event, error: String(error) });
      }
    }
  }
}
