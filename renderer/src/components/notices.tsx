import { useState } from 'react';
import { useEvent } from '../hooks/use-event';
import { sentenceForCode } from '../lib/errors';
import { formatPoints } from '../lib/format';
import { receiptHeadline, returnsShownInDialog } from '../lib/privilege';

interface Notice {
  id: string;
  tone: 'ok' | 'danger';
  title: string;
  body: string;
  href?: string;
  action?: string;
}

/**
 * Outcomes that arrive later, e.g. a return queued offline and confirmed or refused once the
 * server answers. Live region, so a screen reader hears them too.
 */
export function Notices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const add = (notice: Notice) =>
    setNotices((list) => [...list.filter((n) => n.id !== notice.id), notice]);

  useEvent('return.confirmed', ({ receipt }) => {
    if (returnsShownInDialog.has(receipt.contentId)) return;
    const upgrade = receipt.privilege.type === 'upgrade' ? receipt.privilege.license.content : null;
    add({
      id: receipt.returnId,
      tone: 'ok',
      title: `Return of “${receipt.title}” confirmed`,
      body: upgrade
        ? `${receiptHeadline(receipt)} It is ready to download.`
        : `${receiptHeadline(receipt)} Your balance is now ${formatPoints(receipt.balance)}.`,
      ...(upgrade
        ? { href: `#/item/${upgrade.contentId}`, action: `Download version ${upgrade.version}` }
        : {}),
    });
  });
  useEvent('return.failed', (event) => {
    add({
      id: `failed-${event.contentId}`,
      tone: 'danger',
      title: `The return of “${event.title}” was refused`,
      body: `${sentenceForCode(event.code)} It is back in your library.`,
      href: `#/item/${event.contentId}`,
      action: 'Show item',
    });
  });

  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice ${notice.tone}`}>
          <strong>{notice.title}</strong>
          <p>{notice.body}</p>
          <div className="notice-actions">
            {notice.href ? (
              <a className="button" href={notice.href}>
                {notice.action}
              </a>
            ) : null}
            <button
              type="button"
              className="button ghost"
              onClick={() => setNotices((list) => list.filter((n) => n.id !== notice.id))}
            >
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
