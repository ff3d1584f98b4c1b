import { useState } from 'react';
import type { StoreItem } from '../../../shared/ipc/contract';
import { useAction } from '../hooks/use-action';
import { useChannel } from '../hooks/use-channel';
import { formatMoney, formatPoints } from '../lib/format';
import { getShelf } from '../lib/shelf';
import { ErrorMessage } from './error-message';
import { Modal } from './modal';
import { OrderWait } from './order-wait';
import { PolicyTerms } from './policy-terms';

type Method = 'money' | 'points' | 'both';

interface Props {
  item: StoreItem;
  onClose: () => void;
}

/** Buying: price and terms first, then money, points (1 point = 1 cent) or a mix of both. */
export function BuyDialog({ item, onClose }: Props) {
  const wallet = useChannel('wallet.get', {});
  const balance = wallet.data?.balance ?? 0;
  const price = item.priceCents;
  const maxPoints = Math.min(balance, price);
  const [method, setMethod] = useState<Method>('money');
  const [mixPoints, setMixPoints] = useState(0);
  const points =
    method === 'money'
      ? 0
      : method === 'points'
        ? price
        : Math.max(0, Math.min(mixPoints, maxPoints));
  const buy = useAction(async () => {
    const result = await getShelf().invoke('store.buy', {
      contentId: item.contentId,
      pointsToUse: points,
    });
    // The provider's checkout page, in the system browser (Electron) or a new tab.
    if (result.order?.checkoutUrl) window.open(result.order.checkoutUrl, '_blank', 'noopener');
    return result;
  });

  if (buy.result?.order) {
    return <OrderWait title={item.title} order={buy.result.order} onClose={onClose} />;
  }
  if (buy.result) {
    return (
      <Modal title="Added to your library" onClose={onClose}>
        <div className="confirmation" data-testid="purchase-confirmation">
          <p className="confirmation-headline">“{item.title}” is in your library.</p>
          {buy.result.testPayment ? (
            <p data-testid="test-payment">Test payment: no money was charged.</p>
          ) : null}
          <p>Your points balance is now {formatPoints(buy.result.balance)}.</p>
          <div className="actions">
            <a className="button primary" href={`#/item/${item.contentId}`} onClick={onClose}>
              Go to it and download
            </a>
            <button type="button" className="button" onClick={onClose}>
              Keep shopping
            </button>
          </div>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={`Buy “${item.title}”`} onClose={onClose}>
      <p className="price-line">
        Price: <strong>{formatMoney(price)}</strong> · version {item.version}
      </p>
      <PolicyTerms item={item} />
      <fieldset className="pay-methods">
        <legend>Pay with</legend>
        <label className="radio">
          <input
            type="radio"
            name="pay"
            checked={method === 'money'}
            onChange={() => setMethod('money')}
          />
          Money ({formatMoney(price)})
        </label>
        <label className="radio">
          <input
            type="radio"
            name="pay"
            checked={method === 'points'}
            disabled={balance < price}
            onChange={() => setMethod('points')}
          />
          Points ({formatPoints(price)}){balance < price ? ' — not enough points' : ''}
        </label>
        <label className="radio">
          <input
            type="radio"
            name="pay"
            checked={method === 'both'}
            disabled={balance === 0}
            onChange={() => setMethod('both')}
          />
          Both
        </label>
        {method === 'both' ? (
          <label className="field">
            <span>Points to use (up to {formatPoints(maxPoints)})</span>
            <input
              type="number"
              min={0}
              max={maxPoints}
              step={1}
              value={mixPoints}
              onChange={(e) => setMixPoints(Math.floor(Number(e.target.value) || 0))}
            />
          </label>
        ) : null}
      </fieldset>
      <p className="hint">
        Your balance: {wallet.data ? formatPoints(balance) : '…'}. You pay{' '}
        {formatMoney(price - points)}
        {points > 0 ? ` and ${formatPoints(points)}` : ''}.
      </p>
      <ErrorMessage error={buy.error} />
      <div className="actions">
        <button
          type="button"
          className="button primary"
          onClick={() => void buy.run()}
          disabled={buy.pending}
        >
          {buy.pending ? 'Buying…' : `Buy for ${payText(price, points)}`}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

function payText(price: number, points: number): string {
  if (points === 0) return formatMoney(price);
  if (points >= price) return formatPoints(price);
  return `${formatMoney(price - points)} + ${formatPoints(points)}`;
}
