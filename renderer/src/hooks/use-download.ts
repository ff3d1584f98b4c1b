import { useState } from 'react';
import { getShelf } from '../lib/shelf';
import { useAction } from './use-action';
import { useEvent } from './use-event';

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes: number;
}

/** Starts, follows (`download.progress` events) and cancels the download of one content. */
export function useDownload(contentId: string) {
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  useEvent('download.progress', (event) => {
    if (event.contentId === contentId) setProgress(event);
  });
  const download = useAction(async () => {
    setProgress({ receivedBytes: 0, totalBytes: 0 });
    try {
      return await getShelf().invoke('content.download', { contentId });
    } finally {
      setProgress(null);
    }
  });
  const cancel = () => getShelf().invoke('content.cancelDownload', { contentId });
  return { progress, download, cancel };
}
