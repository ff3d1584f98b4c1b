import { useState } from 'react';
import type { SyncStatus } from '../../../shared/ipc/sync';
import { useChannel } from './use-channel';
import { useEvent } from './use-event';

/** The sync engine's status: asked once, then kept current by `sync.status` events. */
export function useSyncStatus(): {
  status: SyncStatus | undefined;
  error: unknown;
  reload: () => void;
} {
  const asked = useChannel('sync.status', {});
  const [pushed, setPushed] = useState<SyncStatus | undefined>(undefined);
  useEvent('sync.status', setPushed);
  return { status: pushed ?? asked.data, error: asked.error, reload: asked.reload };
}
