import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The user's places revision moves from its own table (`place_revs`, 0007) into the user's row
 * (`users.places_rev`), on both engines (docs/design.md §3.2, §11.4). A places push already
 * takes the user's row lock; now it updates that row, so a return's one-statement re-check sees
 * a push that committed after the return's read as a changed row (as it sees a moved balance)
 * and leaves the return to the locked path. That lets the statement delete the item's places
 * itself, and skip them when its read saw none: a second statement per return on PostgreSQL
 * is gone (bench/findings.md, pg-cpu-8). One counter, one place: `place_revs` is dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('places_rev', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update users set places_rev = (select r.rev from place_revs r where r.user_id = users.id)
    where exists (select 1 from place_revs r where r.user_id = users.id)`.execute(db);
  await db.schema.dropTable('place_revs').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('place_revs')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into place_revs (user_id, rev) select id, places_rev from users
    where places_rev > 0`.execute(db);
  await db.schema.alterTable('users').dropColumn('places_rev').execute();
}
