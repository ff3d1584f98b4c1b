import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRY_GRACE_MS } from '../../../server/services/order-settle';
import { givePoints, publishProduct } from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import type { StripeStandIn } from '../../fixtures/stripe-stand-in';
import { startStripeStandIn } from '../../fixtures/stripe-stand-in';
import { deliverStripeEvent, placeStripeOrder } from '../../fixtures/stripe-orders';

describe.each(ENGINES)('the order history (GET /v1/orders) on %s', (engine) => {
  let ts: TestServer;
  let stripe: StripeStandIn;
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    ts = await startTestServer(engine, { payments: stripe.provider() });
  });
  afterAll(async () => {
    await ts?.close();
    await stripe?.close();
  });

  async function place(user: TestUser, priceCents: number, pointsToUse: number) {
    const title = `History ${randomUUID().slice(0, 8)}`;
    const product = await publishProduct(ts, { priceCents, title });
    const { placed, session } = await placeStripeOrder(
      ts,
      stripe,
      user,
      product.contentIds[0] ?? '',
      pointsToUse,
    );
    return { order: placed.order, session, title };
  }

  async function deliver(type: string, session: Parameters<StripeStandIn['signedEvent']>[1]) {
    const answer = await deliverStripeEvent(ts, stripe.signedEvent(type, session));
    expect(answer.json).toEqual({ received: true, outcome: 'done' });
  }

  it("lists the caller's orders newest first, with the amounts and states the server holds", async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 500);
    const paid = await place(user, 1299, 0);
    const cancelled = await place(user, 800, 300);
    const overdue = await place(user, 450, 0);
    const waiting = await place(user, 2000, 200);
    await deliver('checkout.session.completed', paid.session);
    await deliver('checkout.session.expired', cancelled.session);

    // Nobody else sees them.
    const other = await newUser(ts);
    expect(await ok(ts.url, 'listOrders', { token: other.token, query: {} })).toEqual({
      orders: [],
    });

    // The history reads exactly what GET /orders/:id answers for each, plus the title.
    const history = (await ok(ts.url, 'listOrders', { token: user.token, query: {} })).orders;
    const expected = [waiting, overdue, cancelled, paid];
    expect(history.map((o) => o.id)).toEqual(expected.map((p) => p.order.id));
    for (const [i, item] of history.entries()) {
      const single = await ok(ts.url, 'getOrder', {
        token: user.token,
        params: { orderId: item.id },
      });
      expect(item).toEqual({ ...single, title: expected[i]?.title });
    }
    expect(
      history.map((o) => [o.state, o.moneyDueCents, o.pointsHeld, o.currency, o.testPayment]),
    ).toEqual([
      ['awaiting_payment', 1800, 200, 'usd', false],
      ['awaiting_payment', 450, 0, 'usd', false],
      ['cancelled', 500, 300, 'usd', false],
      ['paid', 1299, 0, 'usd', false],
    ]);
    expect(history[3]?.licenseId).not.toBeNull();
    expect(
      (await ok(ts.url, 'listOrders', { token: user.token, query: { limit: 2 } })).orders,
    ).toHaveLength(2);

    // Past their time (and the grace), waiting orders are listed as expired, their points back.
    ts.clockOffset.ms = ts.server.context.limits.orderTtlMs + EXPIRY_GRACE_MS + 1000;
    try {
      const later = (await ok(ts.url, 'listOrders', { token: user.token, query: {} })).orders;
      expect(later.map((o) => o.state)).toEqual(['expired', 'expired', 'cancelled', 'paid']);
      expect((await ok(ts.url, 'wallet', { token: user.token })).balance).toBe(500);
    } finally {
      ts.clockOffset.ms = 0;
    }
  });
});
