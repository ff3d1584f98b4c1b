import { ContentViewer } from '../components/content-viewer';
import { ErrorMessage } from '../components/error-message';
import { useChannel } from '../hooks/use-channel';
import { kindLabel } from '../lib/format';

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
        <ErrorMessage error={opened.error} onRetry={opened.reload} />
      ) : (
        <p aria-busy="true">Opening…</p>
      )}
    </div>
  );
}
