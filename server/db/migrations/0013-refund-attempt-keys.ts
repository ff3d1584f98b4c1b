import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The idempotency key of a refund's current attempt (docs/design.md §4.8), stored before the
 * provider call so a crash mid-call retries with the same key. Stripe keeps the first answer of a
 * key for 24 hours, a 500 included, so one key per refund would repeat that 500 all day: a new
 * key is made only once the provider's answer shows no refund under way, and the column is null
 * while the last attempt ended without such an answer (the worker looks first). A row written
 * before this migration used `refund-<orderId>`: kept where no attempt was made yet (a crash mid-
 * call), null where one failed (that key may hold a stored 500).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refunds').addColumn('idempotency_key', 'text').execute();
  await sql`update refunds set idempotency_key = 'refund-' || order_id
    where state = 'pending' and attempts = 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refunds').dropColumn('idempotency_key').execute();
}
