import { randomUUID } from 'node:crypto';
import type { PaymentProviderName } from '../../shared/api/orders';
import type { ServerContext } from '../context';
import { findCatalogRow } from '../db/contents';
import { insertEvents } from '../db/events';
import { insertLedgerEntry } from '../db/ledger';
import type { OrderRow } from '../db/orders';
import { listOverdueOrders, lockOrder, recordPaymentEvent, updateOrder } from '../db/orders';
import { lockBuyer } from '../db/purchase-writes';
import { bumpUser } from '../db/users';
import { iso } from '../util/clock';
import type { EventBody } from './events';
import { eventRows } from './events';
import { toOrder } from './order-view';
import { issuePurchase } from './purchase-issue';

/**
 * Stripe may report a payment made in the last seconds of a session a little later: an order is
 * expired by the sweep only this long after its `expiresAt`, so such a capture still lands.
 */
export const EXPIRY_GRACE_MS = 5 * 60 * 1000;

export interface CapturedPayment {
  orderId: string;
  provider: PaymentProviderName;
  /** The provider's id for the payment; must be the one the order was started with. */
  reference: string;
  amountCents: number;
  currency: string;
  /** The provider's event id (Stripe); recorded so a redelivery changes nothing. */
  eventId: string | null;
}

export type SettleResult = 'done' | 'duplicate' | 'unknown_order' | 'not_applicable';

/**
 * Capture: in one transaction, exactly once per order, the order becomes paid, the purchase is
 * recorded with the money captured and the points held, and the license is issued. A payment
 * that does not match the order (provider, reference, amount, currency), or arrives for an order
 * no longer waiting, changes nothing.
 */
export async function captureOrder(
  ctx: ServerContext,
  payment: CapturedPayment,
): Promise<SettleResult> {
  return ctx.database.transaction(async (tx): Promise<SettleResult> => {
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
    const matches =
      order.provider === payment.provider &&
      order.provider_ref === payment.reference &&
      order.money_due_cents === payment.amountCents &&
      order.currency === payment.currency.toLowerCase();
    if (!matches || order.state !== 'awaiting_payment') {
      ctx.logger.warn(
        { orderId: order.id, state: order.state, matches },
        order.state === 'awaiting_payment'
          ? 'payment does not match its order: ignored'
          : 'payment for an order no longer waiting: ignored (refund it with the provider)',
      );
      return 'not_applicable';
    }
    const [buyer, content] = await Promise.all([
      lockBuyer(tx, order.user_id, order.content_id),
      findCatalogRow(tx, order.content_id),
    ]);
    if (!buyer || !content || buyer.holds) {
      ctx.logger.warn({ orderId: order.id }, 'paid order cannot be fulfilled: ignored');
      return 'not_applicable';
    }
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
  event: { provider: PaymentProviderName; eventId: string; reference: string } | null = null,
): Promise<SettleResult> {
  return ctx.database.transaction(async (tx): Promise<SettleResult> => {
    const order = await lockOrder(tx, orderId);
    if (!order) return 'unknown_order';
    const at = iso(ctx.clock());
    if (event) {
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
    }
    if (order.state !== 'awaiting_payment') return 'not_applicable';
    const settled: OrderRow = { ...order, state, checkout_url: null, updated_at: at };
    const events = order.points_held > 0 ? 2 : 1;
    const bump = await bumpUser(tx, order.user_id, order.points_held, events);
    if (!bump) return 'not_applicable';
    const bodies: EventBody[] = [{ type: 'order.changed', order: toOrder(settled) }];
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
