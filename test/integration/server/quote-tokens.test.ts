import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnKind } from '../../../shared/api/returns';
import { attemptReturn, buy, publishProduct, quoteReturn } from '../../fixtures/server-catalog';
import type { TestServer } from '../../fixtures/server-harness';
import { ENGINES, newUser, ok, startTestServer } from '../../fixtures/server-harness';

/** Quotes signed, not stored (docs/design.md §3.1): what a quote id alone must carry. */
describe.each(ENGINES)('signed quotes on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine);
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('honours the quoted points after the price changed, once; a resend answers the receipt', async () => {
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 1000 });
    const { license } = await buy(ts, user, product.contentIds[0] ?? '');
    const quote = await quoteReturn(ts, user, license.licenseId);
    expect(quote.options.find((o) => o.kind === 'buyback')?.privilege).toEqual({
      type: 'points',
      points: 700,
    });
    await ok(ts.url, 'adminSetPolicy', {
      token: ts.adminToken,
      params: { productId: product.productId },
      body: {
        windowDays: 30,
        buybackRatePct: 20,
        tradeIn: { type: 'upgrade', fallbackPointsRatePct: 10 },
        limitPer30Days: null,
      },
    });
    const returnId = randomUUID();
    const done = await attemptReturn(ts, user, license.licenseId, {
      quoteId: quote.quoteId,
      returnId,
    });
    expect(done.answer.status).toBe(201);
    expect(done.answer.json).toMatchObject({ privilege: { type: 'points', points: 700 } });
    // The same request again: the stored receipt, nothing granted twice.
    const again = await attemptReturn(ts, user, license.licenseId, {
      quoteId: quote.quoteId,
      returnId,
    });
    expect(again.answer.status).toBe(200);
    expect(again.answer.json).toEqual(done.answer.json);
    // The same quote under another return id: the license is gone, so is the offer.
    const second = await attemptReturn(ts, user, license.licenseId, { quoteId: quote.quoteId });
    expect(second.answer.json).toMatchObject({ status: 409, code: 'LICENSE_ALREADY_RETURNED' });
    const wallet = await ok(ts.url, 'wallet', { token: user.token });
    expect(wallet.balance).toBe(700);
  });

  it('refuses an expired quote, a kind it did not offer, and ids it did not sign', async () => {
    const user = await newUser(ts);
    const stranger = await newUser(ts);
    const product = await publishProduct(ts, {
      policy: {
        windowDays: 30,
        buybackRatePct: 50,
        tradeIn: null,
        limitPer30Days: null,
      },
    });
    const { license } = await buy(ts, user, product.contentIds[0] ?? '');
    const quote = await quoteReturn(ts, user, license.licenseId);
    expect(quote.quoteId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);
    const code = async (quoteId: string | undefined, kind: ReturnKind = 'buyback', as = user) =>
      (await attemptReturn(ts, as, license.licenseId, { quoteId, kind })).answer.json;

    expect(await code(quote.quoteId, 'trade_in')).toMatchObject({ code: 'OPTION_NOT_OFFERED' });
    // Every altered hex digit of the id (version and variant aside) is refused.
    for (const at of [0, 9, 16, 20, 35]) {
      const digit = quote.quoteId[at] === 'a' ? 'b' : 'a';
      const altered = `${quote.quoteId.slice(0, at)}${digit}${quote.quoteId.slice(at + 1)}`;
      expect(await code(altered)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    expect(await code(randomUUID())).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // Another user naming it (for a license that is not theirs either way): not found.
    expect(await code(quote.quoteId, 'buyback', stranger)).toMatchObject({ status: 404 });

    ts.clockOffset.ms = 10 * 60 * 1000;
    try {
      expect(await code(quote.quoteId)).toMatchObject({ code: 'QUOTE_EXPIRED' });
    } finally {
      ts.clockOffset.ms = 0;
    }
    expect(Date.parse(quote.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);
    const done = await attemptReturn(ts, user, license.licenseId, { quoteId: quote.quoteId });
    expect(done.answer.status).toBe(201);
    expect(done.answer.json).toMatchObject({ privilege: { type: 'points', points: 500 } });
  });
});

describe.runIf(ENGINES.includes('postgres'))('a quote from another process', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer('postgres');
    b = await startTestServer('postgres', {
      keep: { dataDir: a.dataDir, databaseUrl: a.databaseUrl },
      adminToken: a.adminToken,
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('is honoured by any process on the database: one key for all', async () => {
    const user = await newUser(a);
    const product = await publishProduct(a, { priceCents: 600 });
    const { license } = await buy(a, user, product.contentIds[0] ?? '');
    const quote = await quoteReturn(a, user, license.licenseId);
    const done = await attemptReturn(b, user, license.licenseId, { quoteId: quote.quoteId });
    expect(done.answer.status).toBe(201);
    expect(done.answer.json).toMatchObject({ privilege: { type: 'points', points: 420 } });
  });
});
