import type { Db } from './database';
import { isPostgres } from './precompiled';
import type { OrdersTable } from './schema';

export type OrderRow = OrdersTable;

export async function insertOrder(db: Db, row: OrderRow): Promise<void> {
  await db.insertInto('orders').values(row).execute();
}

export function findOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrderByKey(db: Db, userId: string, key: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/**
 * Reads the order under its row lock (PostgreSQL; SQLite holds the write lock): capture, expiry
 * and cancellation of one order serialise here, so its state moves exactly once.
 */
export function lockOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', id)
    .$if(isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function updateOrder(
  db: Db,
  id: string,
  changes: Partial<
    Pick<
      OrderRow,
      | 'state'
      | 'provider_ref'
      | 'checkout_url'
      | 'purchase_id'
      | 'license_id'
      | 'expires_at'
      | 'settling_since'
      | 'updated_at'
    >
  >,
): Promise<void> {
  await db.updateTable('orders').set(changes).where('id', '=', id).execute();
}

export type OrderWithTitle = OrderRow & {
  title: string;
  /** The order's refund, when its payment is owed back. */
  refund_amount_cents: number | null;
  refund_currency: string | null;
};

/**
 * One user's orders with the title of what each buys and any refund, newest first (id breaks
 * ties).
 */
export function listUserOrders(db: Db, userId: string, limit: number): Promise<OrderWithTitle[]> {
  return db
    .selectFrom('orders')
    .innerJoin('contents', 'contents.id', 'orders.content_id')
    .leftJoin('refunds', 'refunds.order_id', 'orders.id')
    .selectAll('orders')
    .select([
      'contents.title',
      'refunds.amount_cents as refund_amount_cents',
      'refunds.currency as refund_currency',
    ])
    .where('orders.user_id', '=', userId)
    .orderBy('orders.created_at', 'desc')
    .orderBy('orders.id', 'desc')
    .limit(limit)
    .execute();
}

/** One user's orders still waiting for payment whose time ran out before `before`. */
export async function listUserOverdueOrders(
  db: Db,
  userId: string,
  before: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('user_id', '=', userId)
    .where('state', '=', 'awaiting_payment')
    .where('expires_at', '<', before)
    .execute();
  return rows.map((r) => r.id);
}

/** Orders still waiting for payment whose time ran out before `before`, oldest first. */
export async function listOverdueOrders(db: Db, before: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('state', '=', 'awaiting_payment')
    .where('expires_at', '<', before)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Records a provider event as handled; false when it already was (a redelivery). Run inside the
 * transaction that acts on the event, so "handled" and its effect commit together.
 */
export async function recordPaymentEvent(
  db: Db,
  row: { provider: string; event_id: string; order_id: string; received_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('payment_events')
    .values(row)
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
