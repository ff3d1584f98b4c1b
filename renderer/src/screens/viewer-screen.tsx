import { ContentViewer } from '../components/content-viewer';
import { ErrorMessage } from '../components/error-message';
import { useChannel } from '../hooks/use-channel';
import { kindLabel, leaseEndedSentence } from '../lib/format';

/** Opens a content (license checked by main first) and shows it in the matching viewer. */
export function ViewerScreen({ contentId }: { contentId: string }) {
  const opened = useChannel('content.open', { contentId });
  return (
    <div className="screen viewer">
      <a className="back" href={`#/item/${contentId}`}>
        ← Details
      </a>
      {opened.data ? (
        <>
          <h1>
            {opened.data.title} <span className="kind">{kindLabel(opened.data.kind)}</span>
          </h1>
          <div className="viewer-body" data-testid="viewer" data-mime={opened.data.mime}>
            <ContentViewer content={opened.data} />
          </div>
        </>
      ) : opened.error ? (
        <OpenFailed contentId={contentId} error={opened.error} onRetry={opened.reload} />
      ) : (
        <p aria-busy="true">Opening…</p>
      )}
    </div>
  );
}

/**
 * Why the content did not open. For a lease that ended, the sentence names the date, which the
 * error itself does not carry: the item's detail is read only then, so an open that succeeds
 * does not check the license a second time meanwhile (docs/design.md §11.5).
 */
function OpenFailed({
  contentId,
  error,
  onRetry,
}: {
  contentId: string;
  error: unknown;
  onRetry: () => void;
}) {
  const detail = useChannel('library.get', { contentId });
  const leaseEnded = leaseEndedSentence(detail.data?.offlineUntil ?? null);
  return (
    <ErrorMessage
      error={error}
      onRetry={onRetry}
      sentences={leaseEnded ? { OFFLINE_LEASE_EXPIRED: leaseEnded } : undefined}
    />
  );
}
