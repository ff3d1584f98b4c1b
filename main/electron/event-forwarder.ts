import type { AppCore } from '../core/app-core-api';
import { IPC_EVENT_PREFIX } from '../../shared/ipc/contract';

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Forwards every core event to the window as `shelf-event:<name>`; returns the unsubscribe. */
export function forwardEvents(core: Pick<AppCore, 'subscribe'>, target: EventTarget): () => void {
  return core.subscribe((event, payload) => {
    if (!target.isDestroyed()) target.send(IPC_EVENT_PREFIX + event, payload);
  });
}
