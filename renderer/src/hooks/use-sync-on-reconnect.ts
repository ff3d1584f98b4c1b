import { useEffect } from 'react';
import { getShelf } from '../lib/shelf';

/**
 * Syncs as soon as the operating system says the network is back, instead of waiting for the
 * core's next timer or backoff step: queued returns go out the moment they can (docs/design.md
 * §5.4). A failure here is shown by the sync status like any other.
 */
export function useSyncOnReconnect(): void {
  useEffect(() => {
    const onOnline = () => {
      getShelf()
        .invoke('sync.now', {})
        .catch(() => undefined);
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, []);
}
