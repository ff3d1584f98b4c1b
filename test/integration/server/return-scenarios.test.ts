import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnQuoteAnswer, ReturnsResponse } from '../../../shared/api/returns';
import { licenseReturnedWebhookSchema } from '../../../shared/api/webhooks';
import { verifyLicenseSignature } from '../../../shared/license-document';
import { verifyWebhook } from '../../../server/index';
import {
  attemptReturn,
  buy,
  givePoints,
  publishProduct,
  quoteReturn,
  returnLicense,
} from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, http, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import { startWebhookReceiver } from '../../fixtures/server-webhook-receiver';

const SECRET = 'whsec-test-0123456789abcdef';

describe.each(ENGINES)('return scenarios on %s', (engine) => {
  let ts: TestServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    ts = await startTestServer(engine);
    receiver = await startWebhookReceiver({ failFirst: 1 });
    await ok(ts.url, 'adminAddWebhook', {
      token: ts.adminToken,
      body: { url: receiver.url, secret: SECRET },
    });
  });
  afterAll(async () => {
    await ts?.close();
    await receiver?.close();
  });

  /** The delivery of this return's webhook that the receiver accepted (after any refusals). */
  async function webhookFor(returnId: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const hits = receiver.received.filter((r) => r.rawBody.includes(returnId));
      // The receiver refuses only its very first request, so a second hit is the accepted one.
      const accepted = hits.length >= 2 || (hits.length === 1 && receiver.received[0] !== hits[0]);
      if (accepted) return hits[hits.length - 1]!;
      if (Date.now() > deadline) throw new Error(`no accepted webhook for ${returnId}`);
      await receiver.waitFor(receiver.received.length + 1, 2_000).catch(() => undefined);
    }
  }

  async function ledgerAgrees(user: TestUser) {
    const wallet = await ok(ts.url, 'wallet', { token: user.token, query: { limit: 100 } });
    const sum = wallet.entries.reduce((total, e) => total + e.delta, 0);
    expect(sum).toBe(wallet.balance);
    // Each entry's balanceAfter is the running sum (entries are newest first).
    let running = wallet.balance;
    for (const entry of wallet.entries) {
      expect(entry.balanceAfter).toBe(running);
      running -= entry.delta;
    }
    return wallet;
  }

  it('buyback: buy → listed → quote → return → license gone, points, ledger, feed, signed webhook', async () => {
    const product = await publishProduct(ts, { versions: 2, priceCents: 1000 });
    const user = await newUser(ts);
    const bought = await buy(ts, user, product.contentIds[0] ?? '');
    expect(bought.purchase.moneyPaidCents).toBe(1000);
    const key = await ok(ts.url, 'licenseKey');
    expect(await verifyLicenseSignature(bought.license.signed, key)).toBe(true);

    const listed = await ok(ts.url, 'listLicenses', { token: user.token });
    expect(listed.licenses.map((l) => l.licenseId)).toEqual([bought.license.licenseId]);

    const quote = await quoteReturn(ts, user, bought.license.licenseId);
    expect(quote.options).toContainEqual({
      kind: 'buyback',
      privilege: { type: 'points', points: 700 },
      basis: 'buyback_rate',
      ratePct: 70,
    });

    const returnId = randomUUID();
    const receipt = await returnLicense(ts, user, bought.license.licenseId, {
      quoteId: quote.quoteId,
      returnId,
    });
    expect(receipt).toMatchObject({
      returnId,
      kind: 'buyback',
      privilege: { type: 'points', points: 700 },
      balance: 700,
    });

    // The return keeps the deleted license, its signed document as issued.
    const kept = await ts.server.context.db
      .selectFrom('returns')
      .select('license_snapshot')
      .where('id', '=', returnId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(kept.license_snapshot)).toEqual({
      id: bought.license.licenseId,
      contentId: product.contentIds[0],
      purchaseId: bought.purchase.id,
      issuedAt: expect.any(String),
      returnDeadline: expect.any(String),
      upgradedFromReturnId: null,
      signed: bought.license.signed,
    });

    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toEqual([]);
    const returns = await ok(ts.url, 'listReturns', { token: user.token });
    expect(returns.returns).toEqual([receipt]);
    const wallet = await ledgerAgrees(user);
    expect(wallet.balance).toBe(700);
    expect(wallet.entries[0]).toMatchObject({ delta: 700, reason: 'buyback', reference: returnId });

    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: 0 } });
    // A money purchase (the test provider): the order placed, then paid with its license.
    expect(feed.events.map((e) => e.type)).toEqual([
      'order.changed',
      'license.issued',
      'order.changed',
      'license.returned',
      'wallet.changed',
    ]);
    expect(feed.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(feed.lastSeq).toBe(5);
    const later = await ok(ts.url, 'sync', { token: user.token, query: { after: 5 } });
    expect(later).toEqual({ events: [], lastSeq: 5, hasMore: false });

    const file = await call(ts.url, 'downloadContent', {
      token: user.token,
      params: { contentId: product.contentIds[0] ?? '' },
    });
    expect(file.status).toBe(404);

    // The receiver refused the first delivery attempt (503); the retry arrives, validly signed.
    const hook = await webhookFor(returnId);
    expect(verifyWebhook(SECRET, hook, hook.rawBody, Math.floor(Date.now() / 1000))).toBe(true);
    expect(
      verifyWebhook('wrong-secret-wrong-secret', hook, hook.rawBody, Math.floor(Date.now() / 1000)),
    ).toBe(false);
    const body = licenseReturnedWebhookSchema.parse(JSON.parse(hook.rawBody));
    expect(body.data).toMatchObject({
      userId: user.id,
      returnId,
      licenseId: bought.license.licenseId,
      kind: 'buyback',
      contentStatus: 'returned',
      privilege: { type: 'points', points: 700, balance: 700 },
    });
    expect(hook.deliveryId).toBe(body.id);
  });

  it('tradeIn: upgrade to the newest version, downloadable; the upgrade inherits the purchase', async () => {
    const product = await publishProduct(ts, { versions: 3, priceCents: 1000 });
    const user = await newUser(ts);
    const bought = await buy(ts, user, product.contentIds[0] ?? '');
    const quote = await quoteReturn(ts, user, bought.license.licenseId);
    expect(quote.options.find((o) => o.kind === 'trade_in')?.privilege).toMatchObject({
      type: 'upgrade',
      contentId: product.contentIds[2],
      version: 3,
    });
    const returnId = randomUUID();
    const receipt = await returnLicense(ts, user, bought.license.licenseId, {
      kind: 'trade_in',
      quoteId: quote.quoteId,
      returnId,
    });
    if (receipt.privilege.type !== 'upgrade') throw new Error('expected an upgrade');
    const upgraded = receipt.privilege.license;
    expect(upgraded.content.contentId).toBe(product.contentIds[2]);
    expect(upgraded.purchaseId).toBe(bought.purchase.id);
    expect(upgraded.returnDeadline).toBe(bought.license.returnDeadline);
    expect(upgraded.upgradedFromReturnId).toBe(returnId);
    expect(await verifyLicenseSignature(upgraded.signed, await ok(ts.url, 'licenseKey'))).toBe(
      true,
    );
    expect(receipt.balance).toBe(0);

    const licenses = await ok(ts.url, 'listLicenses', { token: user.token });
    expect(licenses.licenses).toEqual([upgraded]);

    const download = await http(ts.url, 'GET', `/v1/contents/${product.contentIds[2]}/file`, {
      token: user.token,
    });
    expect(download.status).toBe(200);
    const expected = product.files[2] ?? Buffer.alloc(0);
    expect(download.headers.get('x-content-sha256')).toBe(
      createHash('sha256').update(expected).digest('hex'),
    );
    const bytes = Buffer.from(
      await (
        await fetch(`${ts.url}/v1/contents/${product.contentIds[2]}/file`, {
          headers: { authorization: `Bearer ${user.token}` },
        })
      ).arrayBuffer(),
    );
    expect(bytes.equals(expected)).toBe(true);

    // After the purchase's three events (order placed, license issued, order paid).
    const feed = await ok(ts.url, 'sync', { token: user.token, query: { after: 3 } });
    expect(feed.events.map((e) => e.type)).toEqual(['license.returned', 'license.issued']);

    const hook = await webhookFor(returnId);
    expect(verifyWebhook(SECRET, hook, hook.rawBody, Math.floor(Date.now() / 1000))).toBe(true);
    expect(licenseReturnedWebhookSchema.parse(JSON.parse(hook.rawBody)).data.privilege).toEqual({
      type: 'upgrade',
      licenseId: upgraded.licenseId,
      contentId: product.contentIds[2],
      version: 3,
    });

    // The newest version held: the trade-in falls back to points; buyback is priced from the
    // original purchase (1000 paid), once.
    const again = await quoteReturn(ts, user, upgraded.licenseId);
    expect(again.options).toEqual([
      {
        kind: 'buyback',
        privilege: { type: 'points', points: 700 },
        basis: 'buyback_rate',
        ratePct: 70,
      },
      {
        kind: 'trade_in',
        privilege: { type: 'points', points: 500 },
        basis: 'no_newer_version',
        ratePct: 50,
      },
    ]);
    const buyback = await returnLicense(ts, user, upgraded.licenseId);
    expect(buyback.privilege).toEqual({ type: 'points', points: 700 });
    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toEqual([]);
    await ledgerAgrees(user);
  });

  it('points granted by a return are spent on a later purchase; never overdrawn', async () => {
    const first = await publishProduct(ts, {
      priceCents: 1000,
      policy: { windowDays: null, buybackRatePct: 80, tradeIn: null, limitPer30Days: null },
    });
    const second = await publishProduct(ts, { priceCents: 600 });
    const third = await publishProduct(ts, { priceCents: 900 });
    const user = await newUser(ts);
    const bought = await buy(ts, user, first.contentIds[0] ?? '');
    await returnLicense(ts, user, bought.license.licenseId);
    const spent = await buy(ts, user, second.contentIds[0] ?? '', 600);
    expect(spent.purchase).toMatchObject({ priceCents: 600, pointsUsed: 600, moneyPaidCents: 0 });
    expect(spent.balance).toBe(200);
    const refused = await call(ts.url, 'purchase', {
      token: user.token,
      body: {
        contentId: third.contentIds[0] ?? '',
        pointsToUse: 300,
        idempotencyKey: randomUUID(),
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.answer.json).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    const mixed = await buy(ts, user, third.contentIds[0] ?? '', 200);
    expect(mixed.purchase).toMatchObject({ pointsUsed: 200, moneyPaidCents: 700 });
    const wallet = await ledgerAgrees(user);
    expect(wallet.balance).toBe(0);
    expect(wallet.entries.map((e) => [e.reason, e.delta])).toEqual([
      ['purchase', -200],
      ['purchase', -600],
      ['buyback', 800],
    ]);
    // Each entry names the item it was for: the two bought, and the one returned.
    expect(wallet.entries.map((e) => e.item?.contentId)).toEqual([
      third.contentIds[0],
      second.contentIds[0],
      first.contentIds[0],
    ]);
    expect(wallet.entries.every((e) => e.item !== null && e.item.title.length > 0)).toBe(true);
    // Buying what you hold is refused.
    const twice = await call(ts.url, 'purchase', {
      token: user.token,
      body: { contentId: second.contentIds[0] ?? '', idempotencyKey: randomUUID() },
    });
    expect(twice.answer.json).toMatchObject({ code: 'LICENSE_ALREADY_OWNED' });
  });

  it("refuses a quote that is unknown, altered, another user's or for another license, and keeps the license", async () => {
    const user = await newUser(ts);
    const stranger = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 800 });
    const a = await buy(ts, user, product.contentIds[0] ?? '');
    const b = await buy(
      ts,
      user,
      (await publishProduct(ts, { priceCents: 800 })).contentIds[0] ?? '',
    );
    const s = await buy(ts, stranger, product.contentIds[0] ?? '');
    const quoteOf = async (owner: TestUser, licenseId: string) =>
      (await quoteReturn(ts, owner, licenseId)).quoteId;
    const attempt = (quoteId: string) => attemptReturn(ts, user, a.license.licenseId, { quoteId });

    const unknown = await attempt(randomUUID());
    expect(unknown.answer.status).toBe(404);
    const strangers = await attempt(await quoteOf(stranger, s.license.licenseId));
    expect(strangers.answer.status).toBe(404);
    // A quote id is signed for its caller and license (docs/design.md §3.1): any other is none.
    const otherLicense = await attempt(await quoteOf(user, b.license.licenseId));
    expect(otherLicense.answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // One altered character (the same caller and license) is refused the same way.
    const own = await quoteOf(user, a.license.licenseId);
    const last = own.at(-1) === '0' ? '1' : '0';
    const altered = await attempt(`${own.slice(0, -1)}${last}`);
    expect(altered.answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const licenses = await ok(ts.url, 'listLicenses', { token: user.token });
    expect(licenses.licenses.map((l) => l.licenseId)).toContain(a.license.licenseId);
    // The right quote still works after the refusals.
    const done = await attempt(await quoteOf(user, a.license.licenseId));
    expect(done.answer.status).toBe(201);
  });

  it('pages the receipts newest first with a cursor, and refuses a forged cursor', async () => {
    const user = await newUser(ts);
    const receipts = [];
    for (let i = 0; i < 5; i++) {
      const product = await publishProduct(ts, { priceCents: 500 });
      const bought = await buy(ts, user, product.contentIds[0] ?? '');
      receipts.push(await returnLicense(ts, user, bought.license.licenseId));
    }
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: ReturnsResponse = await ok(ts.url, 'listReturns', {
        token: user.token,
        query: { limit: 2, ...(cursor ? { cursor } : {}) },
      });
      pages.push(page.returns.map((r) => r.returnId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    // Newest first; returns in the same millisecond by id, descending.
    const expected = [...receipts]
      .sort((a, b) =>
        a.returnedAt === b.returnedAt
          ? b.returnId.localeCompare(a.returnId)
          : b.returnedAt.localeCompare(a.returnedAt),
      )
      .map((r) => r.returnId);
    expect(pages.flat()).toEqual(expected);

    const forged = await call(ts.url, 'listReturns', {
      token: user.token,
      query: { cursor: Buffer.from('{"not":"a cursor"}').toString('base64url') },
    });
    expect(forged.answer.json).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'cursor' }],
    });
  });

  it('gives every quote its whole life; an earlier one still prices the return', async () => {
    const product = await publishProduct(ts, { priceCents: 800 });
    const user = await newUser(ts);
    const bought = await buy(ts, user, product.contentIds[0] ?? '');
    const quoteNow = () => quoteReturn(ts, user, bought.license.licenseId);
    try {
      const asked = Date.now();
      const first = await quoteNow();
      // Ten minutes from the answer, to the second (signed into the id, docs/design.md §3.1).
      expect(Date.parse(first.expiresAt)).toBeGreaterThan(asked + 10 * 60 * 1000 - 1000);
      ts.clockOffset.ms = 6 * 60 * 1000;
      const fresh = await quoteNow();
      expect(fresh.quoteId).not.toBe(first.quoteId);
      expect(fresh.options).toEqual(first.options);
      expect(Date.parse(fresh.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
      // Either quote still prices the return while it is open.
      const receipt = await returnLicense(ts, user, bought.license.licenseId, {
        quoteId: first.quoteId,
      });
      expect(receipt.privilege).toEqual(first.options.find((o) => o.kind === 'buyback')?.privilege);
    } finally {
      ts.clockOffset.ms = 0;
    }
  });

  it('trade-in as points, and refusals: option not offered, window closed, quote expired, limit', async () => {
    const user = await newUser(ts);
    const pointsOnly = await publishProduct(ts, {
      priceCents: 500,
      policy: {
        windowDays: 1,
        buybackRatePct: null,
        tradeIn: { type: 'points', ratePct: 60 },
        limitPer30Days: 1,
      },
    });
    const other = await publishProduct(ts, {
      priceCents: 500,
      policy: {
        windowDays: 1,
        buybackRatePct: null,
        tradeIn: { type: 'points', ratePct: 60 },
        limitPer30Days: 1,
      },
    });
    const notReturnable = await publishProduct(ts, { policy: null });
    const a = await buy(ts, user, pointsOnly.contentIds[0] ?? '');
    const b = await buy(ts, user, other.contentIds[0] ?? '');
    const c = await buy(ts, user, notReturnable.contentIds[0] ?? '');

    const quoteNone = await call(ts.url, 'returnQuote', {
      token: user.token,
      params: { licenseId: c.license.licenseId },
    });
    expect(quoteNone.answer.json).toMatchObject({
      status: 'refused',
      refusal: { code: 'NOT_RETURNABLE', freesAt: null },
      policy: null,
    });
    const returnNone = await attemptReturn(ts, user, c.license.licenseId);
    expect(returnNone.answer.json).toMatchObject({ status: 422, code: 'NOT_RETURNABLE' });
    const wrongKind = await attemptReturn(ts, user, a.license.licenseId);
    expect(wrongKind.answer.json).toMatchObject({ code: 'OPTION_NOT_OFFERED' });

    const quote = await quoteReturn(ts, user, a.license.licenseId);
    expect(quote.options).toEqual([
      {
        kind: 'trade_in',
        privilege: { type: 'points', points: 300 },
        basis: 'policy_points',
        ratePct: 60,
      },
    ]);
    expect(quote.limit).toEqual({ allowed: 1, used: 0, periodDays: 30, nextFreeAt: null });
    ts.clockOffset.ms = 11 * 60 * 1000;
    const expired = await attemptReturn(ts, user, a.license.licenseId, {
      kind: 'trade_in',
      quoteId: quote.quoteId,
    });
    expect(expired.answer.json).toMatchObject({ code: 'QUOTE_EXPIRED' });
    ts.clockOffset.ms = 2 * 24 * 60 * 60 * 1000;
    const closed = await attemptReturn(ts, user, a.license.licenseId, { kind: 'trade_in' });
    expect(closed.answer.json).toMatchObject({ code: 'RETURN_WINDOW_CLOSED' });
    expect(
      (
        await call(ts.url, 'returnQuote', {
          token: user.token,
          params: { licenseId: a.license.licenseId },
        })
      ).answer.json,
    ).toMatchObject({ status: 'refused', refusal: { code: 'RETURN_WINDOW_CLOSED' } });
    ts.clockOffset.ms = 0;

    const done = await returnLicense(ts, user, a.license.licenseId, {
      kind: 'trade_in',
      quoteId: quote.quoteId,
    });
    expect(done.privilege).toEqual({ type: 'points', points: 300 });
    const limited = await attemptReturn(ts, user, b.license.licenseId, { kind: 'trade_in' });
    expect(limited.answer.json).toMatchObject({ code: 'RETURN_LIMIT_REACHED' });
    // Nothing of the refused returns was recorded.
    expect((await ok(ts.url, 'listReturns', { token: user.token })).returns).toHaveLength(1);
    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toHaveLength(2);
    await ledgerAgrees(user);
  });

  it("the quote states the user's limit exactly as the return applies it, and when it frees up", async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const limited = await publishProduct(ts, {
      versions: 3,
      priceCents: 400,
      policy: { windowDays: 90, buybackRatePct: 50, tradeIn: null, limitPer30Days: 2 },
    });
    const unlimited = await publishProduct(ts, {
      priceCents: 400,
      policy: { windowDays: 90, buybackRatePct: 50, tradeIn: null, limitPer30Days: null },
    });
    const user = await newUser(ts);
    const held: string[] = [];
    for (const id of limited.contentIds) held.push((await buy(ts, user, id)).license.licenseId);
    const [p1, p2, p3] = held;
    const other = (await buy(ts, user, unlimited.contentIds[0] ?? '')).license.licenseId;
    const quoteOf = async (licenseId: string) =>
      (await call(ts.url, 'returnQuote', { token: user.token, params: { licenseId } })).answer
        .json as ReturnQuoteAnswer;
    const returnOf = (licenseId: string) => attemptReturn(ts, user, licenseId);
    try {
      // A return of another product, under no limit, counts against this product's limit:
      // the limit is the policy's, the count is the user's.
      const first = await returnLicense(ts, user, other ?? '');
      // Dated back to a minute short of 30 days (sessions last 30 days, so the clock cannot
      // simply move that far): it leaves the period in a minute.
      const backdated = new Date(Date.now() - 30 * DAY + 60_000).toISOString();
      await ts.server.context.db
        .updateTable('returns')
        .set({ returned_at: backdated })
        .where('id', '=', first.returnId)
        .execute();
      const q1 = await quoteOf(p1 ?? '');
      expect(q1).toMatchObject({
        status: 'offered',
        limit: { allowed: 2, used: 1, periodDays: 30, nextFreeAt: null },
      });
      expect((await returnOf(p1 ?? '')).answer.status).toBe(201);

      // Used up: the quote refuses with the time the oldest counted return leaves the period,
      // and the return itself answers the same code and time.
      const freesAt = new Date(Date.parse(backdated) + 30 * DAY).toISOString();
      const q2 = await quoteOf(p2 ?? '');
      expect(q2).toMatchObject({
        status: 'refused',
        refusal: { code: 'RETURN_LIMIT_REACHED', freesAt },
        limit: { allowed: 2, used: 2, nextFreeAt: freesAt },
      });
      expect(q2).not.toHaveProperty('quoteId');
      const refused = await returnOf(p2 ?? '');
      expect(refused.answer.json).toMatchObject({ code: 'RETURN_LIMIT_REACHED', freesAt });

      // A moment before that time both still refuse; at that time both accept. The clock stands
      // still at each: a running one passed the time when the two requests took over a second
      // (a loaded machine).
      ts.clockOffset.at = Date.parse(freesAt) - 1_000;
      expect((await quoteOf(p2 ?? '')).status).toBe('refused');
      expect((await returnOf(p2 ?? '')).answer.status).toBe(422);
      ts.clockOffset.at = Date.parse(freesAt) + 1_000;
      const q3 = await quoteOf(p2 ?? '');
      expect(q3).toMatchObject({ status: 'offered', limit: { used: 1, nextFreeAt: null } });
      expect((await returnOf(p2 ?? '')).answer.status).toBe(201);
      // And refused again at once: the quote for the third says so before any return is tried.
      expect(await quoteOf(p3 ?? '')).toMatchObject({
        status: 'refused',
        refusal: { code: 'RETURN_LIMIT_REACHED' },
      });
      expect((await returnOf(p3 ?? '')).answer.json).toMatchObject({
        code: 'RETURN_LIMIT_REACHED',
      });
    } finally {
      ts.clockOffset.at = undefined;
    }
    await ledgerAgrees(user);
  });

  it('a trade-in of an old version when the newest is already held grants the fallback points', async () => {
    const product = await publishProduct(ts, { versions: 2, priceCents: 800 });
    const user = await newUser(ts);
    await givePoints(ts, user, 50);
    const old = await buy(ts, user, product.contentIds[0] ?? '');
    await buy(ts, user, product.contentIds[1] ?? '');
    const receipt = await returnLicense(ts, user, old.license.licenseId, { kind: 'trade_in' });
    expect(receipt.privilege).toEqual({ type: 'points', points: 400 });
    expect(receipt.balance).toBe(450);
    await ledgerAgrees(user);
  });
});
