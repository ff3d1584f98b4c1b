import type { SyncStatus } from '../../../shared/ipc/sync';

/** Shown while the license server cannot be reached: what still works, and what waits. */
export function OfflineBanner({ status }: { status: SyncStatus | undefined }) {
  if (!status || status.online) return null;
  return (
    <div className="banner offline" role="status">
      <strong>You are offline.</strong> Your library and downloaded contents still work. Returns are
      queued and sent when the connection is back.
    </div>
  );
}
