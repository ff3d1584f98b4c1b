import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BALANCE } from '../../../shared/api/common';
import type { AppError } from '../../../shared/errors';
import { createLogger } from '../../../server/logger';
import { settleUnpaid } from '../../../server/services/order-settle';
import {
  BUYBACK_ONLY,
  givePoints,
  publishProduct,
  checkedWallet,
} from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import type { StripeStandIn } from '../../fixtures/stripe-stand-in';
import { startStripeStandIn } from '../../fixtures/stripe-stand-in';
import { deliverStripeEvent, placeStripeOrder } from '../../fixtures/stripe-orders';

const refusedAtTheCap = { code: 'BALANCE_LIMIT_REACHED' } satisfies Partial<AppError>;

/**
 * docs/design.md §4.1, §6.5: during a rolling upgrade a process of the version before migration
 * 0015 places and settles orders without moving `users.points_held`. Its writes are the new
 * version's but for that column, so each is made here by the new code path followed by a raw
 * update that puts the column back where the older process would have left it. Every order the
 * new version places or settles afterwards recounts the column from the orders table.
 */
describe.each(ENGINES)('points held are recounted at every order change on %s', (engine) => {
  let ts: TestServer;
  let stripe: StripeStandIn;
  const logged: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    // Refunds owed stay pending: only the points matter here.
    ts = await startTestServer(engine, {
      payments: stripe.provider(),
      refunds: { enabled: false },
      logger: createLogger('warn', {
        write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>),
      }),
    });
  });
  afterAll(async () => {
    await ts?.close();
    await stripe?.close();
  });

  const place = (user: TestUser, contentId: string, pointsToUse: number) =>
    placeStripeOrder(ts, stripe, user, contentId, pointsToUse);
  const deliver = (event: { body: string; signature: string }) => deliverStripeEvent(ts, event);

  async function products(n: number): Promise<string[]> {
    const published = await Promise.all(
      Array.from({ length: n }, () =>
        publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY }),
      ),
    );
    return published.map((p) => p.contentIds[0] ?? '');
  }

  /** The points the user's row counts as held, and the sum its waiting orders hold. */
  async function held(user: TestUser): Promise<{ counted: number; waiting: number }> {
    const found = await sql<{ counted: number | string; waiting: number | string }>`
      select u.points_held as counted, (select coalesce(sum(o.points_held), 0) from orders o
        where o.user_id = u.id and o.state = 'awaiting_payment') as waiting
      from users u where u.id = ${user.id}`.execute(ts.server.context.db);
    const row = found.rows[0];
    return { counted: Number(row?.counted), waiting: Number(row?.waiting) };
  }

  /** What a process of the version before 0015 leaves: the column not moved by `points`. */
  async function asAnOlderProcessLeftIt(user: TestUser, points: number): Promise<void> {
    await sql`update users set points_held = points_held + ${points}
      where id = ${user.id}`.execute(ts.server.context.db);
  }

  it('keeps counting a waiting order when an older process’s uncounted one expires, so no grant passes the cap', async () => {
    const user = await newUser(ts);
    const [forA, forB] = await products(2);
    await givePoints(ts, user, 1000);
    const b = await place(user, forB ?? '', 30);
    // A is placed by an older process: its 50 points are off the balance, not counted as held.
    const a = await place(user, forA ?? '', 50);
    await asAnOlderProcessLeftIt(user, -50);
    expect(await held(user)).toEqual({ counted: 30, waiting: 80 });

    // A newer process expires A: B's 30 points are still held.
    expect(await settleUnpaid(ts.server.context, a.placed.order.id, 'expired')).toBe('done');
    expect(await held(user)).toEqual({ counted: 30, waiting: 30 });
    expect((await checkedWallet(ts, user)).balance).toBe(970);
    expect(logged).toContainEqual(
      expect.objectContaining({ orderId: a.placed.order.id, held: 30, expected: -20 }),
    );

    // Up to the cap with B's points: one more is refused.
    await expect(givePoints(ts, user, MAX_BALANCE - 970)).rejects.toMatchObject(refusedAtTheCap);
    await givePoints(ts, user, MAX_BALANCE - 1000);
    const before = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });

    // B is cancelled: its points come back to exactly the cap, which the app's schema accepts.
    const cancelled = await deliver(stripe.signedEvent('checkout.session.expired', b.session));
    expect(cancelled.json).toEqual({ received: true, outcome: 'done' });
    expect(await held(user)).toEqual({ counted: 0, waiting: 0 });
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE);
    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: before.lastSeq } });
    expect(feed.events[1]).toMatchObject({ type: 'wallet.changed', balance: MAX_BALANCE });
  });

  it('recounts when an order is paid or its payment owed back, whatever the count said', async () => {
    const user = await newUser(ts);
    const [forA, forB, forC] = await products(3);
    await givePoints(ts, user, 1000);
    const b = await place(user, forB ?? '', 30);
    const a = await place(user, forA ?? '', 50);
    await asAnOlderProcessLeftIt(user, -50);
    expect(await held(user)).toEqual({ counted: 30, waiting: 80 });

    // A is paid: spent, and B's points still held.
    const captured = await deliver(stripe.signedEvent('checkout.session.completed', a.session));
    expect(captured.json).toEqual({ received: true, outcome: 'done' });
    expect(await held(user)).toEqual({ counted: 30, waiting: 30 });

    // C is placed by a newer process, then B cancelled by an older one: still counted.
    const c = await place(user, forC ?? '', 40);
    expect(await held(user)).toEqual({ counted: 70, waiting: 70 });
    expect(await settleUnpaid(ts.server.context, b.placed.order.id, 'cancelled')).toBe('done');
    await asAnOlderProcessLeftIt(user, 30);
    expect(await held(user)).toEqual({ counted: 70, waiting: 40 });
    await expect(givePoints(ts, user, MAX_BALANCE - 950)).rejects.toMatchObject(refusedAtTheCap);

    // C is paid another amount: owed back, its points too, and nothing is held any more.
    const mismatch = await deliver(
      stripe.signedEvent('checkout.session.completed', { ...c.session, amount_total: 1 }),
    );
    expect(mismatch.json).toEqual({ received: true, outcome: 'refund_owed' });
    expect(await held(user)).toEqual({ counted: 0, waiting: 0 });
    expect((await checkedWallet(ts, user)).balance).toBe(950);
    await givePoints(ts, user, MAX_BALANCE - 950);
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE);
  });

  it('stops counting an order an older process settled at the user’s next order', async () => {
    const user = await newUser(ts);
    const [forA, forB] = await products(2);
    await givePoints(ts, user, 1000);
    // A is placed, then expired by an older process: its points are back, still counted held.
    const a = await place(user, forA ?? '', 50);
    expect(await settleUnpaid(ts.server.context, a.placed.order.id, 'expired')).toBe('done');
    await asAnOlderProcessLeftIt(user, 50);
    expect(await held(user)).toEqual({ counted: 50, waiting: 0 });
    await expect(givePoints(ts, user, MAX_BALANCE - 1000)).rejects.toMatchObject(refusedAtTheCap);

    // The user's next order, placed by a newer process, counts only what is waiting.
    const b = await place(user, forB ?? '', 20);
    expect(await held(user)).toEqual({ counted: 20, waiting: 20 });
    // Paid: nothing held any more, and the cap is reachable.
    const captured = await deliver(stripe.signedEvent('checkout.session.completed', b.session));
    expect(captured.json).toEqual({ received: true, outcome: 'done' });
    expect(await held(user)).toEqual({ counted: 0, waiting: 0 });
    await givePoints(ts, user, MAX_BALANCE - 980);
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE);
  });
});
