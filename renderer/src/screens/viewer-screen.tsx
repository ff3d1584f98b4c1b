import { ContentViewer } from '../components/content-viewer';
import { ErrorMessage } from '../components/error-message';
import { useChannel } from '../hooks/use-channel';
import { kindLabel, leaseEndedSentence } from '../lib/format';

/** Opens a content (license checked by main first) and shows it in the matching viewer. */
export function ViewerScreen({ contentId }: { contentId: string }) {
  const opened = useChannel('content.open', { contentId });
  // For a lease that ended: the sentence names the date (the error itself carries only a code).
  const detail = useChannel('library.get', { contentId });
  const leaseEnded = leaseEndedSentence(detail.data?.offlineUntil ?? null);
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
        <ErrorMessage
          error={opened.error}
          onRetry={opened.reload}
          sentences={leaseEnded ? { OFFLINE_LEASE_EXPIRED: leaseEnded } : undefined}
        />
      ) : (
        <p aria-busy="true">Opening…</p>
      )}
    </div>
  );
}
