import { ErrorMessage } from '../components/error-message';
import { QueuedReturns } from '../components/queued-returns';
import { useAction } from '../hooks/use-action';
import { useChannel } from '../hooks/use-channel';
import { useSyncStatus } from '../hooks/use-sync-status';
import { sentenceForCode } from '../lib/errors';
import { formatDateTime, formatRelative } from '../lib/format';
import { getShelf } from '../lib/shelf';

/** Connection, last sync, the queue of returns, and the last error with a retry. */
export function SyncScreen() {
  const { status } = useSyncStatus();
  // Every confirmed return also changes the library; that signal comes coalesced in bursts.
  const returns = useChannel('returns.list', {}, ['sync.status', 'library.changed']);
  const syncNow = useAction(async () => getShelf().invoke('sync.now', {}));

  return (
    <div className="screen sync">
      <h1>Sync status</h1>
      <section className="card" aria-labelledby="connection-title">
        <h2 id="connection-title">Connection</h2>
        {status ? (
          <dl className="facts">
            <dt>License server</dt>
            <dd data-testid="sync-online">{status.online ? 'Online' : 'Offline'}</dd>
            <dt>Last sync</dt>
            <dd>
              {status.lastSyncAt
                ? `${formatRelative(status.lastSyncAt)} (${formatDateTime(status.lastSyncAt)})`
                : 'Not synced yet'}
            </dd>
            <dt>Returns waiting</dt>
            <dd>{status.queuedReturns}</dd>
            {status.nextRetryAt ? (
              <>
                <dt>Next try</dt>
                <dd>{formatDateTime(status.nextRetryAt)}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
        {status?.lastError ? (
          <div className="error-message" role="alert">
            <p>
              The last sync failed at {formatDateTime(status.lastError.at)}:{' '}
              {sentenceForCode(status.lastError.code)}
            </p>
          </div>
        ) : null}
        <div className="actions">
          <button
            type="button"
            className="button primary"
            onClick={() => void syncNow.run()}
            disabled={syncNow.pending || status?.syncing}
          >
            {syncNow.pending || status?.syncing
              ? 'Syncing…'
              : status?.lastError
                ? 'Retry now'
                : 'Sync now'}
          </button>
        </div>
        <ErrorMessage error={syncNow.error} />
      </section>
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">Queued returns</h2>
        <ErrorMessage error={returns.error} onRetry={returns.reload} />
        {returns.data ? (
          <QueuedReturns queued={returns.data.queued} onChanged={returns.reload} />
        ) : null}
      </section>
    </div>
  );
}
