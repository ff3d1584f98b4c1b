import { useEffect, useState, type ReactNode } from 'react';
import type { LibraryItemDetail } from '../../../shared/ipc/library';
import type { SyncStatus } from '../../../shared/ipc/sync';
import { DownloadPanel } from '../components/download-panel';
import { ErrorMessage } from '../components/error-message';
import { ItemBadges } from '../components/item-badges';
import { ItemFacts } from '../components/item-facts';
import { ReturnDialog } from '../components/return-dialog';
import { useAction } from '../hooks/use-action';
import { useChannel } from '../hooks/use-channel';
import { EPUB_MIME, loadEpubEngine } from '../lib/epub-engine';
import { errorCode, sentenceForCode } from '../lib/errors';
import { kindName } from '../lib/privilege';
import { refusalText } from '../lib/return-refusal';
import { getShelf } from '../lib/shelf';

interface Props {
  contentId: string;
  syncStatus: SyncStatus | undefined;
}

/** One content: its metadata and license, download, open, and return. */
export function ItemScreen({ contentId, syncStatus }: Props) {
  const item = useChannel('library.get', { contentId }, ['library.changed']);
  const [returning, setReturning] = useState(false);
  const cancelReturn = useAction(async () => getShelf().invoke('returns.cancel', { contentId }));
  const data = item.data;
  // After a return the item is gone; the dialog stays up to show the outcome until closed.
  const gone = errorCode(item.error) === 'NOT_FOUND';
  // A downloaded book is likely opened next: its reader's code loads meanwhile (§11.5).
  const openableBook =
    data?.downloaded === true && data.mime.split(';')[0]?.trim().toLowerCase() === EPUB_MIME;
  useEffect(() => {
    if (openableBook) loadEpubEngine().catch(() => undefined);
  }, [openableBook]);

  // One element for the dialog in every branch, so it keeps its state (the outcome it shows)
  // when the page behind it changes.
  const dialog =
    returning && data ? <ReturnDialog item={data} onClose={() => setReturning(false)} /> : null;

  if (!data || gone) {
    let body: ReactNode;
    if (gone && data && returning) {
      // Gone while the return dialog shows its outcome: what was here (the pending state above
      // all) is over, so the page says so behind the dialog rather than keep the last answer.
      body = (
        <>
          <p role="status">“{data.title}” was returned and is no longer in your library.</p>
          <a className="button" href="#/library">
            Back to library
          </a>
        </>
      );
    } else if (gone) {
      body = (
        <>
          <p>This content is no longer in your library.</p>
          <a className="button" href="#/library">
            Back to library
          </a>
        </>
      );
    } else {
      body = item.error ? (
        <ErrorMessage error={item.error} onRetry={item.reload} />
      ) : (
        <p>Loading…</p>
      );
    }
    return (
      <div className="screen" aria-busy={!gone && item.loading}>
        {body}
        {dialog}
      </div>
    );
  }

  const active = data.state === 'active';
  return (
    <div className="screen item">
      <>
        <a className="back" href="#/library">
          ← Library
        </a>
        <div className="item-head">
          <div>
            <h1>{data.title}</h1>
            <p className="creator">by {data.creator}</p>
          </div>
          <ItemBadges item={data} />
        </div>

        {data.lastReturnError && active ? (
          data.lastReturnError.code === 'QUOTE_EXPIRED' ? (
            <div className="banner pending" role="status">
              <p>
                The offer for your last return expired before it was sent, so nothing was returned.
                Use Return… for a new offer.
              </p>
            </div>
          ) : (
            <div className="error-message" role="alert">
              <p>
                Your last return request was refused: {sentenceForCode(data.lastReturnError.code)}
              </p>
            </div>
          )
        ) : null}
        {active && data.cannotReturn ? (
          <p className="banner" role="status" data-testid="cannot-return">
            {refusalText(data.cannotReturn, data.returnDeadline, null)}
          </p>
        ) : null}
        {!active ? (
          <div className="banner pending" role="status">
            <p>
              {pendingName(data)} of this content{' '}
              {data.returnSending
                ? 'is being sent to the server'
                : 'is waiting to be sent to the server'}
              ; it can no longer be opened.
              {syncStatus && !syncStatus.online && !data.returnSending
                ? ' It will be sent when you are back online.'
                : ''}
            </p>
            {data.state === 'return_pending' && !data.returnSending ? (
              <button
                type="button"
                className="button"
                onClick={() => void cancelReturn.run()}
                disabled={cancelReturn.pending}
              >
                Cancel the return
              </button>
            ) : null}
            <ErrorMessage error={cancelReturn.error} />
          </div>
        ) : null}

        {active ? (
          <div className="actions item-actions">
            {data.downloaded ? (
              <a className="button primary" href={`#/viewer/${data.contentId}`}>
                Open
              </a>
            ) : (
              <DownloadPanel contentId={data.contentId} title={data.title} size={data.size} />
            )}
            {data.cannotReturn ? null : (
              <button type="button" className="button" onClick={() => setReturning(true)}>
                Return…
              </button>
            )}
          </div>
        ) : null}

        <ItemFacts item={data} />
        {data.description ? <p className="description">{data.description}</p> : null}
      </>
      {dialog}
    </div>
  );
}

function pendingName(item: { pendingReturnKind: LibraryItemDetail['pendingReturnKind'] }): string {
  return item.pendingReturnKind
    ? `A ${kindName(item.pendingReturnKind).toLowerCase()}`
    : 'A return';
}
