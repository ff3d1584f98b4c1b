import type { Db, Engine } from './database';
import type { RefundsTable } from './schema';

export type RefundRow = RefundsTable;

/**
 * Records a refund owed, inside the capture transaction; false when the order already has one
 * (its primary key): a payment is given back once per order.
 */
export async function insertRefund(db: Db, row: RefundRow): Promise<boolean> {
  const result = await db
    .insertInto('refunds')
    .values(row)
    .onConflict((oc) => oc.column('order_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** What an order's refund gives back (the order view shows it). */
export function findRefundAmount(
  db: Db,
  orderId: string,
): Promise<Pick<RefundRow, 'amount_cents' | 'currency'> | undefined> {
  return db
    .selectFrom('refunds')
    .select(['amount_cents', 'currency'])
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

/**
 * Claims the refund due first by leasing it until `leaseUntil`, as webhook deliveries are claimed
 * (db/webhooks.ts): `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two processes never claim the same
 * refund; a claim whose worker died is claimed again when its lease ends. One at a time: each
 * refund's lease starts when it is sent, so a slow provider call cannot eat into the lease of
 * refunds claimed with it (the worker claims the next one after the call).
 */
export async function claimDueRefund(
  db: Db,
  engine: Engine,
  now: string,
  leaseUntil: string,
): Promise<RefundRow | undefined> {
  const due = db
    .selectFrom('refunds')
    .select('order_id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(1)
    .$if(engine === 'postgres', (q) => q.forUpdate().skipLocked());
  return db
    .updateTable('refunds')
    .set({ locked_until: leaseUntil })
    .where('order_id', 'in', due)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Stores the idempotency key of the attempt about to be sent (and forgets a failed provider
 * refund it replaces), only while the worker holds `lease`: a crash mid-call then retries with
 * this key. Answers whether it held.
 */
export async function setRefundAttemptKey(
  db: Db,
  orderId: string,
  lease: string,
  key: string,
): Promise<boolean> {
  return updateUnderLease(db, orderId, lease, { idempotency_key: key, provider_refund_id: null });
}

/**
 * A refund the provider made but that did not give the money back yet: accepted and not finished
 * (Stripe: `pending`, `requires_action`), or failed (then `error` says so and the next attempt
 * makes another). Its id is recorded and the worker asks about it again at `nextAttemptAt`; the
 * order stays `refund_pending`. Only while the worker holds `lease`.
 */
export async function recordProviderRefund(
  db: Db,
  orderId: string,
  lease: string,
  underway: {
    attempts: number;
    providerRefundId: string;
    error: string | null;
    nextAttemptAt: string;
    at: string;
  },
): Promise<boolean> {
  return updateUnderLease(db, orderId, lease, {
    attempts: underway.attempts,
    provider_refund_id: underway.providerRefundId,
    last_error: underway.error,
    next_attempt_at: underway.nextAttemptAt,
    locked_until: null,
    updated_at: underway.at,
  });
}

/**
 * A provider event about a payment's refund (Stripe `refund.updated`, ...): the refund owed for
 * that payment is made due now, so the worker asks the provider at once. Nothing else changes:
 * the worker's own answer from the provider decides. Answers how many were woken.
 */
export async function wakeRefund(
  db: Db,
  provider: string,
  paymentRef: string,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('refunds')
    .set({ next_attempt_at: now })
    .where('provider', '=', provider)
    .where('payment_ref', '=', paymentRef)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Refunded: the provider gave the money back, a fact that stands even over a late failure of
 * another worker (as a delivered webhook does). False when it was already marked refunded.
 */
export async function markRefunded(
  db: Db,
  orderId: string,
  done: {
    attempts: number;
    amountCents: number;
    currency: string;
    providerRefundId: string | null;
    at: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('refunds')
    .set({
      state: 'refunded',
      attempts: done.attempts,
      amount_cents: done.amountCents,
      currency: done.currency,
      provider_refund_id: done.providerRefundId,
      locked_until: null,
      last_error: null,
      refunded_at: done.at,
      updated_at: done.at,
    })
    .where('order_id', '=', orderId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * A failed attempt, or one whose answer does not tell whether a refund is under way (a 5xx, a
 * timeout, a dropped connection): the next one scheduled, only while the worker still holds
 * `lease`. Answers whether it held.
 */
export async function scheduleRefundRetry(
  db: Db,
  orderId: string,
  lease: string,
  failed: { attempts: number; error: string; nextAttemptAt: string; at: string },
): Promise<boolean> {
  return updateUnderLease(db, orderId, lease, {
    attempts: failed.attempts,
    last_error: failed.error,
    next_attempt_at: failed.nextAttemptAt,
    locked_until: null,
    // The key's answer may be a stored 5xx (Stripe keeps it 24 h): the next attempt looks
    // for a refund under way before it makes one with a new key.
    idempotency_key: null,
    updated_at: failed.at,
  });
}

/**
 * Changes a refund still owed only while the worker holds `lease`: once it ran out, another
 * worker may have claimed the refund, and what this one writes would overwrite its attempt.
 * Answers whether it held.
 */
async function updateUnderLease(
  db: Db,
  orderId: string,
  lease: string,
  changes: Partial<RefundRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('refunds')
    .set(changes)
    .where('order_id', '=', orderId)
    .where('state', '=', 'pending')
    .where('locked_until', '=', lease)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
