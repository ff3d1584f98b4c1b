import { useEffect } from 'react';
import type { ReactNode } from 'react';
import type { Order } from '../../../shared/api/orders';
import { useChannel } from '../hooks/use-channel';
import { formatMoney, formatPoints } from '../lib/format';
import { refundSentence } from '../lib/order-refund';
import { SETTLING_WORDS, waitsForSettling } from '../lib/order-settling';
import { ORDER_STATE_WORDS } from '../lib/order-state-words';
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

  const pointsBack =
    order.pointsHeld > 0 ? `, and your ${formatPoints(order.pointsHeld)} are back` : '';
  const closeButton = (
    <button type="button" className="button" onClick={onClose}>
      Close
    </button>
  );

  if (order.state === 'paid') {
    return (
      <OrderNote
        title="Payment received"
        testId="order-paid"
        headline={<>“{title}” is in your library.</>}
        actions={
          <a className="button primary" href={`#/item/${order.contentId}`} onClick={onClose}>
            Go to it and download
          </a>
        }
        onClose={onClose}
      >
        Paid {amount}
        {test}.
      </OrderNote>
    );
  }
  const refund = refundSentence(order);
  if (refund) {
    return (
      <OrderNote
        title={ORDER_STATE_WORDS[order.state]}
        testId="order-refund"
        headline={refund}
        actions={closeButton}
        onClose={onClose}
      >
        This order added nothing to your library{pointsBack}.
      </OrderNote>
    );
  }
  if (!waiting) {
    return (
      <OrderNote
        title="Not paid"
        testId="order-unpaid"
        headline={unpaidHeadline(order)}
        actions={closeButton}
        onClose={onClose}
      >
        {order.paymentSettling && order.state === 'expired'
          ? `If your bank payment still goes through, it will be refunded${pointsBack ? `. Your ${formatPoints(order.pointsHeld)} are back` : ''}.`
          : `Nothing was charged${pointsBack}.`}
      </OrderNote>
    );
  }
  if (waitsForSettling(order)) {
    return (
      <OrderNote
        title={SETTLING_WORDS}
        testId="order-settling"
        live
        headline={
          <>
            Your payment of {amount} for “{title}” is being processed.
          </>
        }
        actions={closeButton}
        onClose={onClose}
      >
        Payments from a bank account take a few days to clear. The item arrives in your library as
        soon as it does; you can close this window. If it has not cleared by{' '}
        {new Date(order.expiresAt).toLocaleString([], {
          day: 'numeric',
          month: 'long',
          hour: '2-digit',
          minute: '2-digit',
        })}
        , the order ends.
      </OrderNote>
    );
  }
  return (
    <OrderNote
      title="Waiting for payment"
      testId="order-waiting"
      live
      headline={
        <>
          Waiting for payment of {amount} for “{title}”{test}.
        </>
      }
      actions={
        <>
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
          {closeButton}
        </>
      }
      onClose={onClose}
    >
      Finish paying on the checkout page in your browser. The item arrives in your library as soon
      as the payment is confirmed. Pay by{' '}
      {new Date(order.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })};
      left unpaid, the order ends by itself.
    </OrderNote>
  );
}

/** Why an order ended unpaid, as its buyer would put it. */
function unpaidHeadline(order: Pick<Order, 'state' | 'paymentSettling'>): string {
  if (order.paymentSettling) {
    return order.state === 'expired'
      ? 'Your bank payment did not clear in time.'
      : 'Your bank payment did not go through.';
  }
  return order.state === 'expired'
    ? 'The time to pay for this order ran out.'
    : 'The checkout ended without a payment.';
}

/** One state of the order: a headline, a sentence or two, and what the user can do next. */
function OrderNote({
  title,
  testId,
  live = false,
  headline,
  children,
  actions,
  onClose,
}: {
  title: string;
  testId: string;
  /** Announced as it changes (the states the dialog still follows). */
  live?: boolean;
  headline: ReactNode;
  children: ReactNode;
  actions: ReactNode;
  onClose: () => void;
}) {
  return (
    <Modal title={title} onClose={onClose}>
      <div className="confirmation" data-testid={testId} aria-live={live ? 'polite' : undefined}>
        <p className="confirmation-headline">{headline}</p>
        <p>{children}</p>
        <div className="actions">{actions}</div>
      </div>
    </Modal>
  );
}
