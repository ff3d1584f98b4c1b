import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RefundRow } from '../../../server/db/refunds';
import { RefundWorker } from '../../../server/services/refund-worker';
import { DEFAULT_REFUND_POLICY, sendDueRefunds } from '../../../server/services/refunds';
import { iso } from '../../../server/util/clock';
import { BUYBACK_ONLY, publishProduct } from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import type { StandInSession, StripeStandIn } from '../../fixtures/stripe-stand-in';
import { startStripeStandIn } from '../../fixtures/stripe-stand-in';
import { deliverStripeEvent, placeStripeOrder } from '../../fixtures/stripe-orders';

const { baseMs } = DEFAULT_REFUND_POLICY.backoff;

/**
 * A refund's life at Stripe (docs/design.md §4.8): a refund Stripe accepted but has not finished
 * is followed until it succeeds or fails, a failed one is replaced, a key's kept 5xx is never
 * sent again, a refund already standing is adopted, and each refund is sent under its own lease.
 */
describe.each(ENGINES)('a refund at the provider, on %s', (engine) => {
  let ts: TestServer;
  let stripe: StripeStandIn;
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    // The worker's passes are run by the tests, so each step is seen in order.
    ts = await startTestServer(engine, {
      payments: stripe.provider(),
      refunds: { enabled: false },
    });
  });
  afterAll(async () => {
    await ts?.close();
    await stripe?.close();
  });

  const refundPass = () => sendDueRefunds(ts.server.context, DEFAULT_REFUND_POLICY);
  /** A pass run `ms` later on the server's clock (past a refund's backoff). */
  async function passAfter(ms: number): Promise<number> {
    ts.clockOffset.ms = ms;
    try {
      return await refundPass();
    } finally {
      ts.clockOffset.ms = 0;
    }
  }
  const deliver = (event: { body: string; signature: string }) => deliverStripeEvent(ts, event);
  const getOrder = (user: TestUser, orderId: string) =>
    ok(ts.url, 'getOrder', { token: user.token, params: { orderId } });
  const refundRow = (orderId: string): Promise<RefundRow> =>
    ts.server.context.db
      .selectFrom('refunds')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
  const refundsOf = (session: StandInSession) =>
    [...stripe.refunds.values()].filter((r) => r.payment_intent === session.payment_intent);
  const refundCreations = (orderId: string) =>
    stripe.requests.filter(
      (r) =>
        r.method === 'POST' && r.path === '/v1/refunds' && r.form['metadata[orderId]'] === orderId,
    );
  async function orderEvents(user: TestUser, orderId: string) {
    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });
    return feed.events.flatMap((e) =>
      e.type === 'order.changed' && e.order.id === orderId ? [e.order] : [],
    );
  }
  /** An order whose checkout closed, then paid: a refund owed of `priceCents`. */
  async function refundOwed(user: TestUser, priceCents = 600, paid?: Partial<StandInSession>) {
    const product = await publishProduct(ts, { priceCents, policy: BUYBACK_ONLY });
    const placed = await placeStripeOrder(ts, stripe, user, product.contentIds[0] ?? '');
    const closed = await deliver(stripe.signedEvent('checkout.session.expired', placed.session));
    expect(closed.json).toEqual({ received: true, outcome: 'done' });
    const event = stripe.signedEvent('checkout.session.completed', {
      ...placed.session,
      ...paid,
    });
    expect((await deliver(event)).json).toEqual({ received: true, outcome: 'refund_owed' });
    return { orderId: placed.placed.order.id, session: placed.session };
  }
  /** Runs `fn` while the stand-in creates refunds as `pending`. */
  async function whilePending<T>(fn: () => Promise<T>): Promise<T> {
    stripe.answerRefundsAs('pending');
    try {
      return await fn();
    } finally {
      stripe.answerRefundsAs('succeeded');
    }
  }

  it('a refund Stripe accepted but has not finished stays owed, followed by its id until it succeeds', async () => {
    const user = await newUser(ts);
    const { orderId, session } = await refundOwed(user);
    expect(await whilePending(refundPass)).toBe(0);
    const [made, ...others] = refundsOf(session);
    expect(others).toEqual([]);
    expect(made).toMatchObject({ status: 'pending', amount: 600 });
    expect(await refundRow(orderId)).toMatchObject({
      state: 'pending',
      provider_refund_id: made?.id,
      attempts: 1,
    });
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refund_pending' });

    // Not asked about before its backoff; after it, asked (still pending): still owed.
    expect(await refundPass()).toBe(0);
    expect(await passAfter(baseMs + 1000)).toBe(0);
    const reads = stripe.requests.filter(
      (r) => r.method === 'GET' && r.path === `/v1/refunds/${made?.id}`,
    );
    expect(reads).toHaveLength(1);
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refund_pending' });

    // Stripe finishes it and says so: the event makes it due now, the worker's read decides.
    stripe.settleRefund(made?.id ?? '', 'succeeded');
    const told = await deliver(stripe.signedRefundEvent('charge.refund.updated', made!));
    expect(told.json).toEqual({ received: true, outcome: 'done' });
    expect(await refundPass()).toBe(1);
    expect(await getOrder(user, orderId)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 600, currency: 'usd' },
    });
    expect(await refundRow(orderId)).toMatchObject({
      state: 'refunded',
      provider_refund_id: made?.id,
    });
    expect(refundsOf(session)).toHaveLength(1);
    expect(refundCreations(orderId)).toHaveLength(1);
    expect((await orderEvents(user, orderId)).map((o) => o.state)).toEqual([
      'awaiting_payment',
      'cancelled',
      'refund_pending',
      'refunded',
    ]);
  });

  it('a refund that fails at Stripe is replaced by a new one under a new key; Stripe’s refund.failed wakes it', async () => {
    const user = await newUser(ts);
    const { orderId, session } = await refundOwed(user, 640);
    expect(await whilePending(refundPass)).toBe(0);
    const [first] = refundsOf(session);
    stripe.settleRefund(first?.id ?? '', 'failed');
    const told = await deliver(stripe.signedRefundEvent('refund.failed', first!));
    expect(told.json).toEqual({ received: true, outcome: 'done' });

    // Due at once (no backoff waited): read, found failed, made again.
    expect(await refundPass()).toBe(1);
    expect(refundsOf(session).map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(refundCreations(orderId).map((r) => r.idempotencyKey)).toEqual([
      `refund-${orderId}`,
      `refund-${orderId}-2`,
    ]);
    const second = refundsOf(session)[1];
    expect(await refundRow(orderId)).toMatchObject({
      state: 'refunded',
      provider_refund_id: second?.id,
    });
    expect(await getOrder(user, orderId)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 640, currency: 'usd' },
    });
    // An event about a refund no longer owed changes nothing.
    const late = await deliver(stripe.signedRefundEvent('refund.updated', second!));
    expect(late.json).toEqual({ received: true, outcome: 'not_applicable' });
    expect(await refundPass()).toBe(0);
  });

  it('a refund of the payment already standing (made elsewhere) is adopted, never counted blindly', async () => {
    const user = await newUser(ts);
    const { orderId, session } = await refundOwed(user, 610);
    // Someone refunded the payment in Stripe's dashboard meanwhile; the bank has not answered.
    const elsewhere = await whilePending(() =>
      stripe.provider().refund({
        orderId,
        paymentRef: session.payment_intent,
        amountCents: 610,
        currency: 'usd',
        idempotencyKey: `dashboard-${orderId}`,
      }),
    );
    // Stripe refuses a second full refund: the one standing is followed, still pending.
    expect(await refundPass()).toBe(0);
    expect(await refundRow(orderId)).toMatchObject({
      state: 'pending',
      provider_refund_id: elsewhere.refundId,
    });
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refund_pending' });
    stripe.settleRefund(elsewhere.refundId, 'succeeded');
    expect(await passAfter(baseMs + 1000)).toBe(1);
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refunded' });
    expect(refundsOf(session)).toHaveLength(1);
  });

  /** A refund an operator made in Stripe's dashboard: no order named in its metadata. */
  const dashboardRefund = (
    session: StandInSession,
    amount: number,
    status: 'succeeded' | 'pending' = 'succeeded',
  ) => {
    const id = `re_dashboard_${stripe.refunds.size}_${session.id}`;
    stripe.refunds.set(id, {
      id,
      object: 'refund',
      payment_intent: session.payment_intent,
      amount,
      currency: 'usd',
      status,
      metadata: {},
    });
    return id;
  };

  it('an operator’s partial refund is not taken for ours: after a 5xx the rest is given back', async () => {
    const user = await newUser(ts);
    const { orderId, session } = await refundOwed(user, 600);
    stripe.failNextRefunds(1, 'error_500');
    expect(await refundPass()).toBe(0);
    // Meanwhile an operator gave back 1.00 of the 6.00 in the dashboard.
    dashboardRefund(session, 100);
    expect(await passAfter(baseMs * 4)).toBe(1);
    const given = refundsOf(session).filter((r) => r.status === 'succeeded');
    expect(given.map((r) => [r.amount, r.metadata.orderId ?? ''])).toEqual(
      expect.arrayContaining([
        [100, ''],
        [500, orderId],
      ]),
    );
    expect(given.reduce((sum, r) => sum + r.amount, 0)).toBe(600);
    expect(await getOrder(user, orderId)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 500, currency: 'usd' },
    });
  });

  it('a payment an operator gave back in full elsewhere counts as refunded, with what was given', async () => {
    const user = await newUser(ts);
    const { orderId, session } = await refundOwed(user, 640);
    dashboardRefund(session, 640);
    expect(await refundPass()).toBe(1);
    expect(refundsOf(session)).toHaveLength(1);
    expect(await getOrder(user, orderId)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 640, currency: 'usd' },
    });
  });

  it('a payment given back elsewhere in two refunds, one pending, is refunded with their sum once both stand', async () => {
    const user = await newUser(ts);
    const { orderId, session } = await refundOwed(user, 600);
    dashboardRefund(session, 200);
    const pending = dashboardRefund(session, 400, 'pending');
    expect(await refundPass()).toBe(0);
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refund_pending' });
    stripe.settleRefund(pending, 'succeeded');
    expect(await passAfter(baseMs * 4)).toBe(1);
    expect(refundsOf(session)).toHaveLength(2);
    expect(await getOrder(user, orderId)).toMatchObject({
      state: 'refunded',
      refund: { amountCents: 600, currency: 'usd' },
    });
  });

  it('a paid amount the contract cannot carry owes the order’s own amount, and the sync still reads', async () => {
    const user = await newUser(ts);
    // Paid on our checkout in a currency with large minor units (IDR 2,000,000.00).
    const { orderId } = await refundOwed(user, 600, { amount_total: 200_000_000, currency: 'idr' });
    const owed = { amountCents: 600, currency: 'idr' };
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refund_pending', refund: owed });
    expect((await orderEvents(user, orderId)).at(-1)).toMatchObject({ refund: owed });
    // Given back (the tests after this one count only their own refunds).
    expect(await refundPass()).toBe(1);
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refunded' });
  });

  it('the stand-in keeps a key’s first answer, a 500 included, and refuses the key with other parameters', async () => {
    const user = await newUser(ts);
    const { session } = await refundOwed(user, 620);
    const provider = stripe.provider();
    const ask = (idempotencyKey: string, paymentRef = session.payment_intent) =>
      provider.refund({
        orderId: 'o',
        paymentRef,
        amountCents: 620,
        currency: 'usd',
        idempotencyKey,
      });
    const key500 = `k500-${session.id}`;
    stripe.failNextRefunds(1, 'error_500');
    // The SDK's own retry with the key gets the kept 500; so does a later call.
    await expect(ask(key500)).rejects.toMatchObject({ statusCode: 500 });
    await expect(ask(key500)).rejects.toMatchObject({ statusCode: 500 });
    expect(refundsOf(session)).toEqual([]);

    const key = `k1-${session.id}`;
    const made = await ask(key);
    expect(made).toMatchObject({ state: 'succeeded', amountCents: 620, currency: 'usd' });
    expect(await ask(key)).toEqual(made);
    await expect(ask(key, 'pi_test_another')).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeIdempotencyError',
    });
    // Another key for a payment refunded already: refused by Stripe, the standing one answered.
    expect(await ask(`k2-${session.id}`)).toEqual(made);
    expect(await provider.refundsOf(session.payment_intent)).toEqual([made]);
    expect(await provider.refundStatus(made.refundId)).toEqual(made);
    // The order's own refund, owed meanwhile, adopts the one made: still one refund.
    expect(await refundPass()).toBe(1);
    expect(refundsOf(session)).toHaveLength(1);
  });

  it('a paid event without amount or currency owes the order’s own amount and currency', async () => {
    const user = await newUser(ts);
    const { orderId } = await refundOwed(user, 650, {
      amount_total: null,
      currency: null,
    } as unknown as Partial<StandInSession>);
    const owed = { amountCents: 650, currency: 'usd' };
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refund_pending', refund: owed });
    // The user's sync reads it (the feed's schema wants a 3-letter currency).
    expect((await orderEvents(user, orderId)).at(-1)).toMatchObject({
      state: 'refund_pending',
      refund: owed,
    });
    expect(await refundPass()).toBe(1);
    expect(await getOrder(user, orderId)).toMatchObject({ state: 'refunded', refund: owed });
  });

  it('each refund is sent under its own lease, however long the provider call before it took', async () => {
    const user = await newUser(ts);
    const owed = [
      await refundOwed(user, 301),
      await refundOwed(user, 302),
      await refundOwed(user, 303),
    ];
    const ids = new Set(owed.map((o) => o.orderId));
    const leased: boolean[] = [];
    stripe.whileRefunding(async (form) => {
      const orderId = form['metadata[orderId]'] ?? '';
      if (!ids.has(orderId)) return;
      const row = await refundRow(orderId);
      leased.push((row.locked_until ?? '') > iso(ts.server.context.clock()));
      // The call takes longer than a lease, on the server's clock.
      ts.clockOffset.ms += DEFAULT_REFUND_POLICY.leaseMs + 1000;
    });
    try {
      expect(await refundPass()).toBeGreaterThanOrEqual(3);
    } finally {
      stripe.whileRefunding(null);
      ts.clockOffset.ms = 0;
    }
    expect(leased).toEqual([true, true, true]);
    for (const { orderId } of owed)
      expect(await refundRow(orderId)).toMatchObject({ state: 'refunded' });
  });

  it('stopping the worker waits for the one call in flight, not for every refund due', async () => {
    const user = await newUser(ts);
    const owed = [
      await refundOwed(user, 311),
      await refundOwed(user, 312),
      await refundOwed(user, 313),
    ];
    const worker = new RefundWorker(ts.server.context, DEFAULT_REFUND_POLICY, 60_000);
    let stopping: Promise<void> | undefined;
    stripe.whileRefunding(() => {
      stopping ??= worker.stop();
    });
    try {
      worker.start();
      await vi.waitFor(() => expect(stopping).toBeDefined(), { timeout: 20_000, interval: 20 });
      await stopping;
    } finally {
      stripe.whileRefunding(null);
    }
    const rows = await Promise.all(owed.map((o) => refundRow(o.orderId)));
    expect(rows.map((r) => r.state).sort()).toEqual(['pending', 'pending', 'refunded']);
    // The two not sent were never claimed: nothing waits for a lease to run out.
    expect(rows.filter((r) => r.state === 'pending').map((r) => r.locked_until)).toEqual([
      null,
      null,
    ]);
    expect(owed.flatMap((o) => refundCreations(o.orderId))).toHaveLength(1);
    expect(await refundPass()).toBe(2);
  });
});
