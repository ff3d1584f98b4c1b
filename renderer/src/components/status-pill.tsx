import type { SyncStatus } from '../../../shared/ipc/sync';
import { formatRelative } from '../lib/format';

/** The header's one-glance sync state; links to the sync screen for details. */
export function StatusPill({ status }: { status: SyncStatus | undefined }) {
  if (!status) return null;
  const state = !status.online ? 'offline' : status.lastError ? 'error' : 'online';
  const text = !status.online
    ? 'Offline'
    : status.syncing
      ? 'Syncing…'
      : status.lastSyncAt
        ? `Synced ${formatRelative(status.lastSyncAt)}`
        : 'Online';
  // "Synced 1 minute ago" may read "2 minutes ago" by the time the page's app takes over the
  // first screen's prerendered markup (docs/design.md §7.5): that alone must not make React
  // build the page again. The pill's next render (a sync, a status change) brings it up to date.
  return (
    <a
      className={`status-pill ${state}`}
      href="#/sync"
      aria-label={`Sync status: ${text}`}
      suppressHydrationWarning
    >
      <span className="dot" aria-hidden="true" />
      {text}
      {status.queuedReturns > 0 ? (
        <span className="count"> · {status.queuedReturns} queued</span>
      ) : null}
    </a>
  );
}
