import { useDownload } from '../hooks/use-download';
import { ErrorMessage } from './error-message';
import { ProgressBar } from './progress-bar';

interface Props {
  contentId: string;
  title: string;
  size: number;
}

/** The download button, then its progress bar (from `download.progress` events) and a cancel. */
export function DownloadPanel({ contentId, title, size }: Props) {
  const { progress, download, cancel } = useDownload(contentId);
  if (download.pending) {
    return (
      <div className="download-panel">
        <ProgressBar
          label={`Downloading ${title}`}
          received={progress?.receivedBytes ?? 0}
          total={progress?.totalBytes || size}
        />
        <button type="button" className="button" onClick={() => void cancel()}>
          Cancel download
        </button>
      </div>
    );
  }
  return (
    <div className="download-panel">
      <button type="button" className="button primary" onClick={() => void download.run()}>
        Download
      </button>
      <ErrorMessage error={download.error} />
    </div>
  );
}
