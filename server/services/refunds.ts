import type { ServerContext } from '../context';
import { insertEvents } from '../db/events';
import type { OrderRow } from '../db/orders';
import { lockOrder, updateOrder } from '../db/orders';
import type { RefundRow } from '../db/refunds';
import { claimDueRefunds, markRefunded, scheduleRefundRetry } from '../db/refunds';
import { bumpUser } from '../db/users';
import type { RefundMade } from '../payments/payment-provider';
import { iso } from '../util/clock';
import type { BackoffPolicy } from '../webhooks/backoff';
import { nextDelayMs } from '../webhooks/backoff';
import { eventRows } from './events';
import { toOrder } from './order-view';

/** Why a payment could not be used (the `refunds.reason` column, for the operator). */
export type RefundReason =
  /** The order had expired or been cancelled when the payment arrived. */
  | 'order_closed'
  /** The buyer came to hold the item meanwhile. */
  | 'already_held'
  /** The item left the catalog. */
  | 'content_gone'
  /** The amount or currency paid on the order's checkout is not the order's. */
  | 'payment_mismatch';

export interface RefundPolicy {
  /** How long a claim lasts: longer than a provider call with its own retry can take. */
  leaseMs: number;
  /** A refund is owed money: attempts never run out (`maxAttempts: Infinity`). */
  backoff: BackoffPolicy;
  batchSize: number;
}

export const DEFAULT_REFUND_POLICY: RefundPolicy = {
  // The Stripe SDK's timeout is 20 s, with one retry of its own.
  leaseMs: 2 * 60 * 1000,
  backoff: { baseMs: 10_000, maxMs: 60 * 60 * 1000, maxAttempts: Number.POSITIVE_INFINITY },
  batchSize: 20,
};

/** The provider's idempotency key of one order's refund: the same for every attempt. */
export function refundIdempotencyKey(orderId: string): string {
  return `refund-${orderId}`;
}

/**
 * One pass of the refund outbox: claims the due refunds (leases, so two processes never send
 * the same one at once) and sends each through the provider with the order's idempotency key,
 * so a retry after a crash, a timeout or a lost answer can never refund twice. Answers how many
 * were refunded.
 */
export async function sendDueRefunds(
  ctx: ServerContext,
  policy: RefundPolicy,
  stopped: () => boolean = () => false,
): Promise<number> {
  let refunded = 0;
  for (;;) {
    const now = ctx.clock();
    const lease = iso(now + policy.leaseMs);
    const claimed = await claimDueRefunds(ctx.db, ctx.engine, iso(now), lease, policy.batchSize);
    for (const refund of claimed) {
      if (await sendRefund(ctx, policy, refund, lease)) refunded++;
    }
    if (claimed.length < policy.batchSize || stopped()) return refunded;
  }
}

async function sendRefund(
  ctx: ServerContext,
  policy: RefundPolicy,
  refund: RefundRow,
  lease: string,
): Promise<boolean> {
  const attempt = refund.attempts + 1;
  let made: RefundMade;
  try {
    if (refund.provider !== ctx.payments.name) {
      throw new Error(`the payment was made with ${refund.provider}, not configured here`);
    }
    made = await ctx.payments.refund({
      orderId: refund.order_id,
      paymentRef: refund.payment_ref,
      amountCents: refund.amount_cents,
      currency: refund.currency,
      idempotencyKey: refundIdempotencyKey(refund.order_id),
    });
  } catch (error) {
    const message = (error instanceof Error ? error.message : 'refund failed').slice(0, 500);
    const at = ctx.clock();
    const delay = nextDelayMs(attempt, policy.backoff) ?? policy.backoff.maxMs;
    const held = await scheduleRefundRetry(ctx.db, refund.order_id, lease, {
      attempts: attempt,
      error: message,
      nextAttemptAt: iso(at + delay),
      at: iso(at),
    });
    ctx.logger.warn(
      { orderId: refund.order_id, attempt, error: message, retryInMs: held ? delay : null },
      held
        ? 'refund failed: it is tried again later'
        : 'refund failed after its lease ran out: the refund is left to its new claim',
    );
    return false;
  }
  return completeRefund(ctx, refund.order_id, attempt, made);
}

/**
 * The provider gave the money back: in one transaction the refund is marked refunded, the order
 * moves `refund_pending → refunded` and the user's `order.changed` is appended. The order is
 * locked first, as capture does before it writes the refund row.
 */
async function completeRefund(
  ctx: ServerContext,
  orderId: string,
  attempts: number,
  made: RefundMade,
): Promise<boolean> {
  return ctx.database.transaction(async (tx) => {
    const at = iso(ctx.clock());
    const order = await lockOrder(tx, orderId);
    const marked = await markRefunded(tx, orderId, {
      attempts,
      amountCents: made.amountCents,
      currency: made.currency,
      providerRefundId: made.refundId,
      at,
    });
    if (!marked || !order || order.state !== 'refund_pending') return false;
    const bump = await bumpUser(tx, order.user_id, 0, 1);
    if (!bump) throw new Error(`order ${orderId}: its user is gone`);
    const settled: OrderRow = { ...order, state: 'refunded', updated_at: at };
    await updateOrder(tx, orderId, { state: 'refunded', updated_at: at });
    const refund = { amountCents: made.amountCents, currency: made.currency };
    await insertEvents(
      tx,
      eventRows(order.user_id, bump.eventSeq, at, [
        { type: 'order.changed', order: toOrder(settled, refund) },
      ]),
    );
    ctx.logger.info({ orderId, attempts }, 'payment refunded');
    return true;
  });
}
