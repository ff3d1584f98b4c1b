import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderPlaced } from '../../../shared/api/orders';
import { isBought } from '../../../shared/api/purchases';
import { MAX_BALANCE } from '../../../shared/api/common';
import { STRIPE_WEBHOOK_PATH } from '../../../shared/api/payments';
import type { AppError } from '../../../shared/errors';
import {
  EXPIRY_GRACE_MS,
  SETTLING_PAYMENT_MS,
  expireOverdueOrders,
} from '../../../server/services/order-settle';
import {
  BUYBACK_ONLY,
  attemptReturn,
  bought,
  buy,
  givePoints,
  publishProduct,
  returnLicense,
  checkedWallet,
} from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, http, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import type { StripeStandIn } from '../../fixtures/stripe-stand-in';
import { startStripeStandIn } from '../../fixtures/stripe-stand-in';
import { deliverStripeEvent, placeStripeOrder } from '../../fixtures/stripe-orders';

function order(body: unknown): OrderPlaced {
  const placed = body as OrderPlaced;
  if (!placed.order || 'license' in placed) throw new Error('expected an order');
  return placed;
}

describe.each(ENGINES)('orders with the test provider on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine);
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('a money purchase is an order captured at once, marked as a test payment', async () => {
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 499, policy: BUYBACK_ONLY });
    const first = await call(ts.url, 'purchase', {
      token: user.token,
      body: {
        contentId: product.contentIds[0] ?? '',
        pointsToUse: 0,
        idempotencyKey: randomUUID(),
      },
    });
    expect(first.status).toBe(201);
    const purchase = bought(first.body);
    expect(purchase.purchase).toMatchObject({
      moneyPaidCents: 499,
      pointsUsed: 0,
      paymentProvider: 'test',
    });
    const orderId = purchase.purchase.orderId ?? '';
    const read = await ok(ts.url, 'getOrder', { token: user.token, params: { orderId } });
    expect(read).toMatchObject({
      state: 'paid',
      provider: 'test',
      testPayment: true,
      moneyDueCents: 499,
      purchaseId: purchase.purchase.id,
      licenseId: purchase.license.licenseId,
      checkoutUrl: null,
    });
    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });
    expect(feed.events.map((e) => e.type)).toEqual([
      'order.changed',
      'license.issued',
      'order.changed',
    ]);
  });

  it('buy → buyback loops only ever return less than was paid', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 1000);
    let spent = 0;
    for (let i = 0; i < 5; i++) {
      const product = await publishProduct(ts, { priceCents: 499, policy: BUYBACK_ONLY });
      const pointsToUse = Math.min(
        (await ok(ts.url, 'wallet', { token: user.token })).balance,
        499,
      );
      const purchase = await buy(ts, user, product.contentIds[0] ?? '', pointsToUse);
      spent += 499;
      const receipt = await returnLicense(ts, user, purchase.license.licenseId);
      expect(receipt.privilege).toEqual({ type: 'points', points: 249 });
    }
    const wallet = await checkedWallet(ts, user);
    // 1,000 granted + 5 × 249 back for 5 × 499 paid (money captured + points spent).
    expect(wallet.balance).toBeLessThan(1000 + spent);
    expect(wallet.entries.filter((e) => e.reason === 'buyback')).toHaveLength(5);
  });

  it('a grant or a buyback past the maximum balance is refused and stores nothing', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, MAX_BALANCE - 100);
    await expect(givePoints(ts, user, 101)).rejects.toMatchObject({
      code: 'BALANCE_LIMIT_REACHED',
    } satisfies Partial<AppError>);
    const product = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY });
    const purchase = await buy(ts, user, product.contentIds[0] ?? '');
    const refused = await attemptReturn(ts, user, purchase.license.licenseId);
    expect(refused.status).toBe(422);
    expect(refused.answer.json).toMatchObject({ code: 'BALANCE_LIMIT_REACHED' });
    const wallet = await checkedWallet(ts, user);
    expect(wallet.balance).toBe(MAX_BALANCE - 100);
    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toHaveLength(1);
  });

  it('amounts are 64-bit and read back as exact numbers', async () => {
    const db = ts.server.context.db;
    const big = await sql<{ n: number }>`select cast(5000000000 as bigint) as n`.execute(db);
    expect(big.rows[0]?.n).toBe(5_000_000_000);
    if (engine === 'postgres') {
      const types = await sql<{ table_name: string; column_name: string; data_type: string }>`
        select table_name, column_name, data_type from information_schema.columns
        where (table_name, column_name) in (('users', 'balance'), ('ledger', 'delta'),
          ('purchases', 'money_paid_cents'), ('returns', 'points'), ('orders', 'points_held'))`.execute(
        db,
      );
      expect(types.rows.map((r) => r.data_type)).toEqual(Array(5).fill('bigint'));
      // Past 2^53 a number would be rounded: the query fails instead.
      await expect(sql`select cast(9007199254740993 as bigint) as n`.execute(db)).rejects.toThrow(
        /safe integer/,
      );
    }
  });
});

describe.each(ENGINES)('orders paid through Stripe (local stand-in) on %s', (engine) => {
  let ts: TestServer;
  let stripe: StripeStandIn;
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    // Refunds owed stay pending (refunds.test.ts runs the worker): the feeds here stay as seen.
    ts = await startTestServer(engine, {
      payments: stripe.provider(),
      refunds: { enabled: false },
    });
  });
  afterAll(async () => {
    await ts?.close();
    await stripe?.close();
  });

  const place = (user: TestUser, contentId: string, pointsToUse = 0, key = randomUUID()) =>
    placeStripeOrder(ts, stripe, user, contentId, pointsToUse, key);
  const deliver = (event: { body: string; signature: string }) => deliverStripeEvent(ts, event);

  async function licenses(user: TestUser) {
    return (await ok(ts.url, 'listLicenses', { token: user.token })).licenses;
  }

  it('no license without a verified capture; 20 concurrent deliveries capture once', async () => {
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 499, policy: BUYBACK_ONLY });
    const contentId = product.contentIds[0] ?? '';
    const { placed, session, key } = await place(user, contentId);
    expect(placed.order).toMatchObject({
      state: 'awaiting_payment',
      provider: 'stripe',
      testPayment: false,
      moneyDueCents: 499,
      checkoutUrl: session.url,
      licenseId: null,
    });
    expect(session).toMatchObject({ amount_total: 499, currency: 'usd', mode: 'payment' });
    expect(session.success_url).toContain(placed.order.id);
    expect(await licenses(user)).toEqual([]);

    // The same key again: the same order, 200.
    const again = await call(ts.url, 'purchase', {
      token: user.token,
      body: { contentId, pointsToUse: 0, idempotencyKey: key },
    });
    expect(again.status).toBe(200);
    expect(order(again.body).order.id).toBe(placed.order.id);
    // Another order for the same content while this one waits: refused.
    const second = await call(ts.url, 'purchase', {
      token: user.token,
      body: { contentId, pointsToUse: 0, idempotencyKey: randomUUID() },
    });
    expect(second.answer.json).toMatchObject({ code: 'ORDER_PENDING' });

    // Forged (wrong secret), stale (10 minutes old), unsigned, wrong amount: nothing changes.
    const forged = await deliver(
      stripe.signedEvent('checkout.session.completed', session, { secret: 'whsec_forged' }),
    );
    expect(forged.status).toBe(400);
    const stale = await deliver(
      stripe.signedEvent('checkout.session.completed', session, {
        timestamp: Math.floor(Date.now() / 1000) - 600,
      }),
    );
    expect(stale.status).toBe(400);
    const valid = stripe.signedEvent('checkout.session.completed', session);
    const tampered = await deliver({
      body: valid.body.replace('499', '1'),
      signature: valid.signature,
    });
    expect(tampered.status).toBe(400);
    const unsigned = await http(ts.url, 'POST', STRIPE_WEBHOOK_PATH, {
      rawBody: valid.body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(400);
    // (A verified payment of another amount on this checkout is refunded: refunds.test.ts.)
    const unknown = await deliver(
      stripe.signedEvent('checkout.session.completed', {
        ...session,
        client_reference_id: randomUUID(),
      }),
    );
    expect(unknown.json).toEqual({ received: true, outcome: 'unknown_order' });
    expect(await licenses(user)).toEqual([]);
    expect(
      (await ok(ts.url, 'getOrder', { token: user.token, params: { orderId: placed.order.id } }))
        .state,
    ).toBe('awaiting_payment');

    const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(valid)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const outcomes = answers.map((a) => (a.json as { outcome: string }).outcome);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);

    const held = await licenses(user);
    expect(held).toHaveLength(1);
    const paid = await ok(ts.url, 'getOrder', {
      token: user.token,
      params: { orderId: placed.order.id },
    });
    expect(paid).toMatchObject({ state: 'paid', licenseId: held[0]?.licenseId, checkoutUrl: null });
    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });
    expect(feed.events.filter((e) => e.type === 'license.issued')).toHaveLength(1);
    // A replay of the key now answers the purchase, with the money Stripe captured.
    const replay = await call(ts.url, 'purchase', {
      token: user.token,
      body: { contentId, pointsToUse: 0, idempotencyKey: key },
    });
    expect(replay.status).toBe(200);
    expect(isBought(replay.body) && replay.body.purchase).toMatchObject({
      moneyPaidCents: 499,
      paymentProvider: 'stripe',
      orderId: placed.order.id,
    });
    // The buyback is priced from what was captured.
    const receipt = await returnLicense(ts, user, held[0]?.licenseId ?? '');
    expect(receipt.privilege).toEqual({ type: 'points', points: 249 });
  });

  it('held points come back when the checkout expires or the order times out', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 300);
    const a = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY });
    const b = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY });
    const first = await place(user, a.contentIds[0] ?? '', 200);
    expect(first.placed).toMatchObject({
      balance: 100,
      order: { pointsHeld: 200, moneyDueCents: 800 },
    });
    const expired = await deliver(stripe.signedEvent('checkout.session.expired', first.session));
    expect(expired.json).toEqual({ received: true, outcome: 'done' });
    const cancelled = await ok(ts.url, 'getOrder', {
      token: user.token,
      params: { orderId: first.placed.order.id },
    });
    expect(cancelled.state).toBe('cancelled');
    expect((await checkedWallet(ts, user)).balance).toBe(300);
    // Paid after it was cancelled: no license, the payment is owed back, no points twice.
    const late = await deliver(stripe.signedEvent('checkout.session.completed', first.session));
    expect(late.json).toEqual({ received: true, outcome: 'refund_owed' });
    expect((await checkedWallet(ts, user)).balance).toBe(300);

    const second = await place(user, b.contentIds[0] ?? '', 300);
    expect((await ok(ts.url, 'wallet', { token: user.token })).balance).toBe(0);
    ts.clockOffset.ms = ts.server.context.limits.orderTtlMs + EXPIRY_GRACE_MS + 1000;
    try {
      expect(await expireOverdueOrders(ts.server.context)).toBeGreaterThanOrEqual(1);
    } finally {
      ts.clockOffset.ms = 0;
    }
    const timedOut = await ok(ts.url, 'getOrder', {
      token: user.token,
      params: { orderId: second.placed.order.id },
    });
    expect(timedOut.state).toBe('expired');
    const wallet = await checkedWallet(ts, user);
    expect(wallet.balance).toBe(300);
    expect(wallet.entries.filter((e) => e.reason === 'refund').map((e) => e.delta)).toEqual([
      300, 200,
    ]);
    expect(await licenses(user)).toEqual([]);
    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });
    expect(feed.events.flatMap((e) => (e.type === 'order.changed' ? [e.order.state] : []))).toEqual(
      ['awaiting_payment', 'cancelled', 'refund_pending', 'awaiting_payment', 'expired'],
    );
  });

  it('a payment that settles later (a bank debit) keeps its order waiting past its checkout, then pays it', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 100);
    const product = await publishProduct(ts, { priceCents: 700, policy: BUYBACK_ONLY });
    const contentId = product.contentIds[0] ?? '';
    const { placed, session } = await place(user, contentId, 100);
    const ttl = ts.server.context.limits.orderTtlMs;
    // The buyer finished the checkout; the money is on its way (payment_status unpaid).
    const completed = stripe.signedEvent('checkout.session.completed', session, { paid: false });
    expect((await deliver(completed)).json).toEqual({ received: true, outcome: 'done' });
    expect((await deliver(completed)).json).toEqual({ received: true, outcome: 'duplicate' });
    const settling = await ok(ts.url, 'getOrder', {
      token: user.token,
      params: { orderId: placed.order.id },
    });
    expect(placed.order).toMatchObject({ paymentSettling: false });
    expect(settling).toMatchObject({
      state: 'awaiting_payment',
      checkoutUrl: null,
      paymentSettling: true,
    });
    expect(Date.parse(settling.expiresAt) - Date.now()).toBeGreaterThan(
      SETTLING_PAYMENT_MS - 60_000,
    );
    // Past the checkout's own time (and the grace): not expired, its points still held.
    ts.clockOffset.ms = ttl + EXPIRY_GRACE_MS + 60_000;
    try {
      await expireOverdueOrders(ts.server.context);
    } finally {
      ts.clockOffset.ms = 0;
    }
    expect(
      (await ok(ts.url, 'getOrder', { token: user.token, params: { orderId: placed.order.id } }))
        .state,
    ).toBe('awaiting_payment');
    expect((await checkedWallet(ts, user)).balance).toBe(0);
    // Days later the bank debit clears: the order is paid and the license issued, no refund.
    const cleared = stripe.signedEvent('checkout.session.async_payment_succeeded', session, {
      paid: true,
    });
    expect((await deliver(cleared)).json).toEqual({ received: true, outcome: 'done' });
    expect(
      (await ok(ts.url, 'getOrder', { token: user.token, params: { orderId: placed.order.id } }))
        .state,
    ).toBe('paid');
    expect(await licenses(user)).toHaveLength(1);
    expect((await checkedWallet(ts, user)).balance).toBe(0);
  });

  it('a payment that settles later and then fails cancels its order and gives the points back once', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 100);
    const product = await publishProduct(ts, { priceCents: 700, policy: BUYBACK_ONLY });
    const { placed, session } = await place(user, product.contentIds[0] ?? '', 100);
    const completed = stripe.signedEvent('checkout.session.completed', session, { paid: false });
    expect((await deliver(completed)).json).toEqual({ received: true, outcome: 'done' });
    const failed = stripe.signedEvent('checkout.session.async_payment_failed', session);
    expect((await deliver(failed)).json).toEqual({ received: true, outcome: 'done' });
    expect((await deliver(failed)).json).toEqual({ received: true, outcome: 'duplicate' });
    expect(
      await ok(ts.url, 'getOrder', { token: user.token, params: { orderId: placed.order.id } }),
    ).toMatchObject({ state: 'cancelled', paymentSettling: true });
    const wallet = await checkedWallet(ts, user);
    expect(wallet.balance).toBe(100);
    expect(wallet.entries.filter((e) => e.reason === 'refund').map((e) => e.delta)).toEqual([100]);
    expect(await licenses(user)).toEqual([]);
  });

  it('a checkout Stripe cannot start cancels the order and gives the points back', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 50);
    const product = await publishProduct(ts, { priceCents: 200, policy: BUYBACK_ONLY });
    stripe.failNext(5);
    const answer = await call(ts.url, 'purchase', {
      token: user.token,
      body: {
        contentId: product.contentIds[0] ?? '',
        pointsToUse: 50,
        idempotencyKey: randomUUID(),
      },
    });
    stripe.failNext(0);
    expect(answer.status).toBe(502);
    expect(answer.answer.json).toMatchObject({ code: 'PAYMENT_PROVIDER_FAILED' });
    expect((await checkedWallet(ts, user)).balance).toBe(50);
    expect(await licenses(user)).toEqual([]);
  });
});
