import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReturnResult, ReturnRequest } from '../../../shared/api/returns';
import { MAX_BATCH_RETURNS } from '../../../shared/api/returns';
import { buy, publishProduct, checkedWallet } from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, newUser, ok, startTestServer } from '../../fixtures/server-harness';

describe.each(ENGINES)('batch returns and quotes on %s', (engine) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(engine);
  });
  afterAll(async () => {
    await ts?.close();
  });

  /** A user holding `count` licenses of single-version products (buyback 70% of 1000 cents). */
  async function userWith(count: number): Promise<{ user: TestUser; licenseIds: string[] }> {
    const user = await newUser(ts);
    const licenseIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const product = await publishProduct(ts, { versions: 1, priceCents: 1000 });
      licenseIds.push((await buy(ts, user, product.contentIds[0] ?? '')).license.licenseId);
    }
    return { user, licenseIds };
  }

  function requestFor(user: TestUser, licenseId: string): ReturnRequest {
    return { returnId: randomUUID(), licenseId, kind: 'buyback', deviceId: user.deviceId };
  }

  function receiptOf(result: BatchReturnResult | undefined) {
    if (result?.outcome !== 'returned') throw new Error(`not returned: ${JSON.stringify(result)}`);
    return result.receipt;
  }

  it('answers one result per return, in order: receipts, replays and typed refusals side by side', async () => {
    const { user, licenseIds } = await userWith(4);
    const [a, b, c] = licenseIds.map((id) => requestFor(user, id)) as [
      ReturnRequest,
      ReturnRequest,
      ReturnRequest,
    ];
    const single = await ok(ts.url, 'createReturn', { token: user.token, body: c });
    const neverHeld = requestFor(user, randomUUID());
    const otherDevice = { ...requestFor(user, licenseIds[0] ?? ''), deviceId: randomUUID() };
    const reusedId = { ...requestFor(user, licenseIds[3] ?? ''), returnId: c.returnId };

    const { results } = await ok(ts.url, 'createReturnBatch', {
      token: user.token,
      body: { returns: [a, neverHeld, b, c, otherDevice, reusedId] },
    });

    expect(results.map((r) => [r.returnId, r.outcome, r.status])).toEqual([
      [a.returnId, 'returned', 201],
      [neverHeld.returnId, 'refused', 404],
      [b.returnId, 'returned', 201],
      [c.returnId, 'returned', 200],
      [otherDevice.returnId, 'refused', 403],
      [c.returnId, 'refused', 422],
    ]);
    expect(receiptOf(results[3])).toEqual(single);
    const codes = results.map((r) => (r.outcome === 'refused' ? r.problem.code : null));
    expect(codes).toEqual([null, 'NOT_FOUND', null, null, 'FORBIDDEN', 'IDEMPOTENCY_KEY_REUSED']);
    // Each return saw the balance the one before it left: 700, 1400, then c's own 2100.
    expect(receiptOf(results[0]).balance).toBe(single.balance + 700);
    expect(receiptOf(results[2]).balance).toBe(single.balance + 1400);
    const wallet = await checkedWallet(ts, user);
    expect(wallet.balance).toBe(3 * 700);
    const left = (await ok(ts.url, 'listLicenses', { token: user.token })).licenses;
    expect(left.map((l) => l.licenseId)).toEqual([licenseIds[3]]);

    // The whole batch again: every return a replay with its first receipt, nothing written.
    const again = await ok(ts.url, 'createReturnBatch', {
      token: user.token,
      body: { returns: [a, b] },
    });
    expect(again.results.map((r) => r.status)).toEqual([200, 200]);
    expect(again.results.map(receiptOf)).toEqual([receiptOf(results[0]), receiptOf(results[2])]);
    expect((await checkedWallet(ts, user)).balance).toBe(3 * 700);
  });

  it('tells another return id of an already returned license the receipt (409 with it)', async () => {
    const { user, licenseIds } = await userWith(1);
    const first = requestFor(user, licenseIds[0] ?? '');
    const receipt = await ok(ts.url, 'createReturn', { token: user.token, body: first });
    const { results } = await ok(ts.url, 'createReturnBatch', {
      token: user.token,
      body: { returns: [requestFor(user, licenseIds[0] ?? '')] },
    });
    const [result] = results;
    expect(result?.outcome).toBe('refused');
    if (result?.outcome !== 'refused') return;
    expect(result.status).toBe(409);
    expect(result.problem.code).toBe('LICENSE_ALREADY_RETURNED');
    expect(result.problem.receipt).toEqual(receipt);
  });

  it('returns each license exactly once when the same batch races itself and a single return', async () => {
    const { user, licenseIds } = await userWith(6);
    const requests = licenseIds.map((id) => requestFor(user, id));
    const [batch1, batch2, single] = await Promise.all([
      ok(ts.url, 'createReturnBatch', { token: user.token, body: { returns: requests } }),
      ok(ts.url, 'createReturnBatch', {
        token: user.token,
        body: { returns: [...requests].reverse() },
      }),
      call(ts.url, 'createReturn', { token: user.token, body: requests[2]! }),
    ]);
    expect([200, 201]).toContain(single.status);
    const byId = new Map(batch2.results.map((r) => [r.returnId, r]));
    for (const result of batch1.results) {
      const twin = byId.get(result.returnId);
      // Both answers carry the same receipt; exactly one of the three requests created it.
      expect(receiptOf(twin)).toEqual(receiptOf(result));
    }
    const created = [...batch1.results, ...batch2.results].filter((r) => r.status === 201).length;
    expect(created + (single.status === 201 ? 1 : 0)).toBe(6);
    const wallet = await checkedWallet(ts, user);
    expect(wallet.balance).toBe(6 * 700);
    expect(wallet.entries).toHaveLength(6);
    const listed = await ok(ts.url, 'listReturns', { token: user.token, query: { limit: 100 } });
    expect(listed.returns).toHaveLength(6);
  });

  it('commits the others when a return in the middle is refused, each answered on its own', async () => {
    const { user, licenseIds } = await userWith(3);
    const [a, b, c] = licenseIds.map((id) => requestFor(user, id)) as [
      ReturnRequest,
      ReturnRequest,
      ReturnRequest,
    ];
    const before = await ok(ts.url, 'createReturn', { token: user.token, body: b });
    // b's license already returned under another id, and a's license twice in the same batch:
    // both 409 with the receipt that holds, the second one read inside the batch.
    const bAgain = requestFor(user, b.licenseId);
    const aAgain = requestFor(user, a.licenseId);
    const { results } = await ok(ts.url, 'createReturnBatch', {
      token: user.token,
      body: { returns: [a, bAgain, aAgain, c] },
    });
    expect(results.map((r) => [r.returnId, r.status])).toEqual([
      [a.returnId, 201],
      [bAgain.returnId, 409],
      [aAgain.returnId, 409],
      [c.returnId, 201],
    ]);
    const [, second, third] = results;
    if (second?.outcome !== 'refused' || third?.outcome !== 'refused') throw new Error('shape');
    expect(second.problem.receipt).toEqual(before);
    expect(third.problem.receipt).toEqual(receiptOf(results[0]));
    expect(receiptOf(results[3]).balance).toBe(3 * 700);
    expect((await checkedWallet(ts, user)).balance).toBe(3 * 700);
    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toEqual([]);
  });

  /**
   * SQLite runs a batch as one transaction with a savepoint per return (docs/design.md §3.5).
   * A trigger stands in for a failure that is not one of ours, at the third return's insert:
   * RAISE(ROLLBACK) ends the whole transaction as a full disk would, RAISE(ABORT) fails only
   * that statement. The test opens the server's database file beside the server.
   */
  async function withFailingInsert<T>(
    mode: 'ROLLBACK' | 'ABORT',
    returnId: string,
    run: () => Promise<T>,
  ) {
    const db = new BetterSqlite3(join(ts.dataDir, 'shelf.sqlite'));
    db.exec(`create trigger batch_test_failure before insert on returns when new.id = '${returnId}'
      begin select raise(${mode}, 'simulated failure'); end`);
    try {
      return await run();
    } finally {
      db.exec('drop trigger batch_test_failure');
      db.close();
    }
  }

  it.runIf(engine === 'sqlite')(
    'answers no return as done when the batch transaction fails as a whole; the same batch again does each once',
    async () => {
      const { user, licenseIds } = await userWith(4);
      const requests = licenseIds.map((id) => requestFor(user, id));
      const failed = await withFailingInsert('ROLLBACK', requests[2]!.returnId, () =>
        ok(ts.url, 'createReturnBatch', { token: user.token, body: { returns: requests } }),
      );
      expect(failed.results.map((r) => [r.outcome, r.status])).toEqual(
        requests.map(() => ['refused', 500]),
      );
      // Nothing of the batch stayed, the two returns before the failure included.
      expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toHaveLength(4);
      expect((await checkedWallet(ts, user)).balance).toBe(0);
      const listed = await ok(ts.url, 'listReturns', { token: user.token, query: { limit: 10 } });
      expect(listed.returns).toEqual([]);

      const sent = await ok(ts.url, 'createReturnBatch', {
        token: user.token,
        body: { returns: requests },
      });
      expect(sent.results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      const again = await ok(ts.url, 'createReturnBatch', {
        token: user.token,
        body: { returns: requests },
      });
      expect(again.results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(again.results.map(receiptOf)).toEqual(sent.results.map(receiptOf));
      const wallet = await checkedWallet(ts, user);
      expect(wallet.balance).toBe(4 * 700);
      expect(wallet.entries).toHaveLength(4);
    },
  );

  it.runIf(engine === 'sqlite')(
    'commits the returns before a failing statement and answers it and the rest with its error',
    async () => {
      const { user, licenseIds } = await userWith(4);
      const requests = licenseIds.map((id) => requestFor(user, id));
      const failed = await withFailingInsert('ABORT', requests[2]!.returnId, () =>
        ok(ts.url, 'createReturnBatch', { token: user.token, body: { returns: requests } }),
      );
      expect(failed.results.map((r) => r.status)).toEqual([201, 201, 500, 500]);
      // The failing return's own writes before its insert (user, license delete) rolled back.
      const left = (await ok(ts.url, 'listLicenses', { token: user.token })).licenses;
      expect(left.map((l) => l.licenseId).sort()).toEqual(licenseIds.slice(2).sort());
      expect((await checkedWallet(ts, user)).balance).toBe(2 * 700);

      const again = await ok(ts.url, 'createReturnBatch', {
        token: user.token,
        body: { returns: requests },
      });
      expect(again.results.map((r) => r.status)).toEqual([200, 200, 201, 201]);
      expect(receiptOf(again.results[3]).balance).toBe(4 * 700);
      expect((await checkedWallet(ts, user)).balance).toBe(4 * 700);
    },
  );

  it(`refuses more than ${MAX_BATCH_RETURNS} returns, or none, as a whole and writes nothing`, async () => {
    const { user, licenseIds } = await userWith(1);
    const first = requestFor(user, licenseIds[0] ?? '');
    const tooMany = [
      first,
      ...Array.from({ length: MAX_BATCH_RETURNS }, () => requestFor(user, randomUUID())),
    ];
    const over = await call(ts.url, 'createReturnBatch', {
      token: user.token,
      body: { returns: tooMany },
    });
    expect(over.status).toBe(400);
    expect((over.answer.json as { code: string; errors: { path: string }[] }).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((over.answer.json as { errors: { path: string }[] }).errors[0]?.path).toBe('returns');
    const none = await call(ts.url, 'createReturnBatch', {
      token: user.token,
      body: { returns: [] },
    });
    expect(none.status).toBe(400);
    expect((await ok(ts.url, 'listLicenses', { token: user.token })).licenses).toHaveLength(1);
  });

  it('quotes many licenses at once: a quote each, or the reason it cannot be quoted', async () => {
    const { user, licenseIds } = await userWith(2);
    const stranger = randomUUID();
    const { quotes } = await ok(ts.url, 'returnQuoteBatch', {
      token: user.token,
      body: { licenseIds: [licenseIds[0]!, stranger, licenseIds[1]!] },
    });
    expect(quotes.map((q) => [q.licenseId, q.outcome])).toEqual([
      [licenseIds[0], 'quoted'],
      [stranger, 'refused'],
      [licenseIds[1], 'quoted'],
    ]);
    const [q0, refused] = quotes;
    if (q0?.outcome !== 'quoted' || refused?.outcome !== 'refused') throw new Error('shape');
    expect(refused.problem.code).toBe('NOT_FOUND');
    expect(q0.quote.options).toContainEqual(
      expect.objectContaining({ kind: 'buyback', privilege: { type: 'points', points: 700 } }),
    );
    // The batch's quotes are real price locks: a batch return naming them uses them.
    const { results } = await ok(ts.url, 'createReturnBatch', {
      token: user.token,
      body: { returns: [{ ...requestFor(user, licenseIds[0]!), quoteId: q0.quote.quoteId }] },
    });
    expect(receiptOf(results[0]).privilege).toEqual({ type: 'points', points: 700 });
  });

  it('never offers in one combined offer more returns than the limit accepts', async () => {
    const user = await newUser(ts);
    const policy = { windowDays: 30, buybackRatePct: 50, tradeIn: null, limitPer30Days: 2 };
    const licenseIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const product = await publishProduct(ts, { versions: 1, priceCents: 1000, policy });
      licenseIds.push((await buy(ts, user, product.contentIds[0] ?? '')).license.licenseId);
    }
    // One return already made: one more fits under the limit of 2.
    await ok(ts.url, 'createReturn', { token: user.token, body: requestFor(user, licenseIds[0]!) });
    const { quotes } = await ok(ts.url, 'returnQuoteBatch', {
      token: user.token,
      body: { licenseIds: licenseIds.slice(1) },
    });
    expect(quotes.map((q) => (q.outcome === 'quoted' ? 'quoted' : q.problem.code))).toEqual([
      'quoted',
      'RETURN_LIMIT_REACHED',
      'RETURN_LIMIT_REACHED',
    ]);
    const refused = quotes[1];
    if (refused?.outcome !== 'refused') throw new Error('shape');
    // Free again when the return made before leaves the 30-day period.
    const freesAt = Date.parse(String(refused.problem.freesAt));
    expect(freesAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);

    // The server then does exactly that: the quoted one is accepted, the next one refused.
    const { results } = await ok(ts.url, 'createReturnBatch', {
      token: user.token,
      body: { returns: licenseIds.slice(1, 3).map((id) => requestFor(user, id)) },
    });
    expect(results.map((r) => (r.outcome === 'returned' ? 'returned' : r.problem.code))).toEqual([
      'returned',
      'RETURN_LIMIT_REACHED',
    ]);
  });
});
