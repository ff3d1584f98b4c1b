import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const STATES_BEFORE = sql`state in ('awaiting_payment', 'paid', 'expired', 'cancelled')`;
const STATES_AFTER = sql`state in ('awaiting_payment', 'paid', 'expired', 'cancelled',
  'refund_pending', 'refunded')`;

/**
 * Refunds of payments that arrived for orders that cannot be fulfilled (docs/design.md §4.8):
 * the order states `refund_pending` and `refunded`, and the `refunds` outbox the refund worker
 * sends from, one row per order at most (its primary key). SQLite cannot change a CHECK in
 * place, so its `orders` table is rebuilt as 0005 made it, with the wider state check.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await widenOrderStates(db, STATES_AFTER);
  await db.schema
    .createTable('refunds')
    .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    // The provider's id of the payment to give back (Stripe: the PaymentIntent).
    .addColumn('payment_ref', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'refunded')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('provider_refund_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('refunded_at', 'text')
    .execute();
  await db.schema
    .createIndex('refunds_due')
    .on('refunds')
    .columns(['state', 'next_attempt_at'])
    .execute();
}

/**
 * Refuses while any refund is still owed: dropping its row would forget money the buyer must get
 * back (nothing else records it). Refunded rows only record history and may go.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  const owed = await sql<{ n: number | string }>`select count(*) as n from refunds
    where state <> 'refunded'`.execute(db);
  const count = Number(owed.rows[0]?.n ?? 0);
  if (count > 0) {
    throw new Error(
      `Migration 0012 cannot be undone: ${count} refund(s) are still owed to buyers; let the refund worker finish them first`,
    );
  }
  await db.schema.dropTable('refunds').execute();
  await sql`update orders set state = 'cancelled' where state in ('refund_pending', 'refunded')`.execute(
    db,
  );
  await widenOrderStates(db, STATES_BEFORE);
}

async function widenOrderStates(db: Kysely<unknown>, check: ReturnType<typeof sql>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table orders drop constraint orders_state_check`.execute(db);
    await sql`alter table orders add constraint orders_state_check check (${check})`.execute(db);
    return;
  }
  await db.schema
    .createTable('orders_rebuilt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('content_id', 'text', (c) => c.notNull().references('contents.id'))
    .addColumn('price_cents', 'bigint', (c) => c.notNull())
    .addColumn('points_held', 'bigint', (c) => c.notNull().check(sql`points_held >= 0`))
    .addColumn('money_due_cents', 'bigint', (c) => c.notNull().check(sql`money_due_cents > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text')
    .addColumn('checkout_url', 'text')
    .addColumn('state', 'text', (c) => c.notNull().check(check))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('purchase_id', 'text')
    .addColumn('license_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('orders_idempotency', ['user_id', 'idempotency_key'])
    .execute();
  await sql`insert into orders_rebuilt select * from orders`.execute(db);
  await db.schema.dropTable('orders').execute();
  await sql`alter table orders_rebuilt rename to orders`.execute(db);
  // The indexes went with the old table: made again as 0005 made them.
  await db.schema
    .createIndex('orders_one_awaiting')
    .on('orders')
    .columns(['user_id', 'content_id'])
    .unique()
    .where(sql.ref('state'), '=', 'awaiting_payment')
    .execute();
  await db.schema.createIndex('orders_due').on('orders').columns(['state', 'expires_at']).execute();
}
