import { useEffect, useState } from 'react';
import type { ReturnKind } from '../../../shared/api/returns';
import { MAX_BATCH_RETURNS } from '../../../shared/api/return-batch';
import type { BulkConfirm, BulkQuote, BulkQuoteItem } from '../../../shared/ipc/bulk-return';
import { RETURN_KINDS } from '../../../shared/returns/return-kind-list';
import { useAction } from '../hooks/use-action';
import { bulkOfferSentence, bulkOutcomeSentence } from '../lib/bulk-return-wording';
import { formatCount } from '../lib/format';
import { privilegeView } from '../lib/privilege-views';
import { KIND_WORDING } from '../lib/return-kind-wording';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';
import { Modal } from './modal';

interface Props {
  contentIds: string[];
  onClose: () => void;
  /** The confirmation went out: its outcome in one sentence (the selection is cleared). */
  onDone: (sentence: string) => void;
}

/** "Each item's offer", or one kind for every item. */
type KindChoice = ReturnKind | 'each';

/**
 * The library's bulk return (docs/design.md §5.6): one combined offer for the selected items,
 * asked of the server in one request (`returns.bulkQuote`), each item's privilege listed and each
 * item that cannot be returned named with its reason; confirmed once (`returns.bulkConfirm`),
 * sent as one batch, or queued while offline like a single return. Each item leaves the library
 * only when its own receipt arrives.
 */
export function BulkReturnDialog({ contentIds, onClose, onDone }: Props) {
  const [kind, setKind] = useState<KindChoice>('each');
  const tooMany = contentIds.length > MAX_BATCH_RETURNS;
  const quote = useAction((wanted: KindChoice) =>
    getShelf().invoke('returns.bulkQuote', {
      contentIds,
      ...(wanted === 'each' ? {} : { kind: wanted }),
    }),
  );
  const confirm = useAction((offer: BulkQuote) =>
    getShelf().invoke('returns.bulkConfirm', { items: confirmItems(offer, kind) }),
  );
  const { run: requote } = quote;
  useEffect(() => {
    if (!tooMany) void requote(kind);
  }, [kind, requote, tooMany]);

  const offer = quote.result;
  const outcome = confirm.result;

  if (outcome) {
    return (
      <Modal title="Return" onClose={onClose}>
        <Outcome outcome={outcome} offer={offer} />
        <div className="actions">
          <button
            type="button"
            className="button primary"
            onClick={() => onDone(bulkOutcomeSentence(outcome))}
          >
            Done
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={`Return ${formatCount(contentIds.length)} items`} onClose={onClose}>
      {tooMany ? (
        <p role="alert">
          A return takes up to {formatCount(MAX_BATCH_RETURNS)} items at once;{' '}
          {formatCount(contentIds.length)} are selected. Select fewer and try again.
        </p>
      ) : (
        <>
          <fieldset className="bulk-kind">
            <legend>What to ask for</legend>
            {(['each', ...RETURN_KINDS] as const).map((choice) => (
              <label key={choice}>
                <input
                  type="radio"
                  name="bulk-kind"
                  value={choice}
                  checked={kind === choice}
                  onChange={() => setKind(choice)}
                />{' '}
                {choice === 'each'
                  ? 'Each item’s first offer'
                  : `${KIND_WORDING[choice].name} for every item`}
              </label>
            ))}
          </fieldset>
          {quote.pending && !offer ? <p role="status">Asking the server for an offer…</p> : null}
          <ErrorMessage error={quote.error ?? confirm.error} />
          {offer ? <Offer offer={offer} /> : null}
        </>
      )}
      <div className="actions">
        <button type="button" className="button ghost" onClick={onClose}>
          Cancel
        </button>
        {offer && !tooMany ? (
          <button
            type="button"
            className="button primary"
            disabled={offer.totals.returnable === 0 || confirm.pending || quote.pending}
            onClick={() => void confirm.run(offer)}
          >
            {offer.totals.returnable === 0
              ? 'Nothing to return'
              : `Return ${formatCount(offer.totals.returnable)} ${
                  offer.totals.returnable === 1 ? 'item' : 'items'
                }`}
          </button>
        ) : null}
      </div>
    </Modal>
  );
}

/** The items a confirmation sends: those with a choice, or, offline, a kind they may queue. */
function confirmItems(offer: BulkQuote, kind: KindChoice) {
  return offer.items.flatMap((item) => {
    if (item.error) return [];
    if (item.choice && item.quote) {
      return [{ contentId: item.contentId, kind: item.choice.kind, quoteId: item.quote.quoteId }];
    }
    const offline = kind === 'each' ? item.offlineKinds[0] : kind;
    return offline ? [{ contentId: item.contentId, kind: offline }] : [];
  });
}

function Offer({ offer }: { offer: BulkQuote }) {
  const refused = offer.items.filter((item) => item.error);
  const returnable = offer.items.filter((item) => !item.error);
  return (
    <>
      <p className="bulk-offer" data-testid="bulk-offer" aria-live="polite">
        {bulkOfferSentence(offer)}
      </p>
      {returnable.length > 0 ? (
        <ul className="bulk-items" aria-label="Items to return">
          {returnable.map((item) => (
            <li key={item.contentId}>
              <span className="bulk-title">{item.title}</span>: {itemOffer(item, offer.offline)}
            </li>
          ))}
        </ul>
      ) : null}
      {refused.length > 0 ? (
        <ul className="bulk-items refused" aria-label="Items that cannot be returned">
          {refused.map((item) => (
            <li key={item.contentId}>
              <span className="bulk-title">{item.title || 'An item'}</span>: {item.error?.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** "Sell back: 700 points"; offline only the kind is known. */
function itemOffer(item: BulkQuoteItem, offline: boolean): string {
  if (item.choice) {
    const view = privilegeView(item.choice.privilege.type);
    return `${KIND_WORDING[item.choice.kind].verb}: ${view.offerText(item.choice.privilege)}`;
  }
  const kinds = item.offlineKinds.map((k) => KIND_WORDING[k].name.toLowerCase());
  return offline ? `queued until you are online (${kinds.join(' or ')})` : '';
}

function Outcome({ outcome, offer }: { outcome: BulkConfirm; offer: BulkQuote | undefined }) {
  const titleOf = (contentId: string) =>
    offer?.items.find((item) => item.contentId === contentId)?.title ?? 'An item';
  const refused = outcome.items.filter((item) => item.status === 'refused');
  const returned = outcome.items.flatMap((item) => (item.receipt ? [item.receipt] : []));
  return (
    <div data-testid="bulk-outcome">
      <p className="bulk-offer" role="status">
        {bulkOutcomeSentence(outcome)}
      </p>
      {returned.length > 0 ? (
        <ul className="bulk-items" aria-label="Items returned">
          {returned.map((receipt) => (
            <li key={receipt.returnId}>
              <span className="bulk-title">{receipt.title}</span>:{' '}
              {privilegeView(receipt.privilege.type).short(receipt.privilege)}
            </li>
          ))}
        </ul>
      ) : null}
      {refused.length > 0 ? (
        <ul className="bulk-items refused" aria-label="Items not returned">
          {refused.map((item) => (
            <li key={item.contentId}>
              <span className="bulk-title">{titleOf(item.contentId)}</span>: {item.error?.message}
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.items.some((item) => item.status === 'queued') ? (
        <p>
          The items waiting for the server are locked until it confirms them; each leaves your
          library with its own receipt.
        </p>
      ) : null}
    </div>
  );
}
