import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BALANCE } from '../../../shared/api/common';
import type { AppError } from '../../../shared/errors';
import { EXPIRY_GRACE_MS, expireOverdueOrders } from '../../../server/services/order-settle';
import {
  BUYBACK_ONLY,
  attemptReturn,
  buy,
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
 * docs/design.md §4.1: points an order holds while it waits for payment count against
 * MAX_BALANCE, so giving them back when the order is not paid never takes the balance past it.
 */
describe.each(ENGINES)('the balance cap counts the points waiting orders hold on %s', (engine) => {
  let ts: TestServer;
  let stripe: StripeStandIn;
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    // Refunds owed stay pending: only the points matter here.
    ts = await startTestServer(engine, {
      payments: stripe.provider(),
      refunds: { enabled: false },
    });
  });
  afterAll(async () => {
    await ts?.close();
    await stripe?.close();
  });

  const place = (user: TestUser, contentId: string, pointsToUse: number) =>
    placeStripeOrder(ts, stripe, user, contentId, pointsToUse);
  const deliver = (event: { body: string; signature: string }) => deliverStripeEvent(ts, event);

  /** The points the user's row counts as held by waiting orders. */
  async function heldOf(user: TestUser): Promise<number> {
    const found = await sql<{ held: number | string }>`select points_held as held from users
      where id = ${user.id}`.execute(ts.server.context.db);
    return Number(found.rows[0]?.held);
  }

  it('refuses a return that fits the balance but not the points held too; the held points come back within the cap', async () => {
    const user = await newUser(ts);
    const kept = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY });
    const ordered = await publishProduct(ts, { priceCents: 2000, policy: BUYBACK_ONLY });
    await givePoints(ts, user, MAX_BALANCE - 2000);
    // Bought with points alone, at once: its buyback grants 500.
    const { license } = await buy(ts, user, kept.contentIds[0] ?? '', 1000);
    const { placed } = await place(user, ordered.contentIds[0] ?? '', 1500);
    expect(placed.balance).toBe(MAX_BALANCE - 4500);
    expect(await heldOf(user)).toBe(1500);
    // Up to 200 short of the cap with the points held: a grant past it is refused.
    await givePoints(ts, user, 2800);
    await expect(givePoints(ts, user, 201)).rejects.toMatchObject(refusedAtTheCap);

    const before = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });
    // 500 back would leave the balance at MAX_BALANCE - 1200, but MAX_BALANCE + 300 once the
    // order's 1,500 points come back.
    const refused = await attemptReturn(ts, user, license.licenseId);
    expect(refused.status).toBe(422);
    expect(refused.answer.json).toMatchObject(refusedAtTheCap);
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE - 1700);
    expect(await heldOf(user)).toBe(1500);
    const licenses = (await ok(ts.url, 'listLicenses', { token: user.token })).licenses;
    expect(licenses.map((l) => l.licenseId)).toEqual([license.licenseId]);
    const unchanged = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });
    expect(unchanged.lastSeq).toBe(before.lastSeq);

    // The order is not paid in time: its points come back, and the balance stays within the cap.
    ts.clockOffset.ms = ts.server.context.limits.orderTtlMs + EXPIRY_GRACE_MS + 1000;
    try {
      expect(await expireOverdueOrders(ts.server.context)).toBeGreaterThanOrEqual(1);
    } finally {
      ts.clockOffset.ms = 0;
    }
    const order = await ok(ts.url, 'getOrder', {
      token: user.token,
      params: { orderId: placed.order.id },
    });
    expect(order.state).toBe('expired');
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE - 200);
    expect(await heldOf(user)).toBe(0);
    // The app reads its sync page with the contract's schema (`ok` parses it): the event that
    // gives the points back carries a balance the schema accepts.
    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: before.lastSeq } });
    expect(feed.events.map((e) => e.type)).toEqual(['order.changed', 'wallet.changed']);
    expect(feed.events[1]).toMatchObject({ type: 'wallet.changed', balance: MAX_BALANCE - 200 });
  });

  it('counts an order’s points until it is cancelled, owed back or paid', async () => {
    const user = await newUser(ts);
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(() => publishProduct(ts, { priceCents: 1500, policy: BUYBACK_ONLY })),
    );
    await givePoints(ts, user, MAX_BALANCE - 3000);
    const cancelled = await place(user, a?.contentIds[0] ?? '', 1000);
    const owedBack = await place(user, b?.contentIds[0] ?? '', 1000);
    const paid = await place(user, c?.contentIds[0] ?? '', 1000);
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE - 6000);
    expect(await heldOf(user)).toBe(3000);
    await expect(givePoints(ts, user, 3001)).rejects.toMatchObject(refusedAtTheCap);
    await givePoints(ts, user, 3000);

    // The checkout expired: cancelled, its points back.
    const expired = await deliver(
      stripe.signedEvent('checkout.session.expired', cancelled.session),
    );
    expect(expired.json).toEqual({ received: true, outcome: 'done' });
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE - 2000);
    expect(await heldOf(user)).toBe(2000);

    // Paid another amount than the order's: the payment is owed back, and the points too.
    const mismatch = await deliver(
      stripe.signedEvent('checkout.session.completed', { ...owedBack.session, amount_total: 1 }),
    );
    expect(mismatch.json).toEqual({ received: true, outcome: 'refund_owed' });
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE - 1000);
    expect(await heldOf(user)).toBe(1000);

    // Paid: the points held are spent, no longer counted, so the cap is reachable again.
    const captured = await deliver(stripe.signedEvent('checkout.session.completed', paid.session));
    expect(captured.json).toEqual({ received: true, outcome: 'done' });
    expect(await heldOf(user)).toBe(0);
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE - 1000);
    await givePoints(ts, user, 1000);
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE);
  });
});
