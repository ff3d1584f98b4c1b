import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import * as refunds from '../../../server/db/migrations/0012-refunds';
import * as refundAttemptKeys from '../../../server/db/migrations/0013-refund-attempt-keys';
import * as orderSettling from '../../../server/db/migrations/0014-order-settling';
import * as pointsHeld from '../../../server/db/migrations/0015-points-held';
import { buy, publishProduct } from '../../fixtures/server-catalog';
import { ENGINES, newUser, ok } from '../../fixtures/server-harness';
import type { PreviousVersion } from '../../fixtures/server-upgrade';
import { previousVersion } from '../../fixtures/server-upgrade';

async function indexNames(db: Kysely<unknown>, engine: string): Promise<string[]> {
  const found =
    engine === 'postgres'
      ? await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'orders'`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'orders'`.execute(db);
  return found.rows.map((r) => r.name).filter((n) => !n.startsWith('sqlite_autoindex'));
}

/** The migrations after 0012, newest first: a rollback to before 0012 undoes them first. */
const LATER = [pointsHeld, orderSettling, refundAttemptKeys];
async function downLater(db: Kysely<unknown>): Promise<void> {
  for (const migration of LATER) await migration.down(db);
}
async function upLater(db: Kysely<unknown>): Promise<void> {
  for (const migration of [...LATER].reverse()) await migration.up(db);
}

const setState = (db: Kysely<unknown>, id: string, state: string) =>
  sql`update orders set state = ${state} where id = ${id}`.execute(db);

describe.each(ENGINES)('server migration 0012-refunds on %s', (engine) => {
  let upgraded: PreviousVersion | undefined;
  let owing: PreviousVersion | undefined;
  afterAll(async () => {
    await owing?.close();
    await upgraded?.close();
  });

  it('refuses to go down while a refund is still owed, and keeps it', async () => {
    owing = await previousVersion(engine, '0012');
    const ts = await owing.startServer();
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 300 });
    const { purchase } = await buy(ts, user, product.contentIds[0] ?? '');
    const orderId = purchase.orderId ?? '';
    const db = owing.connect();
    const at = new Date().toISOString();
    await sql`insert into refunds (order_id, user_id, provider, payment_ref, amount_cents,
      currency, reason, state, attempts, next_attempt_at, created_at, updated_at)
      values (${orderId}, ${user.id}, 'stripe', 'pi_owed', 300, 'usd', 'order_closed', 'pending',
      0, ${at}, ${at}, ${at})`.execute(db);
    await setState(db, orderId, 'refund_pending');

    await downLater(db);
    await expect(refunds.down(db)).rejects.toThrow(/1 refund\(s\) are still owed/);
    const kept = await sql`select state from refunds where order_id = ${orderId}`.execute(db);
    expect(kept.rows).toEqual([{ state: 'pending' }]);
    // Once refunded, the row is history only: down goes through.
    await sql`update refunds set state = 'refunded' where order_id = ${orderId}`.execute(db);
    await setState(db, orderId, 'refunded');
    await refunds.down(db);
    await expect(sql`select 1 from refunds`.execute(db)).rejects.toThrow();
  });

  it('widens the order states and keeps every order, its indexes and checks; and back down', async () => {
    upgraded = await previousVersion(engine, '0012');
    const ts = await upgraded.startServer();
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 300 });
    const { purchase } = await buy(ts, user, product.contentIds[0] ?? '');
    const orderId = purchase.orderId ?? '';
    const db = upgraded.connect();
    const read = async () =>
      (await sql`select * from orders where id = ${orderId}`.execute(db)).rows[0];
    const before = await read();
    const indexes = (await indexNames(db, engine)).sort();
    expect(indexes).toEqual(expect.arrayContaining(['orders_due', 'orders_one_awaiting']));

    await downLater(db);
    await refunds.down(db);
    await expect(setState(db, orderId, 'refunded')).rejects.toThrow(/check/i);
    await refunds.up(db);
    await upLater(db);
    expect(await read()).toEqual(before);
    expect((await indexNames(db, engine)).sort()).toEqual(indexes);
    await setState(db, orderId, 'refunded');
    await expect(setState(db, orderId, 'lost')).rejects.toThrow(/check/i);
    await setState(db, orderId, 'paid');

    // The server keeps answering for the order after its table was rebuilt under it.
    const order = await ok(ts.url, 'getOrder', { token: user.token, params: { orderId } });
    expect(order).toMatchObject({ state: 'paid', refund: null, moneyDueCents: 300 });
  });
});
