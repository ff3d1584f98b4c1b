import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The points held by the user's orders waiting for payment, on the user's row (docs/design.md
 * §4.1, §4.6): every cap check counts them, so points an unpaid order gives back can never take
 * the balance past MAX_BALANCE. Kept in the user's row, which every return already reads, so the
 * return's check costs no query. Filled from the orders waiting now; the rows without any keep 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('points_held', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`points_held >= 0`),
    )
    .execute();
  await sql`update users set points_held = (select sum(o.points_held) from orders o
      where o.user_id = users.id and o.state = 'awaiting_payment')
    where exists (select 1 from orders o where o.user_id = users.id
      and o.state = 'awaiting_payment' and o.points_held > 0)`.execute(db);
}

/** The orders keep what each holds: the version before needs nothing else. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('points_held').execute();
}
