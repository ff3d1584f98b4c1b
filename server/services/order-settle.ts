import { randomUUID } from 'node:crypto';
import { centsSchema } from '../../shared/api/common';
import type { OrderState, PaymentProviderName } from '../../shared/api/orders';
import type { ServerContext } from '../context';
import { findCatalogRow } from '../db/contents';
import type { Db } from '../db/database';
import { insertEvents } from '../db/events';
import { insertLedgerEntry } from '../db/ledger';
import type { OrderRow } from '../db/orders';
import { listOverdueOrders, lockOrder, recordPaymentEvent, updateOrder } from '../db/orders';
import { lockBuyer } from '../db/purchase-writes';
import { insertRefund } from '../db/refunds';
import { bumpUser } from '../db/users';
import { iso } from '../util/clock';
import type { EventBody } from './events';
import { eventRows } from './events';
import { toOrder } from './order-view';
import { recountHeld } from './points-held';
import { issuePurchase } from './purchase-issue';
import type { RefundReason } from './refunds';
import { refundIdempotencyKey } from './refunds';

/**
 * Stripe may report a payment made in the last seconds of a session a little later: an order is
 * expired by the sweep only this long after its `expiresAt`, so such a capture still lands.
 */
export const EXPIRY_GRACE_MS = 5 * 60 * 1000;

export interface CapturedPayment {
  orderId: string;
  provider: PaymentProviderName;
  /** The provider's id for the checkout; must be the one the order was started with. */
  reference: string;
  /**
   * The provider's id of the money taken, what a refund gives back (Stripe: the PaymentIntent,
   * `session.payment_intent`); null when the provider named none.
   */
  paymentRef: string | null;
  amountCents: number;
  currency: string;
  /** The provider's event id (Stripe); recorded so a redelivery changes nothing. */
  eventId: string | null;
}

export type SettleResult =
  'done' | 'duplicate' | 'unknown_order' | 'not_applicable' | 'refund_owed';

/** A provider's event about an order's payment: recorded once, so a redelivery changes nothing. */
interface PaymentEvent {
  provider: PaymentProviderName;
  eventId: string;
  /** The provider's id for the checkout the event is about. */
  reference: string;
}

/**
 * Records the event against the locked order, inside the caller's transaction: 'duplicate' when
 * it came before, 'not_applicable' when it is about another checkout than the order's, else null.
 */
async function firstEventOfOrder(
  tx: Db,
  order: OrderRow,
  event: PaymentEvent,
  at: string,
): Promise<'duplicate' | 'not_applicable' | null> {
  const first = await recordPaymentEvent(tx, {
    provider: event.provider,
    event_id: event.eventId,
    order_id: order.id,
    received_at: at,
  });
  if (!first) return 'duplicate';
  if (order.provider !== event.provider || order.provider_ref !== event.reference) {
    return 'not_applicable';
  }
  return null;
}

/**
 * Capture: in one transaction, exactly once per order, the order becomes paid, the purchase is
 * recorded with the money captured and the points held, and the license is issued. A payment
 * for another checkout than the order's is not ours to act on and changes nothing. A payment on
 * the order's own checkout that cannot be fulfilled is owed back (docs/design.md §4.8): the
 * order becomes `refund_pending` with a row in the refunds outbox, in the same transaction.
 */
export async function captureOrder(
  ctx: ServerContext,
  payment: CapturedPayment,
): Promise<SettleResult> {
  const result = await ctx.database.transaction(async (tx): Promise<SettleResult> => {
    const order = await lockOrder(tx, payment.orderId);
    if (!order) return 'unknown_order';
    const at = ctx.clock();
    if (payment.eventId !== null) {
      const first = await recordPaymentEvent(tx, {
        provider: payment.provider,
        event_id: payment.eventId,
        order_id: order.id,
        received_at: iso(at),
      });
      if (!first) return 'duplicate';
    }
    if (order.provider !== payment.provider || order.provider_ref !== payment.reference) {
      ctx.logger.warn(
        { orderId: order.id, provider: payment.provider },
        'payment for another checkout than the order’s: ignored (not ours to refund)',
      );
      return 'not_applicable';
    }
    const state = order.state as OrderState;
    if (settledByItsPayment(state)) {
      // A checkout is paid once: this is the payment already captured or already owed back,
      // reported again by another event.
      ctx.logger.warn({ orderId: order.id, state }, 'payment already settled for this order');
      return 'not_applicable';
    }
    // A payment on our own checkout whose amount or currency is not the order's was still
    // taken by us, and the checkout cannot be paid a second time, so the order can never be
    // fulfilled: the buyer would have paid for nothing. It is given back like any other.
    if (order.money_due_cents !== payment.amountCents) {
      return oweRefund(ctx, tx, order, payment, 'payment_mismatch', at);
    }
    if (order.currency !== payment.currency.toLowerCase()) {
      return oweRefund(ctx, tx, order, payment, 'payment_mismatch', at);
    }
    if (state !== 'awaiting_payment') return oweRefund(ctx, tx, order, payment, 'order_closed', at);
    const [buyer, content] = await Promise.all([
      lockBuyer(tx, order.user_id, order.content_id),
      findCatalogRow(tx, order.content_id),
    ]);
    if (!content) return oweRefund(ctx, tx, order, payment, 'content_gone', at);
    if (!buyer) {
      // The money was taken on the order's checkout but its buyer's account is gone, so there is
      // no one to record a refund for: an operator must give it back at the provider.
      ctx.logger.error(
        { orderId: order.id, userId: order.user_id, provider: payment.provider },
        'payment for an order whose buyer is gone: kept, refund it at the provider',
      );
      return 'unknown_order';
    }
    if (buyer.holds) return oweRefund(ctx, tx, order, payment, 'already_held', at);
    await issuePurchase(ctx, tx, {
      userId: order.user_id,
      content,
      buyer,
      points: order.points_held,
      money: order.money_due_cents,
      idempotencyKey: order.idempotency_key,
      purchasedAt: at,
      order,
    });
    return 'done';
  });
  if (result === 'refund_owed') ctx.notifyRefunds();
  return result;
}

/** Whether the order's one checkout payment already decided it (captured, or owed back). */
function settledByItsPayment(state: OrderState): boolean {
  switch (state) {
    case 'paid':
    case 'refund_pending':
    case 'refunded':
      return true;
    case 'awaiting_payment':
    case 'expired':
    case 'cancelled':
      return false;
    default:
      return state satisfies never;
  }
}

/**
 * Inside the capture transaction: records the refund owed (once per order: the outbox's key),
 * moves the order to `refund_pending` and tells the user. Points the order held come back here
 * only while it was still waiting: an expired or cancelled order gave them back already.
 */
async function oweRefund(
  ctx: ServerContext,
  tx: Db,
  order: OrderRow,
  payment: CapturedPayment,
  reason: RefundReason,
  atMs: number,
): Promise<SettleResult> {
  if (payment.paymentRef === null) {
    ctx.logger.error(
      { orderId: order.id, reason },
      'payment for an order that cannot be fulfilled names no payment to refund: refund it at the provider',
    );
    return 'not_applicable';
  }
  const at = iso(atMs);
  // A paid event that lacks the amount or currency, or carries one that is not a price (Stripe
  // always sets both on a paid session, so this is a malformed event): the order's own amount and
  // currency are recorded instead. What is shown stays a valid refund in the app's schema (a
  // 3-letter currency), so it cannot block the user's sync, and the provider refunds the whole
  // payment anyway, reporting what it gave back once it did.
  // The same for an amount past what the contract carries (a currency with large minor units
  // paid on our checkout): the app's schema would refuse it and its sync would stop there.
  const currency = payment.currency.toLowerCase();
  const refund = {
    amountCents:
      payment.amountCents > 0 && centsSchema.safeParse(payment.amountCents).success
        ? payment.amountCents
        : order.money_due_cents,
    currency: /^[a-z]{3}$/.test(currency) ? currency : order.currency,
  };
  const owed = await insertRefund(tx, {
    order_id: order.id,
    user_id: order.user_id,
    provider: payment.provider,
    payment_ref: payment.paymentRef,
    amount_cents: refund.amountCents,
    currency: refund.currency,
    reason,
    state: 'pending',
    attempts: 0,
    next_attempt_at: at,
    locked_until: null,
    last_error: null,
    provider_refund_id: null,
    created_at: at,
    updated_at: at,
    refunded_at: null,
    idempotency_key: refundIdempotencyKey(order.id),
  });
  if (!owed) return 'not_applicable';
  const pointsBack = order.state === 'awaiting_payment' ? order.points_held : 0;
  const bump = await bumpUser(tx, order.user_id, pointsBack, pointsBack > 0 ? 2 : 1);
  if (!bump) throw new Error(`order ${order.id}: its user is gone`);
  const settled: OrderRow = {
    ...order,
    state: 'refund_pending',
    checkout_url: null,
    updated_at: at,
  };
  const bodies: EventBody[] = [{ type: 'order.changed', order: toOrder(settled, refund) }];
  if (pointsBack > 0) {
    bodies.push({ type: 'wallet.changed', balance: bump.balance });
    await insertLedgerEntry(tx, {
      id: randomUUID(),
      user_id: order.user_id,
      seq: bump.eventSeq,
      delta: pointsBack,
      reason: 'refund',
      reference: order.id,
      balance_after: bump.balance,
      created_at: at,
    });
  }
  await updateOrder(tx, order.id, { state: 'refund_pending', checkout_url: null, updated_at: at });
  await recountHeld(ctx, tx, order.user_id, order.id, bump.held - pointsBack);
  await insertEvents(tx, eventRows(order.user_id, bump.eventSeq, at, bodies));
  ctx.logger.warn(
    { orderId: order.id, reason, state: order.state },
    'payment for an order that cannot be fulfilled: refund owed',
  );
  return 'refund_owed';
}

/**
 * How long an order waits for a payment the buyer made with a method that settles later (a
 * bank debit: Stripe reports it within 14 business days, with async_payment_succeeded or
 * _failed; 30 calendar days hold 14 business days across a year-end's holidays). Without it
 * the order expired after its checkout's half hour and every such payment came to an expired
 * order, to be refunded.
 */
export const SETTLING_PAYMENT_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The buyer completed the checkout and the payment is on its way (Stripe's "completed" with the
 * payment unpaid): the order waits for it, no longer for the checkout (whose page is done), until
 * SETTLING_PAYMENT_MS from now; its points stay held. The provider's next event about the payment
 * decides it (captureOrder or settleUnpaid).
 */
export async function awaitSettlingPayment(
  ctx: ServerContext,
  orderId: string,
  event: PaymentEvent,
): Promise<SettleResult> {
  return ctx.database.transaction(async (tx): Promise<SettleResult> => {
    const order = await lockOrder(tx, orderId);
    if (!order) return 'unknown_order';
    const at = ctx.clock();
    const refused = await firstEventOfOrder(tx, order, event, iso(at));
    if (refused) return refused;
    if (order.state !== 'awaiting_payment') return 'not_applicable';
    const changes = {
      expires_at: iso(Math.max(Date.parse(order.expires_at), at + SETTLING_PAYMENT_MS)),
      checkout_url: null,
      settling_since: iso(at),
      updated_at: iso(at),
    };
    const bump = await bumpUser(tx, order.user_id, 0, 1);
    if (!bump) return 'not_applicable';
    await updateOrder(tx, order.id, changes);
    await insertEvents(
      tx,
      eventRows(order.user_id, bump.eventSeq, changes.updated_at, [
        { type: 'order.changed', order: toOrder({ ...order, ...changes }, null) },
      ]),
    );
    return 'done';
  });
}

/**
 * An order that will not be paid (expired, or the provider reported the checkout abandoned or
 * the payment failed): in one transaction it leaves `awaiting_payment` and the points it held
 * come back, with a ledger entry and events. A paid order is never touched.
 */
export async function settleUnpaid(
  ctx: ServerContext,
  orderId: string,
  state: 'expired' | 'cancelled',
  event: PaymentEvent | null = null,
): Promise<SettleResult> {
  return ctx.database.transaction(async (tx): Promise<SettleResult> => {
    const order = await lockOrder(tx, orderId);
    if (!order) return 'unknown_order';
    const at = iso(ctx.clock());
    const refused = event ? await firstEventOfOrder(tx, order, event, at) : null;
    if (refused) return refused;
    if (order.state !== 'awaiting_payment') return 'not_applicable';
    const settled: OrderRow = { ...order, state, checkout_url: null, updated_at: at };
    const events = order.points_held > 0 ? 2 : 1;
    // Held points back on the balance: no longer held once the order's row says so (the recount
    // below), and within MAX_BALANCE, which every raise of the balance checked them against
    // (docs/design.md §4.1).
    const bump = await bumpUser(tx, order.user_id, order.points_held, events);
    if (!bump) return 'not_applicable';
    const bodies: EventBody[] = [{ type: 'order.changed', order: toOrder(settled, null) }];
    if (order.points_held > 0) {
      bodies.push({ type: 'wallet.changed', balance: bump.balance });
      await insertLedgerEntry(tx, {
        id: randomUUID(),
        user_id: order.user_id,
        seq: bump.eventSeq,
        delta: order.points_held,
        reason: 'refund',
        reference: order.id,
        balance_after: bump.balance,
        created_at: at,
      });
    }
    await updateOrder(tx, order.id, { state, checkout_url: null, updated_at: at });
    await recountHeld(ctx, tx, order.user_id, order.id, bump.held - order.points_held);
    await insertEvents(tx, eventRows(order.user_id, bump.eventSeq, at, bodies));
    return 'done';
  });
}

/** Expires every order whose time (plus the grace) is over; run by the server's timer. */
export async function expireOverdueOrders(ctx: ServerContext): Promise<number> {
  let expired = 0;
  for (;;) {
    const ids = await listOverdueOrders(ctx.db, iso(ctx.clock() - EXPIRY_GRACE_MS), 100);
    let round = 0;
    for (const id of ids) {
      if ((await settleUnpaid(ctx, id, 'expired')) === 'done') round++;
    }
    expired += round;
    if (ids.length < 100 || round === 0) return expired;
  }
}
