import type { Kysely } from 'kysely';

/**
 * When the buyer completed an order's checkout with a payment that settles later (a bank debit;
 * docs/design.md §4.7): the order then waits for that payment, not for the buyer. Marked, not
 * read off a missing checkout URL: a Stripe order has none for the moment between its insert and
 * its Checkout Session, and would have read as settling there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('settling_since', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orders').dropColumn('settling_since').execute();
}
