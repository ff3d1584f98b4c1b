import { useEffect } from 'react';
import type { Order } from '../../../shared/api/orders';
import { useChannel } from '../hooks/use-channel';
import { formatMoney, formatPoints } from '../lib/format';
import { refundSentence } from '../lib/order-refund';
import { paymentSettling } from '../lib/order-settling';
import { Modal } from './modal';

interface Props {
  title: string;
  order: Order;
  onClose: () => void;
}

/** How often the dialog asks whether the payment arrived while it waits. */
const POLL_MS = 2000;

/**
 * A money purchase waiting for its payment: the provider's checkout page opens in the system
 * browser (Electron hands new windows to the shell; the browser host opens a tab), and this
 * dialog follows the order until it is paid (the item then arrives through sync), expired or
 * cancelled. Closing it cancels nothing on the server: an unpaid order expires by itself and
 * gives back any points it held.
 */
export function OrderWait({ title, order: placed, onClose }: Props) {
  const read = useChannel('store.order', { orderId: placed.id }, ['library.changed']);
  const order = read.data ?? placed;
  const { reload } = read;
  const waiting = order.state === 'awaiting_payment';
  // A refund under way is followed too, so the dialog says when it is done.
  const following = waiting || order.state === 'refund_pending';

  useEffect(() => {
    if (!following) return undefined;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [following, reload]);

  const amount =
    formatMoney(order.moneyDueCents) +
    (order.pointsHeld > 0 ? ` and ${formatPoints(order.pointsHeld)}` : '');
  const test = order.testPayment ? ' (test payment: no money moves)' : '';

  if (order.state === 'paid') {
    return (
      <Modal title="Payment received" onClose={onClose}>
        <div className="confirmation" data-testid="order-paid">
          <p className="confirmation-headline">“{title}” is in your library.</p>
          <p>
            Paid {amount}
            {test}.
          </p>
          <div className="actions">
            <a className="button primary" href={`#/item/${order.contentId}`} onClick={onClose}>
              Go to it and download
            </a>
          </div>
        </div>
      </Modal>
    );
  }
  const refund = refundSentence(order);
  if (refund) {
    return (
      <Modal
        title={order.state === 'refunded' ? 'Payment refunded' : 'Refund under way'}
        onClose={onClose}
      >
        <div className="confirmation" data-testid="order-refund">
          <p className="confirmation-headline">{refund}</p>
          <p>
            This order added nothing to your library
            {order.pointsHeld > 0 ? `, and your ${formatPoints(order.pointsHeld)} are back` : ''}.
          </p>
          <div className="actions">
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      </Modal>
    );
  }
  if (!waiting) {
    return (
      <Modal title="Not paid" onClose={onClose}>
        <div className="confirmation" data-testid="order-unpaid">
          <p className="confirmation-headline">
            {order.state === 'expired'
              ? 'The time to pay for this order ran out.'
              : 'The checkout ended without a payment.'}
          </p>
          <p>
            Nothing was charged
            {order.pointsHeld > 0 ? `, and your ${formatPoints(order.pointsHeld)} are back` : ''}.
          </p>
          <div className="actions">
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      </Modal>
    );
  }
  if (paymentSettling(order)) {
    return (
      <Modal title="Payment processing" onClose={onClose}>
        <div className="confirmation" data-testid="order-settling" aria-live="polite">
          <p className="confirmation-headline">
            Your payment of {amount} for “{title}” is being processed.
          </p>
          <p>
            Payments from a bank account take a few days to clear. The item arrives in your library
            as soon as it does; you can close this window. If it has not cleared by{' '}
            {new Date(order.expiresAt).toLocaleDateString([], { day: 'numeric', month: 'long' })},
            the order ends.
          </p>
          <div className="actions">
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      </Modal>
    );
  }
  return (
    <Modal title="Waiting for payment" onClose={onClose}>
      <div className="confirmation" data-testid="order-waiting" aria-live="polite">
        <p className="confirmation-headline">
          Waiting for payment of {amount} for “{title}”{test}.
        </p>
        <p>
          Finish paying on the checkout page in your browser. The item arrives in your library as
          soon as the payment is confirmed. Pay by{' '}
          {new Date(order.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
          ; left unpaid, the order ends by itself.
        </p>
        <div className="actions">
          {order.checkoutUrl ? (
            <a
              className="button primary"
              href={order.checkoutUrl}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open the checkout page
            </a>
          ) : null}
          {/* Closing cancels nothing on the server, so the button does not say "Cancel". */}
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Modal>
  );
}
