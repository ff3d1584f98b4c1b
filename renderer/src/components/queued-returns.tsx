import type { QueuedReturn } from '../../../shared/ipc/sync';
import { useAction } from '../hooks/use-action';
import { sentenceForCode } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { kindName } from '../lib/privilege';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';

/** Returns waiting for the server; those not yet sent can be cancelled. */
export function QueuedReturns({
  queued,
  onChanged,
}: {
  queued: QueuedReturn[];
  onChanged: () => void;
}) {
  const cancel = useAction(async (contentId: string) => {
    await getShelf().invoke('returns.cancel', { contentId });
    onChanged();
  });
  if (queued.length === 0) return <p className="empty">No returns are waiting.</p>;
  return (
    <>
      <ul className="queued-list">
        {queued.map((q) => (
          <li key={q.returnId} className="card queued-item" data-testid="queued-return">
            <div>
              <strong>{q.title}</strong> · {kindName(q.kind)}
              <p className="hint">
                {q.status === 'sending' ? 'Sending now…' : 'Waiting for the connection.'} Requested{' '}
                {formatDateTime(q.createdAt)}
                {q.attempts > 0
                  ? `; ${q.attempts} ${q.attempts === 1 ? 'attempt' : 'attempts'} so far`
                  : ''}
                {q.nextAttemptAt ? `; next try ${formatDateTime(q.nextAttemptAt)}` : ''}.
              </p>
              {q.lastError ? (
                <p className="hint">Last attempt: {sentenceForCode(q.lastError)}</p>
              ) : null}
            </div>
            {q.status === 'queued' ? (
              <button
                type="button"
                className="button"
                onClick={() => void cancel.run(q.contentId)}
                disabled={cancel.pending}
                aria-label={`Cancel the return of ${q.title}`}
              >
                Cancel return
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorMessage error={cancel.error} />
    </>
  );
}
