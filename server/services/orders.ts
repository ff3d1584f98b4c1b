import { randomUUID } from 'node:crypto';
import type { Order, OrderHistoryItem, OrderPlaced } from '../../shared/api/orders';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import type { CatalogRow } from '../db/contents';
import { insertEvents } from '../db/events';
import { insertLedgerEntry } from '../db/ledger';
import type { OrderRow } from '../db/orders';
import {
  findOrder,
  insertOrder,
  listUserOrders,
  listUserOverdueOrders,
  updateOrder,
} from '../db/orders';
import { lockBuyer } from '../db/purchase-writes';
import { findUserById, setUser } from '../db/users';
import { iso } from '../util/clock';
import type { Caller } from './auth';
import type { EventBody } from './events';
import { eventRows } from './events';
import { EXPIRY_GRACE_MS, captureOrder, settleUnpaid } from './order-settle';
import { readOrderView, toOrder } from './order-view';
import { recountHeld } from './points-held';

export interface PlaceOrderInput {
  userId: string;
  content: CatalogRow;
  points: number;
  money: number;
  idempotencyKey: string;
}

/**
 * Places an order for the money part of a purchase: one transaction takes the points part from
 * the balance (held; given back if the order is not paid) and records the order awaiting payment.
 * No license, no purchase: those exist only once the payment is captured.
 */
async function insertAwaitingOrder(ctx: ServerContext, input: PlaceOrderInput): Promise<OrderRow> {
  const { userId, content, points } = input;
  const now = ctx.clock();
  const at = iso(now);
  return ctx.database.transaction(async (tx) => {
    const buyer = await lockBuyer(tx, userId, content.id);
    if (!buyer) throw new AppError('UNAUTHENTICATED');
    if (buyer.holds) throw new AppError('LICENSE_ALREADY_OWNED');
    if (buyer.pending) throw new AppError('ORDER_PENDING');
    if (buyer.balance < points) throw new AppError('INSUFFICIENT_POINTS');
    const order: OrderRow = {
      id: randomUUID(),
      user_id: userId,
      content_id: content.id,
      price_cents: content.price_cents,
      points_held: points,
      money_due_cents: input.money,
      currency: ctx.payments.currency,
      provider: ctx.payments.name,
      provider_ref: null,
      checkout_url: null,
      state: 'awaiting_payment',
      idempotency_key: input.idempotencyKey,
      purchase_id: null,
      license_id: null,
      created_at: at,
      expires_at: iso(now + ctx.limits.orderTtlMs),
      updated_at: at,
      settling_since: null,
    };
    // Held: off the balance, still counted against MAX_BALANCE until the order settles (§4.1).
    const balance = buyer.balance - points;
    const bodies: EventBody[] = [{ type: 'order.changed', order: toOrder(order, null) }];
    if (points > 0) bodies.push({ type: 'wallet.changed', balance });
    const lastSeq = buyer.eventSeq + bodies.length;
    await setUser(tx, { id: userId, balance, seq: lastSeq });
    await insertOrder(tx, order);
    await recountHeld(ctx, tx, userId, order.id, buyer.held + points);
    if (points > 0) {
      await insertLedgerEntry(tx, {
        id: randomUUID(),
        user_id: userId,
        seq: lastSeq,
        delta: -points,
        reason: 'purchase',
        reference: order.id,
        balance_after: balance,
        created_at: at,
      });
    }
    await insertEvents(tx, eventRows(userId, lastSeq, at, bodies));
    return order;
  });
}

/**
 * A money purchase: the order, then the provider's checkout. The test provider captures at once
 * (through the same capture transaction a Stripe webhook runs), so its answer is the purchase;
 * otherwise the answer is the order with the checkout URL. A checkout that cannot be started
 * cancels the order (its points come back) and nothing is charged.
 */
export async function placeOrder(
  ctx: ServerContext,
  input: PlaceOrderInput,
): Promise<{ order: OrderRow; captured: boolean }> {
  const order = await insertAwaitingOrder(ctx, input);
  let started;
  try {
    started = await ctx.payments.startCheckout({
      orderId: order.id,
      contentId: order.content_id,
      title: input.content.title,
      amountCents: order.money_due_cents,
      currency: order.currency,
      expiresAtMs: Date.parse(order.expires_at),
    });
  } catch (error) {
    ctx.logger.warn({ err: error, orderId: order.id }, 'checkout could not be started');
    await settleUnpaid(ctx, order.id, 'cancelled');
    throw new AppError('PAYMENT_PROVIDER_FAILED');
  }
  const at = iso(ctx.clock());
  await updateOrder(ctx.db, order.id, {
    provider_ref: started.reference,
    checkout_url: started.checkoutUrl,
    updated_at: at,
  });
  const withCheckout: OrderRow = {
    ...order,
    provider_ref: started.reference,
    checkout_url: started.checkoutUrl,
    updated_at: at,
  };
  if (!ctx.payments.capturesAtOnce) return { order: withCheckout, captured: false };
  const captured = await captureOrder(ctx, {
    orderId: order.id,
    provider: ctx.payments.name,
    reference: started.reference,
    // The test provider's payment is its checkout: no separate payment id.
    paymentRef: started.reference,
    amountCents: order.money_due_cents,
    currency: order.currency,
    eventId: null,
  });
  return { order: withCheckout, captured: captured === 'done' };
}

/** The 202 answer for an order still waiting (or settled without a purchase). */
export async function orderPlaced(ctx: ServerContext, order: OrderRow): Promise<OrderPlaced> {
  const user = await findUserById(ctx.db, order.user_id);
  return { order: await readOrderView(ctx.db, order), balance: user?.balance ?? 0 };
}

/**
 * GET /orders/:id. An order past its time is expired on read, so the app sees the final state
 * (and its points back) without waiting for the server's sweep.
 */
export async function getOrder(
  ctx: ServerContext,
  caller: Caller,
  orderId: string,
): Promise<Order> {
  let order = await findOrder(ctx.db, orderId);
  if (!order || order.user_id !== caller.userId) throw new AppError('NOT_FOUND', 'No such order');
  if (
    order.state === 'awaiting_payment' &&
    Date.parse(order.expires_at) + EXPIRY_GRACE_MS < ctx.clock()
  ) {
    await settleUnpaid(ctx, order.id, 'expired');
    order = (await findOrder(ctx.db, orderId)) ?? order;
  }
  return readOrderView(ctx.db, order);
}

/** How many orders the history lists when the caller does not say. */
const DEFAULT_ORDERS_LIMIT = 50;

/**
 * GET /orders: the caller's orders, newest first. Orders past their time are expired first, as
 * GET /orders/:id does, so the history never shows a dead order as still waiting.
 */
export async function listOrders(
  ctx: ServerContext,
  caller: Caller,
  limit: number | undefined,
): Promise<OrderHistoryItem[]> {
  const before = iso(ctx.clock() - EXPIRY_GRACE_MS);
  for (const id of await listUserOverdueOrders(ctx.db, caller.userId, before)) {
    await settleUnpaid(ctx, id, 'expired');
  }
  const rows = await listUserOrders(ctx.db, caller.userId, limit ?? DEFAULT_ORDERS_LIMIT);
  return rows.map(({ title, refund_amount_cents, refund_currency, ...row }) => {
    const refund =
      refund_amount_cents !== null && refund_currency !== null
        ? { amountCents: refund_amount_cents, currency: refund_currency }
        : null;
    return { ...toOrder(row, refund), title };
  });
}
