import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attemptReturn,
  buy,
  givePoints,
  offered,
  publishProduct,
  returnLicense,
} from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, http, newUser, ok, startTestServer } from '../../fixtures/server-harness';

describe.each(ENGINES)('authorization on %s', (engine) => {
  let ts: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let aliceLicense: string;
  let aliceContent: string;
  let aliceQuote: string;

  beforeAll(async () => {
    ts = await startTestServer(engine);
    const product = await publishProduct(ts, { versions: 2, priceCents: 1000 });
    [alice, bob] = await Promise.all([newUser(ts, 'Alice'), newUser(ts, 'Bob')]);
    await givePoints(ts, alice, 5000);
    const bought = await buy(ts, alice, product.contentIds[0] ?? '', 100);
    aliceLicense = bought.license.licenseId;
    aliceContent = product.contentIds[0] ?? '';
    aliceQuote = offered(
      await ok(ts.url, 'returnQuote', { token: alice.token, params: { licenseId: aliceLicense } }),
    ).quoteId;
  });
  afterAll(async () => {
    await ts?.close();
  });

  it("user B gets 404 for A's license quote, return, file and device", async () => {
    const quote = await call(ts.url, 'returnQuote', {
      token: bob.token,
      params: { licenseId: aliceLicense },
    });
    expect(quote.answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const returned = await attemptReturn(ts, bob, aliceLicense);
    expect(returned.answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const file = await call(ts.url, 'downloadContent', {
      token: bob.token,
      params: { contentId: aliceContent },
    });
    expect(file.answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const device = await call(ts.url, 'removeDevice', {
      token: bob.token,
      params: { deviceId: alice.deviceId },
    });
    expect(device.answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it("user B cannot use A's quote, and A's return id is not B's replay", async () => {
    const product = await publishProduct(ts, { priceCents: 500 });
    const bobs = await buy(ts, bob, product.contentIds[0] ?? '');
    const withAliceQuote = await attemptReturn(ts, bob, bobs.license.licenseId, {
      quoteId: aliceQuote,
    });
    expect(withAliceQuote.answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    const aliceReturnId = randomUUID();
    await returnLicense(ts, alice, aliceLicense, { returnId: aliceReturnId });
    // Bob repeating Alice's return (her license, her return id) learns nothing: 404, no receipt.
    const replay = await attemptReturn(ts, bob, aliceLicense, { returnId: aliceReturnId });
    expect(replay.status).toBe(404);
    expect(replay.answer.json).not.toHaveProperty('receipt');
  });

  it("B's lists, wallet and feed never show A's things", async () => {
    const [licenses, returns, wallet, feed, devices] = await Promise.all([
      ok(ts.url, 'listLicenses', { token: bob.token }),
      ok(ts.url, 'listReturns', { token: bob.token }),
      ok(ts.url, 'wallet', { token: bob.token }),
      ok(ts.url, 'sync', { token: bob.token, query: { after: 0 } }),
      ok(ts.url, 'listDevices', { token: bob.token }),
    ]);
    const text = JSON.stringify([licenses, returns, wallet, feed, devices]);
    expect(text).not.toContain(aliceLicense);
    expect(text).not.toContain(alice.id);
    expect(text).not.toContain(alice.deviceId);
    expect(wallet.balance).toBe(0);
    expect((await ok(ts.url, 'wallet', { token: alice.token })).balance).toBe(5000 - 100 + 700);
  });

  it('routes need the right token: 401 without, 403 for a user token on admin routes', async () => {
    for (const name of [
      'listLicenses',
      'wallet',
      'listReturns',
      'sync',
      'listDevices',
      'logout',
    ] as const) {
      const answer = await call(ts.url, name, {});
      expect(answer.answer.json).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(answer.answer.headers.get('www-authenticate')).toBe('Bearer');
    }
    const forged = await call(ts.url, 'listLicenses', { token: 'x'.repeat(43) });
    expect(forged.status).toBe(401);
    const asUser = await call(ts.url, 'adminListWebhooks', { token: alice.token });
    expect(asUser.answer.json).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const noToken = await call(ts.url, 'adminListWebhooks', {});
    expect(noToken.status).toBe(401);
    // An admin token is not a user session either.
    expect((await call(ts.url, 'listLicenses', { token: ts.adminToken })).status).toBe(401);
  });

  it('logout ends the session; expired sessions are refused', async () => {
    const carol = await newUser(ts, 'Carol');
    expect(await ok(ts.url, 'logout', { token: carol.token })).toEqual({ ok: true });
    expect((await call(ts.url, 'listLicenses', { token: carol.token })).status).toBe(401);
    const dave = await newUser(ts, 'Dave');
    ts.clockOffset.ms = 31 * 24 * 60 * 60 * 1000;
    try {
      expect((await call(ts.url, 'listLicenses', { token: dave.token })).status).toBe(401);
    } finally {
      ts.clockOffset.ms = 0;
    }
    expect((await http(ts.url, 'GET', '/v1/licenses', { token: dave.token })).status).toBe(200);
  });
});
