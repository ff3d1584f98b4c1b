import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/** Every money and points column: 64-bit on PostgreSQL (SQLite integers are 64-bit already). */
const AMOUNT_COLUMNS: Array<[table: string, column: string]> = [
  ['users', 'balance'],
  ['contents', 'price_cents'],
  ['purchases', 'price_cents'],
  ['purchases', 'points_used'],
  ['purchases', 'money_paid_cents'],
  ['returns', 'points'],
  ['ledger', 'delta'],
  ['ledger', 'balance_after'],
];

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Orders (a money purchase waits here for its payment), the provider events already handled,
 * and what a purchase records about its payment. `bigint` is INTEGER affinity on SQLite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orders')
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
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('awaiting_payment', 'paid', 'expired', 'cancelled')`),
    )
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('purchase_id', 'text')
    .addColumn('license_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('orders_idempotency', ['user_id', 'idempotency_key'])
    .execute();
  // One order per user and content waits for payment at a time: two could both be paid, and
  // the second payment would have no license to give.
  await db.schema
    .createIndex('orders_one_awaiting')
    .on('orders')
    .columns(['user_id', 'content_id'])
    .unique()
    .where(sql.ref('state'), '=', 'awaiting_payment')
    .execute();
  await db.schema.createIndex('orders_due').on('orders').columns(['state', 'expires_at']).execute();

  await db.schema
    .createTable('payment_events')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_events_pk', ['provider', 'event_id'])
    .execute();

  await db.schema.alterTable('purchases').addColumn('order_id', 'text').execute();
  await db.schema.alterTable('purchases').addColumn('payment_provider', 'text').execute();

  if (isPostgres(db)) {
    for (const [table, column] of AMOUNT_COLUMNS) {
      await db.schema
        .alterTable(table)
        .alterColumn(column, (c) => c.setDataType('bigint'))
        .execute();
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const [table, column] of AMOUNT_COLUMNS) {
      await db.schema
        .alterTable(table)
        .alterColumn(column, (c) => c.setDataType('integer'))
        .execute();
    }
  }
  await db.schema.alterTable('purchases').dropColumn('payment_provider').execute();
  await db.schema.alterTable('purchases').dropColumn('order_id').execute();
  await db.schema.dropTable('payment_events').execute();
  await db.schema.dropTable('orders').execute();
}
