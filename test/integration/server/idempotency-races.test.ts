import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptSchema } from '../../../shared/api/returns';
import { bought, buy, givePoints, publishProduct } from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { folderMailbox } from '../../fixtures/mailbox';
import { createPgDatabase } from '../../fixtures/pg-database';
import { ENGINES, call, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import { spawnServer } from '../../fixtures/server-process';

function returnBody(user: TestUser, licenseId: string, returnId = randomUUID()) {
  return { returnId, licenseId, kind: 'buyback' as const, deviceId: user.deviceId };
}

describe.each(ENGINES)('idempotency and races on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine);
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('the same return id twice answers one receipt; another return id gets 409 with it', async () => {
    const product = await publishProduct(ts, { priceCents: 1000 });
    const user = await newUser(ts);
    const bought = await buy(ts, user, product.contentIds[0] ?? '');
    const body = returnBody(user, bought.license.licenseId);
    const first = await call(ts.url, 'createReturn', { token: user.token, body });
    const second = await call(ts.url, 'createReturn', { token: user.token, body });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body).toEqual(first.body);
    const other = await call(ts.url, 'createReturn', {
      token: user.token,
      body: returnBody(user, bought.license.licenseId),
    });
    expect(other.status).toBe(409);
    expect(other.answer.json).toMatchObject({ code: 'LICENSE_ALREADY_RETURNED' });
    expect(receiptSchema.parse((other.answer.json as { receipt: unknown }).receipt)).toEqual(
      first.body,
    );
    // The quote of a returned license says so too.
    const quote = await call(ts.url, 'returnQuote', {
      token: user.token,
      params: { licenseId: bought.license.licenseId },
    });
    expect(quote.status).toBe(409);
    // A return id reused for another license is refused, not treated as a replay.
    const next = await buy(ts, user, (await publishProduct(ts)).contentIds[0] ?? '');
    const reused = await call(ts.url, 'createReturn', {
      token: user.token,
      body: returnBody(user, next.license.licenseId, body.returnId),
    });
    expect(reused.answer.json).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    const wallet = await ok(ts.url, 'wallet', { token: user.token });
    expect(wallet.balance).toBe(700);
    expect(wallet.entries).toHaveLength(1);
  });

  it('20 concurrent returns of one license: one 201, the rest 200/409, one privilege', async () => {
    const product = await publishProduct(ts, { priceCents: 1000 });
    const user = await newUser(ts);
    const bought = await buy(ts, user, product.contentIds[0] ?? '');
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(ts.url, 'createReturn', {
          token: user.token,
          body: returnBody(user, bought.license.licenseId, ids[i % 10]),
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 200 || s === 409)).toBe(true);
    const winner = results.find((r) => r.status === 201)?.body;
    for (const r of results) {
      const receipt = r.status === 409 ? (r.answer.json as { receipt: unknown }).receipt : r.body;
      expect(receipt).toEqual(winner);
    }
    const wallet = await ok(ts.url, 'wallet', { token: user.token });
    expect(wallet.balance).toBe(700);
    expect(wallet.entries).toHaveLength(1);
    expect((await ok(ts.url, 'listReturns', { token: user.token })).returns).toHaveLength(1);
  });

  it('concurrent purchases with points never overdraw; the same idempotency key buys once', async () => {
    const user = await newUser(ts);
    await givePoints(ts, user, 1000);
    const products = await Promise.all(
      Array.from({ length: 8 }, () => publishProduct(ts, { priceCents: 300 })),
    );
    const results = await Promise.all(
      products.map((p) =>
        call(ts.url, 'purchase', {
          token: user.token,
          body: {
            contentId: p.contentIds[0] ?? '',
            pointsToUse: 300,
            idempotencyKey: randomUUID(),
          },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(
      results.filter((r) => r.status === 422).map((r) => (r.answer.json as { code: string }).code),
    ).toEqual(Array(5).fill('INSUFFICIENT_POINTS'));
    const wallet = await ok(ts.url, 'wallet', { token: user.token });
    expect(wallet.balance).toBe(100);
    expect(wallet.entries.reduce((s, e) => s + e.delta, 0)).toBe(100);

    const extra = await publishProduct(ts, { priceCents: 50 });
    const key = randomUUID();
    const same = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(ts.url, 'purchase', {
          token: user.token,
          body: { contentId: extra.contentIds[0] ?? '', pointsToUse: 50, idempotencyKey: key },
        }),
      ),
    );
    expect(same.filter((r) => r.status === 201)).toHaveLength(1);
    expect(same.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(new Set(same.map((r) => bought(r.body).purchase.id)).size).toBe(1);
    expect((await ok(ts.url, 'wallet', { token: user.token })).balance).toBe(50);
    const misuse = await call(ts.url, 'purchase', {
      token: user.token,
      body: { contentId: products[0]?.contentIds[0] ?? '', pointsToUse: 0, idempotencyKey: key },
    });
    expect(misuse.answer.json).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe.runIf(ENGINES.includes('postgres'))('two server processes on one PostgreSQL', () => {
  const adminToken = randomBytes(24).toString('base64url');
  const dataDir = mkdtempSync(join(tmpdir(), 'shelf-server-2p-'));
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let servers: Awaited<ReturnType<typeof spawnServer>>[] = [];

  beforeAll(async () => {
    database = await createPgDatabase();
    const env = {
      DATABASE_URL: database.url,
      SHELF_DATA_DIR: dataDir,
      SHELF_ADMIN_TOKEN: adminToken,
    };
    servers = await Promise.all([spawnServer(env), spawnServer(env)]);
  });
  afterAll(async () => {
    const codes = await Promise.all(servers.map((s) => s.stop()));
    expect(codes).toEqual([0, 0]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('20 concurrent returns of one license across both processes grant exactly one privilege', async () => {
    const [a, b] = servers.map((s) => s.url) as [string, string];
    const fake = { url: a, adminToken } as TestServer;
    const product = await publishProduct(fake, { priceCents: 1000 });
    const user = await newUser({ url: a, mailbox: folderMailbox(dataDir) });
    const bought = await buy(fake, user, product.contentIds[0] ?? '');
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 2 ? b : a, 'createReturn', {
          token: user.token,
          body: returnBody(user, bought.license.licenseId, ids[i % 10]),
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 200 || s === 409)).toBe(true);
    const wallet = await ok(b, 'wallet', { token: user.token });
    expect(wallet.balance).toBe(700);
    expect(wallet.entries.filter((e) => e.reason === 'buyback')).toHaveLength(1);
    expect((await ok(a, 'listReturns', { token: user.token })).returns).toHaveLength(1);
    const feed = await ok(b, 'sync', { token: user.token, query: { after: 0 } });
    // Order placed, license issued, order paid; then one return and its wallet change.
    expect(feed.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('concurrent point purchases across both processes never overdraw', async () => {
    const [a, b] = servers.map((s) => s.url) as [string, string];
    const fake = { url: a, adminToken } as TestServer;
    const seller = await publishProduct(fake, {
      priceCents: 1000,
      policy: { windowDays: null, buybackRatePct: 100, tradeIn: null, limitPer30Days: null },
    });
    const user = await newUser({ url: a, mailbox: folderMailbox(dataDir) });
    const bought = await buy(fake, user, seller.contentIds[0] ?? '');
    await ok(a, 'createReturn', {
      token: user.token,
      body: returnBody(user, bought.license.licenseId),
    });
    const products = await Promise.all(
      Array.from({ length: 10 }, () => publishProduct(fake, { priceCents: 400 })),
    );
    const results = await Promise.all(
      products.map((p, i) =>
        call(i % 2 ? b : a, 'purchase', {
          token: user.token,
          body: {
            contentId: p.contentIds[0] ?? '',
            pointsToUse: 400,
            idempotencyKey: randomUUID(),
          },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    const wallet = await ok(b, 'wallet', { token: user.token });
    expect(wallet.balance).toBe(200);
    expect(wallet.entries.reduce((s, e) => s + e.delta, 0)).toBe(200);
  });
});
