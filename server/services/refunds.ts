import { centsSchema } from '../../shared/api/common';
import type { ServerContext } from '../context';
import { insertEvents } from '../db/events';
import type { OrderRow } from '../db/orders';
import { lockOrder, updateOrder } from '../db/orders';
import type { RefundRow } from '../db/refunds';
import {
  claimDueRefund,
  markRefunded,
  recordProviderRefund,
  scheduleRefundRetry,
  setRefundAttemptKey,
  wakeRefund,
} from '../db/refunds';
import { bumpUser } from '../db/users';
import type { PaymentProviderName } from '../../shared/api/orders';
import type { RefundAnswer } from '../payments/payment-provider';
import { givenBackElsewhere, standingRefundOf } from '../payments/standing-refund';
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
  /**
   * How long one refund's claim lasts: longer than an attempt can take, which is at most three
   * provider calls (a look, a refund, and a second look when the provider answers that the
   * payment was refunded already), each with the SDK's own retry.
   */
  leaseMs: number;
  /** A refund is owed money: attempts never run out (`maxAttempts: Infinity`). */
  backoff: BackoffPolicy;
}

export const DEFAULT_REFUND_POLICY: RefundPolicy = {
  // The Stripe SDK's timeout is 20 s, with one retry of its own: 3 calls × 2 × 20 s = 120 s,
  // plus the retry's own delay.
  leaseMs: 3 * 60 * 1000,
  backoff: { baseMs: 10_000, maxMs: 60 * 60 * 1000, maxAttempts: Number.POSITIVE_INFINITY },
};

/** The first attempt's idempotency key of one order's refund (written with the refund row). */
export function refundIdempotencyKey(orderId: string): string {
  return `refund-${orderId}`;
}

/**
 * The key of a later attempt that makes a new refund: made only after the provider showed no
 * refund under way, so a new key cannot make a second one. `attempt` only grows (each attempt's
 * outcome records it), so no key is used for two different attempts.
 */
function attemptKey(orderId: string, attempt: number): string {
  return `${refundIdempotencyKey(orderId)}-${attempt}`;
}

/**
 * One pass of the refund outbox: claims the due refunds one at a time (each with its own lease,
 * so two processes never send the same one at once and a slow provider call cannot outlast the
 * lease of a refund waiting behind it) and takes each a step further at the provider. Stops
 * between refunds once `stopped` says so. Answers how many were refunded.
 */
export async function sendDueRefunds(
  ctx: ServerContext,
  policy: RefundPolicy,
  stopped: () => boolean = () => false,
): Promise<number> {
  let refunded = 0;
  while (!stopped()) {
    const now = ctx.clock();
    const lease = iso(now + policy.leaseMs);
    const refund = await claimDueRefund(ctx.db, ctx.engine, iso(now), lease);
    if (!refund) break;
    if (await sendRefund(ctx, policy, refund, lease)) refunded++;
  }
  return refunded;
}

async function sendRefund(
  ctx: ServerContext,
  policy: RefundPolicy,
  refund: RefundRow,
  lease: string,
): Promise<boolean> {
  const attempt = refund.attempts + 1;
  let answer: RefundAnswer;
  try {
    if (refund.provider !== ctx.payments.name) {
      throw new Error(`the payment was made with ${refund.provider}, not configured here`);
    }
    answer = await attemptRefund(ctx, refund, lease, attempt);
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
  switch (answer.state) {
    case 'succeeded':
      return completeRefund(ctx, refund, attempt, answer);
    case 'pending':
    case 'failed': {
      // Pending: asked about again after the backoff (or at once when the provider's event
      // wakes it). Failed: that refund gave nothing back; the next attempt makes another.
      const at = ctx.clock();
      const delay = nextDelayMs(attempt, policy.backoff) ?? policy.backoff.maxMs;
      const held = await recordProviderRefund(ctx.db, refund.order_id, lease, {
        attempts: attempt,
        providerRefundId: answer.refundId,
        error: answer.state === 'failed' ? `refund ${answer.refundId} failed` : null,
        nextAttemptAt: iso(at + delay),
        at: iso(at),
      });
      const log = { orderId: refund.order_id, attempt, refundId: answer.refundId, held };
      if (answer.state === 'failed') {
        ctx.logger.warn(log, 'refund failed at the provider: another is made next time');
      } else ctx.logger.info(log, 'refund accepted by the provider, not finished: followed');
      return false;
    }
    default:
      return answer.state satisfies never;
  }
}

/**
 * One attempt at the provider. A refund the provider accepted is followed by its id until it
 * succeeds or fails. Otherwise the attempt's stored key is sent again (the first attempt, or the
 * same attempt after a crash mid-call: the provider answers the refund that key made, if any).
 * With no key stored, the last attempt ended without an answer that tells whether a refund is
 * under way (a 5xx, whose answer the provider keeps for its key; a timeout; a dropped
 * connection), so the payment's refunds are looked at first and one standing is adopted; only
 * when there is none is a new refund made, with a new key.
 */
async function attemptRefund(
  ctx: ServerContext,
  refund: RefundRow,
  lease: string,
  attempt: number,
): Promise<RefundAnswer> {
  const provider = ctx.payments;
  if (refund.provider_refund_id !== null) {
    const known = await provider.refundStatus(refund.provider_refund_id);
    if (known.orderId !== refund.order_id && known.state !== 'failed') {
      // A refund made elsewhere, adopted with the others that gave the payment back: their sum
      // is what the buyer got, not this one's amount.
      return givenBackElsewhere(await provider.refundsOf(refund.payment_ref)) ?? known;
    }
    if (known.state !== 'failed') return known;
    return makeRefund(ctx, refund, lease, attemptKey(refund.order_id, attempt));
  }
  if (refund.idempotency_key !== null) {
    return makeRefund(ctx, refund, lease, refund.idempotency_key);
  }
  const standing = standingRefundOf(await provider.refundsOf(refund.payment_ref), refund.order_id);
  if (standing) return standing;
  return makeRefund(ctx, refund, lease, attemptKey(refund.order_id, attempt));
}

/** Stores the attempt's key (a crash mid-call then sends it again), then asks for the refund. */
async function makeRefund(
  ctx: ServerContext,
  refund: RefundRow,
  lease: string,
  key: string,
): Promise<RefundAnswer> {
  if (key !== refund.idempotency_key || refund.provider_refund_id !== null) {
    if (!(await setRefundAttemptKey(ctx.db, refund.order_id, lease, key))) {
      throw new Error('the refund’s lease ran out before it was sent');
    }
  }
  return ctx.payments.refund({
    orderId: refund.order_id,
    paymentRef: refund.payment_ref,
    amountCents: refund.amount_cents,
    currency: refund.currency,
    idempotencyKey: key,
  });
}

/**
 * The provider gave the money back: in one transaction the refund is marked refunded, the order
 * moves `refund_pending → refunded` and the user's `order.changed` is appended. The order is
 * locked first, as capture does before it writes the refund row.
 */
async function completeRefund(
  ctx: ServerContext,
  owed: RefundRow,
  attempts: number,
  made: RefundAnswer,
): Promise<boolean> {
  const orderId = owed.order_id;
  // What the provider reports it gave back, unless the contract cannot carry it (the app's
  // schema would refuse the event and its sync stop there): then what was owed.
  const refund =
    centsSchema.safeParse(made.amountCents).success && /^[a-z]{3}$/.test(made.currency)
      ? { amountCents: made.amountCents, currency: made.currency }
      : { amountCents: owed.amount_cents, currency: owed.currency };
  return ctx.database.transaction(async (tx) => {
    const at = iso(ctx.clock());
    const order = await lockOrder(tx, orderId);
    const marked = await markRefunded(tx, orderId, {
      attempts,
      ...refund,
      providerRefundId: made.refundId,
      at,
    });
    if (!marked || !order || order.state !== 'refund_pending') return false;
    const bump = await bumpUser(tx, order.user_id, 0, 1);
    if (!bump) throw new Error(`order ${orderId}: its user is gone`);
    const settled: OrderRow = { ...order, state: 'refunded', updated_at: at };
    await updateOrder(tx, orderId, { state: 'refunded', updated_at: at });
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

/**
 * The provider reported a change to a refund of `paymentRef`: the refund owed for it is made due
 * now and the worker woken. The event is only a hint; the worker's own question to the provider
 * decides (an event may be late, repeated or out of order). Answers whether one was owed.
 */
export async function wakeRefundOf(
  ctx: ServerContext,
  provider: PaymentProviderName,
  paymentRef: string,
): Promise<boolean> {
  const woken = await wakeRefund(ctx.db, provider, paymentRef, iso(ctx.clock()));
  if (woken > 0) ctx.notifyRefunds();
  return woken > 0;
}
