import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXPIRY_GRACE_MS, expireOverdueOrders } from '../../../server/services/order-settle';
import { DEFAULT_REFUND_POLICY, sendDueRefunds } from '../../../server/services/refunds';
import {
  BUYBACK_ONLY,
  UPGRADE_POLICY,
  buy,
  givePoints,
  publishProduct,
  returnLicense,
  checkedWallet,
} from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import type { StandInSession, StripeStandIn } from '../../fixtures/stripe-stand-in';
import { startStripeStandIn } from '../../fixtures/stripe-stand-in';
import { deliverStripeEvent, placeStripeOrder } from '../../fixtures/stripe-orders';

/** One pass of a server's refund worker, run by the test instead of its timer. */
const refundPass = (ts: TestServer) => sendDueRefunds(ts.server.context, DEFAULT_REFUND_POLICY);

/**
 * No route takes an item out of the catalog; an operator would delete its row. Foreign keys are
 * set aside for that one statement (orders and purchases still name the content).
 */
async function removeFromCatalog(ts: TestServer, contentId: string): Promise<void> {
  const { db, engine } = ts.server.context;
  if (engine === 'sqlite') {
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      await sql`delete from contents where id = ${contentId}`.execute(db);
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
    return;
  }
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`delete from contents where id = ${contentId}`.execute(tx);
  });
}

describe.each(ENGINES)('refunds of payments that cannot be used, on %s', (engine) => {
  let ts: TestServer;
  let stripe: StripeStandIn;
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    // The worker's passes are run by the tests (refundPass), so each step is seen in order.
    ts = await startTestServer(engine, {
      payments: stripe.provider(),
      refunds: { enabled: false },
    });
  });
  afterAll(async () => {
    await ts?.close();
    await stripe?.close();
  });

  const deliver = (event: { body: string; signature: string }) => deliverStripeEvent(ts, event);
  const getOrder = (user: TestUser, orderId: string) =>
    ok(ts.url, 'getOrder', { token: user.token, params: { orderId } });
  const refundsOf = (session: StandInSession) =>
    [...stripe.refunds.values()].filter((r) => r.payment_intent === session.payment_intent);
  const refundRequests = (orderId: string) =>
    stripe.requests.filter(
      (r) => r.path === '/v1/refunds' && r.form['metadata[orderId]'] === orderId,
    );
  const refundLists = (session: StandInSession) =>
    stripe.requests.filter(
      (r) =>
        r.method === 'GET' &&
        r.path === '/v1/refunds' &&
        r.form.payment_intent === session.payment_intent,
    );
  async function orderEvents(user: TestUser, orderId: string) {
    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });
    return feed.events.flatMap((e) =>
      e.type === 'order.changed' && e.order.id === orderId ? [e.order] : [],
    );
  }
  /** A Stripe order the buyer's own checkout closed before the payment landed. */
  async function cancelledOrder(user: TestUser, priceCents = 600) {
    const product = await publishProduct(ts, { priceCents, policy: BUYBACK_ONLY });
    const placed = await placeStripeOrder(ts, stripe, user, product.contentIds[0] ?? '');
    const closed = await deliver(stripe.signedEvent('checkout.session.expired', placed.session));
    expect(closed.json).toEqual({ received: true, outcome: 'done' });
    return placed;
  }

  it('a late async payment after expiry is refunded once, for its PaymentIntent and amount', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 300);
    const product = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY });
    const { placed, session } = await placeStripeOrder(
      ts,
      stripe,
      user,
      product.contentIds[0] ?? '',
      200,
    );
    const orderId = placed.order.id;
    ts.clockOffset.ms = ts.server.context.limits.orderTtlMs + EXPIRY_GRACE_MS + 1000;
    try {
      expect(await expireOverdueOrders(ts.server.context)).toBeGreaterThanOrEqual(1);
    } finally {
      ts.clockOffset.ms = 0;
    }
    expect((await checkedWallet(ts, user)).balance).toBe(300);

    const late = stripe.signedEvent('checkout.session.async_payment_succeeded', session, {
      paid: true,
    });
    expect((await deliver(late)).json).toEqual({ received: true, outcome: 'refund_owed' });
    expect(await getOrder(user, orderId)).toMatchObject({
      state: 'refund_pending',
      refund: { amountCents: 800, currency: 'usd' },
      licenseId: null,
    });
    // The same event again, and another event about the same payment: nothing more is owed.
    expect((await deliver(late)).json).toEqual({ received: true, outcome: 'duplicate' });
    const again = stripe.signedEvent('checkout.session.completed', session);
    expect((await deliver(again)).json).toEqual({ received: true, outcome: 'not_applicable' });

    expect(await refundPass(ts)).toBe(1);
    expect(await refundPass(ts)).toBe(0);
    expect(refundsOf(session)).toEqual([
      expect.objectContaining({ payment_intent: session.payment_intent, amount: 800 }),
    ]);
    expect(refundRequests(orderId).map((r) => r.idempotencyKey)).toEqual([`refund-${orderId}`]);

    expect(await getOrder(user, orderId)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 800, currency: 'usd' },
    });
    const history = await ok(ts.url, 'listOrders', { token: user.token });
    expect(history.orders.find((o) => o.id === orderId)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 800, currency: 'usd' },
    });
    const events = await orderEvents(user, orderId);
    expect(events.map((o) => [o.state, o.refund])).toEqual([
      ['awaiting_payment', null],
      ['expired', null],
      ['refund_pending', { amountCents: 800, currency: 'usd' }],
      ['refunded', { amountCents: 800, currency: 'usd' }],
    ]);
    // The held points came back once, when the order expired; the late payment gave none more.
    const after = await checkedWallet(ts, user);
    expect(after.balance).toBe(300);
    expect(after.entries.filter((e) => e.reason === 'refund').map((e) => e.delta)).toEqual([200]);
    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toEqual([]);
  });

  it.each(['error_500', 'drop_after_refund'] as const)(
    'after a refund call that fails (%s) the next attempt looks first, then makes one with a new key only if none stands: one refund',
    async (how) => {
      const user = await newUser(ts);
      const { placed, session } = await cancelledOrder(user);
      const orderId = placed.order.id;
      expect(
        (await deliver(stripe.signedEvent('checkout.session.completed', session))).json,
      ).toEqual({ received: true, outcome: 'refund_owed' });
      // Two: the SDK tries once more by itself before the worker sees the failure.
      stripe.failNextRefunds(2, how);
      expect(await refundPass(ts)).toBe(0);
      expect((await getOrder(user, orderId)).state).toBe('refund_pending');
      expect(refundsOf(session)).toHaveLength(how === 'drop_after_refund' ? 1 : 0);
      // Not due before its backoff; due after it.
      expect(await refundPass(ts)).toBe(0);
      ts.clockOffset.ms = DEFAULT_REFUND_POLICY.backoff.baseMs + 1000;
      try {
        expect(await refundPass(ts)).toBe(1);
      } finally {
        ts.clockOffset.ms = 0;
      }
      expect(refundsOf(session)).toEqual([
        expect.objectContaining({ payment_intent: session.payment_intent, amount: 600 }),
      ]);
      // Stripe keeps a key's 500 for 24 hours: the same key again would get it again. After the
      // 500 nothing stands, so the next attempt makes the refund under a new key; after the lost
      // answer the refund made is found and adopted, and no other is asked for.
      const keys = refundRequests(orderId).map((r) => r.idempotencyKey);
      expect(keys).toEqual(
        how === 'error_500'
          ? [`refund-${orderId}`, `refund-${orderId}`, `refund-${orderId}-2`]
          : [`refund-${orderId}`, `refund-${orderId}`],
      );
      expect(refundLists(session)).toHaveLength(1);
      expect(await getOrder(user, orderId)).toMatchObject({
        state: 'refunded',
        refund: { amountCents: 600, currency: 'usd' },
      });
    },
  );

  it('a payment for content the buyer came to hold meanwhile is refunded, points back once', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 1000 + 150);
    const product = await publishProduct(ts, {
      versions: 2,
      priceCents: 1000,
      policy: UPGRADE_POLICY,
    });
    const [v1, v2] = product.contentIds as [string, string];
    const held = await buy(ts, user, v1, 1000);
    const { placed, session } = await placeStripeOrder(ts, stripe, user, v2, 150);
    // The upgrade trade-in of version 1 gives a license for version 2 while its order waits.
    await returnLicense(ts, user, held.license.licenseId, { kind: 'trade_in' });
    const licenses = (await ok(ts.url, 'listLicenses', { token: user.token })).licenses;
    expect(licenses.map((l) => l.content.contentId)).toEqual([v2]);
    expect((await checkedWallet(ts, user)).balance).toBe(0);

    const paid = await deliver(stripe.signedEvent('checkout.session.completed', session));
    expect(paid.json).toEqual({ received: true, outcome: 'refund_owed' });
    expect(await getOrder(user, placed.order.id)).toMatchObject({
      state: 'refund_pending',
      refund: { amountCents: 850, currency: 'usd' },
    });
    // The order was still waiting: its 150 points come back now, once.
    const after = await checkedWallet(ts, user);
    expect(after.balance).toBe(150);
    expect(after.entries.filter((e) => e.reason === 'refund').map((e) => e.delta)).toEqual([150]);
    expect(await refundPass(ts)).toBe(1);
    expect(refundsOf(session)).toEqual([expect.objectContaining({ amount: 850 })]);
    expect((await getOrder(user, placed.order.id)).state).toBe('refunded');
    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toHaveLength(1);
  });

  it('a payment for content gone from the catalog is refunded', async () => {
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 700, policy: BUYBACK_ONLY });
    const contentId = product.contentIds[0] ?? '';
    const { placed, session } = await placeStripeOrder(ts, stripe, user, contentId);
    await removeFromCatalog(ts, contentId);
    const paid = await deliver(stripe.signedEvent('checkout.session.completed', session));
    expect(paid.json).toEqual({ received: true, outcome: 'refund_owed' });
    expect(await refundPass(ts)).toBe(1);
    expect(refundsOf(session)).toEqual([expect.objectContaining({ amount: 700 })]);
    expect(await getOrder(user, placed.order.id)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 700, currency: 'usd' },
    });
    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toEqual([]);
  });

  it('a payment on the order’s checkout for another amount is refunded whole; another checkout’s is not ours', async () => {
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 499, policy: BUYBACK_ONLY });
    const { placed, session } = await placeStripeOrder(
      ts,
      stripe,
      user,
      product.contentIds[0] ?? '',
    );
    const foreign = await deliver(
      stripe.signedEvent('checkout.session.completed', {
        ...session,
        id: 'cs_test_someone_elses',
        payment_intent: 'pi_test_someone_elses',
      }),
    );
    expect(foreign.json).toEqual({ received: true, outcome: 'not_applicable' });
    expect((await getOrder(user, placed.order.id)).state).toBe('awaiting_payment');
    expect(await refundPass(ts)).toBe(0);

    const cheap = await deliver(
      stripe.signedEvent('checkout.session.completed', { ...session, amount_total: 1 }),
    );
    expect(cheap.json).toEqual({ received: true, outcome: 'refund_owed' });
    expect(await refundPass(ts)).toBe(1);
    expect(refundsOf(session)).toEqual([expect.objectContaining({ amount: 499 })]);
    expect(stripe.refunds.size).toBeGreaterThan(0);
    expect([...stripe.refunds.values()].map((r) => r.payment_intent)).not.toContain(
      'pi_test_someone_elses',
    );
    // What the order shows is what Stripe gave back: the whole payment.
    expect(await getOrder(user, placed.order.id)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 499, currency: 'usd' },
    });
  });
});

describe.each(ENGINES)('the refund worker on the server’s timer, on %s', (engine) => {
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

  it('a refund owed is sent without anyone asking', async () => {
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 450, policy: BUYBACK_ONLY });
    const { placed, session } = await placeStripeOrder(
      ts,
      stripe,
      user,
      product.contentIds[0] ?? '',
    );
    await deliverStripeEvent(ts, stripe.signedEvent('checkout.session.expired', session));
    const paid = await deliverStripeEvent(
      ts,
      stripe.signedEvent('checkout.session.completed', session),
    );
    expect(paid.json).toEqual({ received: true, outcome: 'refund_owed' });
    await vi.waitFor(
      async () => {
        const order = await ok(ts.url, 'getOrder', {
          token: user.token,
          params: { orderId: placed.order.id },
        });
        expect(order.state).toBe('refunded');
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(
      [...stripe.refunds.values()].filter((r) => r.payment_intent === session.payment_intent),
    ).toHaveLength(1);
  });
});

describe.runIf(ENGINES.includes('postgres'))('two server processes on one PostgreSQL', () => {
  let first: TestServer;
  let second: TestServer;
  let stripe: StripeStandIn;
  let secondDir: string;
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    first = await startTestServer('postgres', {
      payments: stripe.provider(),
      refunds: { enabled: false },
    });
    secondDir = mkdtempSync(join(tmpdir(), 'shelf-server-'));
    second = await startTestServer('postgres', {
      payments: stripe.provider(),
      refunds: { enabled: false },
      adminToken: first.adminToken,
      keep: { dataDir: secondDir, databaseUrl: first.databaseUrl },
    });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await stripe?.close();
    rmSync(secondDir, { recursive: true, force: true });
  });

  it('both refund workers at once send each refund once', async () => {
    const user = await newUser(first);
    const sessions: StandInSession[] = [];
    for (let i = 0; i < 6; i++) {
      const product = await publishProduct(first, { priceCents: 300 + i, policy: BUYBACK_ONLY });
      const { session } = await placeStripeOrder(first, stripe, user, product.contentIds[0] ?? '');
      await deliverStripeEvent(first, stripe.signedEvent('checkout.session.expired', session));
      const paid = await deliverStripeEvent(
        i % 2 === 0 ? first : second,
        stripe.signedEvent('checkout.session.completed', session),
      );
      expect(paid.json).toEqual({ received: true, outcome: 'refund_owed' });
      sessions.push(session);
    }
    const sent = await Promise.all([refundPass(first), refundPass(second)]);
    expect(sent[0] + sent[1]).toBe(6);
    for (const session of sessions) {
      expect(
        [...stripe.refunds.values()].filter((r) => r.payment_intent === session.payment_intent),
      ).toEqual([expect.objectContaining({ amount: session.amount_total })]);
    }
    // Leases: no refund was even asked for twice.
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds')).toHaveLength(6);
  });
});
