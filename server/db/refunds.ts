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
 * Claims up to `limit` due refunds by leasing them until `leaseUntil`, as webhook deliveries are
 * claimed (db/webhooks.ts): `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two processes never claim
 * the same refund; a claim whose worker died is claimed again when its lease ends.
 */
export async function claimDueRefunds(
  db: Db,
  engine: Engine,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<RefundRow[]> {
  const due = db
    .selectFrom('refunds')
    .select('order_id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .$if(engine === 'postgres', (q) => q.forUpdate().skipLocked());
  return db
    .updateTable('refunds')
    .set({ locked_until: leaseUntil })
    .where('order_id', 'in', due)
    .returningAll()
    .execute();
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
 * A failed attempt: the next one scheduled, only while the worker still holds `lease` (once it
 * ran out another worker may have claimed the refund and sent it). Answers whether it held.
 */
export async function scheduleRefundRetry(
  db: Db,
  orderId: string,
  lease: string,
  failed: { attempts: number; error: string; nextAttemptAt: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('refunds')
    .set({
      attempts: failed.attempts,
      last_error: failed.error,
      next_attempt_at: failed.nextAttemptAt,
      locked_until: null,
      updated_at: failed.at,
    })
    .where('order_id', '=', orderId)
    .where('state', '=', 'pending')
    .where('locked_until', '=', lease)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives a claim back (a shutdown mid-call), only while it is still `lease`. */
export async function releaseRefundLease(db: Db, orderId: string, lease: string): Promise<void> {
  await db
    .updateTable('refunds')
    .set({ locked_until: null })
    .where('order_id', '=', orderId)
    .where('locked_until', '=', lease)
    .execute();
}
