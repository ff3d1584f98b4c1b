import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_BALANCE } from '../../../shared/api/common';
import * as pointsHeld from '../../../server/db/migrations/0015-points-held';
import { BUYBACK_ONLY, givePoints, publishProduct } from '../../fixtures/server-catalog';
import type { EngineName, TestUser } from '../../fixtures/server-harness';
import { ENGINES, newUser, ok } from '../../fixtures/server-harness';
import type { PreviousVersion } from '../../fixtures/server-upgrade';
import { previousVersion } from '../../fixtures/server-upgrade';
import type { StripeStandIn } from '../../fixtures/stripe-stand-in';
import { startStripeStandIn } from '../../fixtures/stripe-stand-in';
import { deliverStripeEvent, placeStripeOrder } from '../../fixtures/stripe-orders';

/** The users table's columns, on either engine. */
async function userColumns(db: Kysely<unknown>, engine: EngineName): Promise<string[]> {
  const found =
    engine === 'postgres'
      ? await sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_name = 'users'`.execute(db)
      : await sql<{ name: string }>`select name from pragma_table_info('users')`.execute(db);
  return found.rows.map((r) => r.name).sort();
}

async function heldOf(db: Kysely<unknown>, user: TestUser): Promise<number> {
  const found = await sql<{ held: number | string }>`select points_held as held from users
    where id = ${user.id}`.execute(db);
  return Number(found.rows[0]?.held);
}

describe.each(ENGINES)('server migration 0015-points-held on %s', (engine) => {
  let upgraded: PreviousVersion | undefined;
  let stripe: StripeStandIn | undefined;
  afterAll(async () => {
    await upgraded?.close();
    await stripe?.close();
  });

  it('fills each user’s held points from the orders waiting for payment, and goes back down', async () => {
    const standIn = await startStripeStandIn();
    stripe = standIn;
    upgraded = await previousVersion(engine, '0015');
    const columnsBefore = await userColumns(upgraded.connect(), engine);
    expect(columnsBefore).not.toContain('points_held');
    const ts = await upgraded.startServer({
      payments: standIn.provider(),
      refunds: { enabled: false },
    });
    const place = (user: TestUser, contentId: string, points: number) =>
      placeStripeOrder(ts, standIn, user, contentId, points);
    const holder = await newUser(ts);
    const other = await newUser(ts);
    const products = await Promise.all(
      [1, 2, 3].map(() => publishProduct(ts, { priceCents: 500, policy: BUYBACK_ONLY })),
    );
    const contentId = (i: number) => products[i]?.contentIds[0] ?? '';
    await givePoints(ts, holder, 1000);
    const first = await place(holder, contentId(0), 300);
    await place(holder, contentId(1), 200);
    // Cancelled: its points came back, so it holds none any more.
    const closed = await place(holder, contentId(2), 100);
    await deliverStripeEvent(ts, standIn.signedEvent('checkout.session.expired', closed.session));
    // Waiting, with no points.
    await place(other, contentId(0), 0);

    // A connection of its own opened after the server's migration (SQLite's DDL is prepared on
    // the schema a connection last read).
    const db = upgraded.connect();
    // Down: the users table as the version before left it; the orders keep what they hold.
    await pointsHeld.down(db);
    expect(await userColumns(db, engine)).toEqual(columnsBefore);
    const held = await sql<{ points: number | string }>`select points_held as points from orders
      where user_id = ${holder.id} and state = 'awaiting_payment'`.execute(db);
    expect(held.rows.map((r) => Number(r.points)).sort()).toEqual([200, 300]);

    // Up, on the orders waiting now: only theirs count.
    await pointsHeld.up(db);
    expect(await heldOf(db, holder)).toBe(500);
    expect(await heldOf(db, other)).toBe(0);
    await expect(
      sql`update users set points_held = -1 where id = ${other.id}`.execute(db),
    ).rejects.toThrow(/check/i);

    // The server goes on from the filled count: the cap counts it, and an order that is not
    // paid gives its points back and its count with them.
    const balance = (await ok(ts.url, 'wallet', { token: holder.token })).balance;
    expect(balance).toBe(500);
    await expect(givePoints(ts, holder, MAX_BALANCE - 1000 + 1)).rejects.toMatchObject({
      code: 'BALANCE_LIMIT_REACHED',
    });
    await deliverStripeEvent(ts, standIn.signedEvent('checkout.session.expired', first.session));
    expect(await heldOf(db, holder)).toBe(200);
    expect((await ok(ts.url, 'wallet', { token: holder.token })).balance).toBe(800);
  });
});
