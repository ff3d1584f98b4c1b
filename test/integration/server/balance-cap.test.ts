import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BALANCE } from '../../../shared/api/common';
import type { AppError } from '../../../shared/errors';
import { EXPIRY_GRACE_MS, expireOverdueOrders } from '../../../server/services/order-settle';
import {
  BUYBACK_ONLY,
  UPGRADE_POLICY,
  attemptReturn,
  buy,
  givePoints,
  publishProduct,
  checkedWallet,
  returnLicense,
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

  /** The user's quote for a license, as the return dialog asks it. */
  const quoteOf = (user: TestUser, licenseId: string) =>
    ok(ts.url, 'returnQuote', { token: user.token, params: { licenseId } });

  it('offers no points the return would refuse: near the cap a quote offers what still fits, or says why not', async () => {
    const user = await newUser(ts);
    // Version 1 of two: a trade-in upgrades it (no points), a buyback grants 70 % (700).
    const upgradable = await publishProduct(ts, {
      versions: 2,
      priceCents: 1000,
      policy: UPGRADE_POLICY,
    });
    // A buyback of 50 % (500) is all this one offers.
    const buybackOnly = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY });
    const spare = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY });
    await givePoints(ts, user, MAX_BALANCE - 3000);
    const a = (await buy(ts, user, upgradable.contentIds[0] ?? '', 1000)).license;
    const b = (await buy(ts, user, buybackOnly.contentIds[0] ?? '', 1000)).license;
    // A waiting order holds 300 points: the room left under the cap is 200, not 500.
    const { placed } = await place(user, spare.contentIds[0] ?? '', 300);
    await givePoints(ts, user, 4800);
    expect(placed.balance + 4800).toBe(MAX_BALANCE - 500);
    expect(await heldOf(user)).toBe(300);

    const upgradeOnly = await quoteOf(user, a.licenseId);
    if (upgradeOnly.status !== 'offered') throw new Error('expected an offer');
    expect(upgradeOnly.options.map((o) => [o.kind, o.privilege.type])).toEqual([
      ['trade_in', 'upgrade'],
    ]);
    const refused = await quoteOf(user, b.licenseId);
    expect(refused).toMatchObject({
      status: 'refused',
      refusal: { code: 'BALANCE_LIMIT_REACHED', freesAt: null },
    });

    // The server then does exactly that: the buyback the quote left out is refused, with or
    // without the quote, and nothing changes; the upgrade it offered is granted.
    const withQuote = await attemptReturn(ts, user, a.licenseId, {
      kind: 'buyback',
      quoteId: upgradeOnly.quoteId,
    });
    expect(withQuote.answer.json).toMatchObject({ code: 'OPTION_NOT_OFFERED' });
    const unquoted = await attemptReturn(ts, user, b.licenseId, { kind: 'buyback' });
    expect(unquoted.answer.json).toMatchObject(refusedAtTheCap);
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE - 500);
    const upgraded = await returnLicense(ts, user, a.licenseId, {
      kind: 'trade_in',
      quoteId: upgradeOnly.quoteId,
    });
    expect(upgraded.privilege.type).toBe('upgrade');

    // Points spent on a purchase make room: the buyback is offered again, and granted.
    const more = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY });
    await buy(ts, user, more.contentIds[0] ?? '', 1000);
    const offered = await quoteOf(user, b.licenseId);
    if (offered.status !== 'offered') throw new Error('expected an offer');
    expect(offered.options.map((o) => o.privilege)).toEqual([{ type: 'points', points: 500 }]);
    const granted = await returnLicense(ts, user, b.licenseId, { quoteId: offered.quoteId });
    expect(granted.balance).toBe(MAX_BALANCE - 1000);
  });

  it('never holds in one combined offer more points than the balance can take', async () => {
    const user = await newUser(ts);
    const products = await Promise.all(
      [1, 2, 3].map(() => publishProduct(ts, { priceCents: 1000, policy: BUYBACK_ONLY })),
    );
    await givePoints(ts, user, MAX_BALANCE - 3000);
    const licenseIds: string[] = [];
    for (const product of products) {
      licenseIds.push((await buy(ts, user, product.contentIds[0] ?? '', 1000)).license.licenseId);
    }
    // Each buyback grants 500 and the room is 1,200: two fit, the third does not.
    await givePoints(ts, user, 4800);
    const { quotes } = await ok(ts.url, 'returnQuoteBatch', {
      token: user.token,
      body: { licenseIds },
    });
    expect(quotes.map((q) => (q.outcome === 'quoted' ? 'quoted' : q.problem.code))).toEqual([
      'quoted',
      'quoted',
      'BALANCE_LIMIT_REACHED',
    ]);
    // The server then does exactly that.
    const { results } = await ok(ts.url, 'createReturnBatch', {
      token: user.token,
      body: {
        returns: licenseIds.map((licenseId) => ({
          returnId: randomUUID(),
          licenseId,
          kind: 'buyback' as const,
          deviceId: user.deviceId,
        })),
      },
    });
    expect(results.map((r) => (r.outcome === 'returned' ? 'returned' : r.problem.code))).toEqual([
      'returned',
      'returned',
      'BALANCE_LIMIT_REACHED',
    ]);
    expect((await checkedWallet(ts, user)).balance).toBe(MAX_BALANCE - 200);
  });

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
