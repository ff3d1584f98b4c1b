import { useState } from 'react';
import { useEvent } from '../hooks/use-event';
import { sentenceForCode } from '../lib/errors';
import { receiptHeadline, returnsShownInDialog } from '../lib/privilege';
import { privilegeView } from '../lib/privilege-views';

type Outcome = 'confirmed' | 'refused';

interface Notice {
  id: string;
  outcome: Outcome;
  /** How many returns the notice stands for (more than one: a summary). */
  count: number;
  tone: 'ok' | 'danger';
  title: string;
  body: string;
  href?: string;
  action?: string;
}

/**
 * Returns told one by one; past this many of one outcome, a single summary replaces them, so an
 * outbox of hundreds of returns sent at once does not bury the screen under notices.
 */
const SHOWN_ONE_BY_ONE = 3;

const SUMMARIES: Record<Outcome, (count: number) => Omit<Notice, 'outcome' | 'count'>> = {
  confirmed: (count) => ({
    id: 'summary-confirmed',
    tone: 'ok',
    title: `${count.toLocaleString('en')} returns confirmed`,
    body: 'Their receipts and the points granted are in your wallet.',
    href: '#/wallet',
    action: 'Show receipts',
  }),
  refused: (count) => ({
    id: 'summary-refused',
    tone: 'danger',
    title: `${count.toLocaleString('en')} returns were refused`,
    body: 'They are back in your library. Open one to see why.',
    href: '#/library',
    action: 'Show library',
  }),
};

/** The list with `notice` added, or folded into its outcome's summary once there are many. */
function withNotice(list: Notice[], notice: Notice): Notice[] {
  const others = list.filter((n) => n.id !== notice.id);
  const same = others.filter((n) => n.outcome === notice.outcome);
  const count = same.reduce((sum, n) => sum + n.count, 0) + notice.count;
  if (count <= SHOWN_ONE_BY_ONE) return [...others, notice];
  const summary = { ...SUMMARIES[notice.outcome](count), outcome: notice.outcome, count };
  return [...others.filter((n) => n.outcome !== notice.outcome), summary];
}

/**
 * Outcomes that arrive later, e.g. a return queued offline and confirmed or refused once the
 * server answers. Live region, so a screen reader hears them too.
 */
export function Notices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const add = (notice: Omit<Notice, 'count'>) =>
    setNotices((list) => withNotice(list, { ...notice, count: 1 }));

  useEvent('return.confirmed', ({ receipt }) => {
    if (returnsShownInDialog.has(receipt.contentId)) return;
    const view = privilegeView(receipt.privilege.type);
    const action = view.noticeAction(receipt.privilege);
    add({
      id: receipt.returnId,
      outcome: 'confirmed',
      tone: 'ok',
      title: `Return of “${receipt.title}” confirmed`,
      body: `${receiptHeadline(receipt)} ${view.noticeDetail(receipt.privilege, receipt.balance)}`,
      ...(action ? { href: action.href, action: action.label } : {}),
    });
  });
  useEvent('return.failed', (event) => {
    if (event.code === 'QUOTE_EXPIRED') {
      add({
        id: `failed-${event.contentId}`,
        outcome: 'refused',
        tone: 'ok',
        title: `The offer for returning “${event.title}” expired`,
        body: 'Nothing was returned and it stays in your library. Ask for a new offer from its page.',
        href: `#/item/${event.contentId}`,
        action: 'Show item',
      });
      return;
    }
    add({
      id: `failed-${event.contentId}`,
      outcome: 'refused',
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
