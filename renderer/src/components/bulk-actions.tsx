import { useState } from 'react';
import { useAction } from '../hooks/use-action';
import { formatCount } from '../lib/format';
import { inBatches } from '../lib/batches';
import { saveTextFile } from '../lib/save-file';
import { getShelf } from '../lib/shelf';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorMessage } from './error-message';
import { TagDialog } from './tag-dialog';

interface Props {
  ids: ReadonlySet<string>;
  onClear: () => void;
  /** Bulk return: opens the one combined offer (bulk-return-dialog.tsx) for these items. */
  onReturn?: (contentIds: string[]) => void;
}

/** Downloads one at a time (two at once at most): a large selection must not flood the server. */
const DOWNLOADS_AT_ONCE = 2;

/**
 * What can be done with the selected items at once: download, remove the local copies, tag,
 * export as CSV, return under one combined offer. Each says how it went in a sentence.
 */
export function BulkActions({ ids, onClear, onReturn }: Props) {
  const [dialog, setDialog] = useState<'tag' | 'remove' | null>(null);
  const [done, setDone] = useState('');
  const [progress, setProgress] = useState('');
  const contentIds = [...ids];
  const count = formatCount(contentIds.length);
  const items = contentIds.length === 1 ? 'item' : 'items';

  const download = useAction(async () => {
    setDone('');
    let next = 0;
    let finished = 0;
    let failed = 0;
    const worker = async () => {
      while (next < contentIds.length) {
        const contentId = contentIds[next] as string;
        next += 1;
        try {
          await getShelf().invoke('content.download', { contentId });
        } catch {
          failed += 1;
        }
        finished += 1;
        setProgress(`Downloading ${formatCount(finished)} of ${count}…`);
      }
    };
    await Promise.all(Array.from({ length: DOWNLOADS_AT_ONCE }, worker));
    setProgress('');
    setDone(
      failed
        ? `${formatCount(contentIds.length - failed)} downloaded; ${formatCount(failed)} could not be downloaded.`
        : `${count} ${items} on this device.`,
    );
  });
  const remove = async () => {
    const answers = await inBatches(contentIds, (batch) =>
      getShelf().invoke('content.removeLocal', { contentIds: batch }),
    );
    const removed = answers.reduce((sum, answer) => sum + answer.removed, 0);
    setDialog(null);
    setDone(`Removed ${formatCount(removed)} local ${removed === 1 ? 'copy' : 'copies'}.`);
  };
  const exportCsv = useAction(async () => {
    const parts = await inBatches(contentIds, (batch) =>
      getShelf().invoke('library.exportCsv', { contentIds: batch }),
    );
    const filename = parts[0]?.filename ?? 'shelfkeeper-library.csv';
    // One header: each later batch's first line is the same header again.
    const csv = parts
      .map((part, index) => (index === 0 ? part.csv : part.csv.slice(part.csv.indexOf('\r\n') + 2)))
      .join('');
    saveTextFile(filename, csv);
    setDone(`Exported ${count} ${items} to ${filename}.`);
  });

  return (
    <div className="bulk-bar" role="region" aria-label="Selected items">
      <p className="bulk-count">
        <strong>{count}</strong> {items} selected
      </p>
      <div className="bulk-buttons">
        <button
          type="button"
          className="button"
          onClick={() => void download.run()}
          disabled={download.pending}
        >
          Download
        </button>
        <button type="button" className="button" onClick={() => setDialog('remove')}>
          Remove local copy
        </button>
        <button type="button" className="button" onClick={() => setDialog('tag')}>
          Tag…
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void exportCsv.run()}
          disabled={exportCsv.pending}
        >
          Export CSV
        </button>
        {onReturn ? (
          <button type="button" className="button" onClick={() => onReturn(contentIds)}>
            Return…
          </button>
        ) : null}
        <button type="button" className="button ghost" onClick={onClear}>
          Clear selection
        </button>
      </div>
      <p className="bulk-status" role="status">
        {progress || done}
      </p>
      <ErrorMessage error={download.error ?? exportCsv.error} />
      {dialog === 'tag' ? (
        <TagDialog
          contentIds={contentIds}
          onClose={() => setDialog(null)}
          onDone={(sentence) => {
            setDialog(null);
            setDone(sentence);
          }}
        />
      ) : null}
      {dialog === 'remove' ? (
        <ConfirmDialog
          title="Remove local copies"
          confirm="Remove local copies"
          onConfirm={remove}
          onClose={() => setDialog(null)}
        >
          Delete the downloaded files of {count} {items} from this device? The licenses stay in your
          library, and each can be downloaded again.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
