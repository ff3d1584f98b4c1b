import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { hasShelf, getShelf } from '../lib/shelf';

/** Subscribes to a main → renderer event for the component's lifetime (latest listener wins). */
export function useEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    if (!hasShelf()) return undefined;
    return getShelf().on(event, (payload) => latest.current(payload));
  }, [event]);
}
