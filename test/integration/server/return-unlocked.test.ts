import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnPolicy } from '../../../shared/api/catalog';
import {
  attemptReturn,
  buy,
  givePoints,
  publishProduct,
  quoteReturn,
} from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, http, newUser, ok, startTestServer } from '../../fixtures/server-harness';

const BUYBACK: ReturnPolicy = {
  windowDays: null,
  buybackRatePct: 80,
  tradeIn: null,
  limitPer30Days: null,
};

/**
 * docs/design.md §3.2 "Without a lock first": on PostgreSQL a return is written by one statement
 * that re-checks what an unlocked read (or its quote's read) saw. Each test changes one of those
 * things between the read and the return and checks that the outcome is the locked path's.
 */
describe.runIf(ENGINES.includes('postgres'))('returns without a lock first (postgres)', () => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer('postgres');
  });
  afterAll(async () => {
    await ts?.close();
  });

  /** How many returns this process wrote by each path so far. */
  async function paths() {
    const { text } = await http(ts.url, 'GET', '/metrics');
    const count = (path: string) =>
      Number(
        new RegExp(`shelf_return_paths_total\\{path="${path}"\\} (\\d+)`).exec(text)?.[1] ?? 0,
      );
    return { quoteRead: count('quote-read'), unlocked: count('unlocked'), locked: count('locked') };
  }

  async function ledgerAgrees(user: TestUser) {
    const wallet = await ok(ts.url, 'wallet', { token: user.token, query: { limit: 100 } });
    expect(wallet.entries.reduce((total, e) => total + e.delta, 0)).toBe(wallet.balance);
    return wallet.balance;
  }

  it('writes in one statement from the quote’s read, and falls back when the balance moved', async () => {
    const a = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK });
    const b = await publishProduct(ts, { priceCents: 2000, policy: BUYBACK });
    const user = await newUser(ts);
    const licenseA = (await buy(ts, user, a.contentIds[0] ?? '')).license.licenseId;
    const licenseB = (await buy(ts, user, b.contentIds[0] ?? '')).license.licenseId;
    const before = await paths();

    const first = await attemptReturn(ts, user, licenseA, {
      quoteId: (await quoteReturn(ts, user, licenseA)).quoteId,
    });
    expect(first.status).toBe(201);
    expect((await paths()).quoteRead).toBe(before.quoteRead + 1);

    // The quote's read saw the balance before these points: the statement must not write
    // a balance computed from it.
    const quoteB = (await quoteReturn(ts, user, licenseB)).quoteId;
    await givePoints(ts, user, 5);
    const second = await attemptReturn(ts, user, licenseB, { quoteId: quoteB });
    expect(second.status).toBe(201);
    const after = await paths();
    expect(after.quoteRead).toBe(before.quoteRead + 1);
    expect(after.locked).toBe(before.locked + 1);
    const balance = await ledgerAgrees(user);
    expect(balance).toBe(800 + 5 + 1600);
    expect((second.answer.json as { balance: number }).balance).toBe(balance);
  });

  it('a return without a quote is one statement after its own read', async () => {
    const a = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK });
    const user = await newUser(ts);
    const license = (await buy(ts, user, a.contentIds[0] ?? '')).license.licenseId;
    const before = await paths();
    expect((await attemptReturn(ts, user, license)).status).toBe(201);
    expect((await paths()).unlocked).toBe(before.unlocked + 1);
    expect(await ledgerAgrees(user)).toBe(800);
  });

  it('a policy changed after the quote is the locked path’s to judge', async () => {
    const a = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK });
    const user = await newUser(ts);
    const license = (await buy(ts, user, a.contentIds[0] ?? '')).license.licenseId;
    const quoteId = (await quoteReturn(ts, user, license)).quoteId;
    const noBuyback: ReturnPolicy = {
      ...BUYBACK,
      buybackRatePct: null,
      tradeIn: { type: 'points', ratePct: 50 },
    };
    await ok(ts.url, 'adminSetPolicy', {
      token: ts.adminToken,
      params: { productId: a.productId },
      body: noBuyback,
    });
    const refused = await attemptReturn(ts, user, license, { quoteId: quoteId });
    expect(refused.status).toBe(422);
    expect(refused.answer.json).toMatchObject({ code: 'OPTION_NOT_OFFERED' });
    const listed = await ok(ts.url, 'listLicenses', { token: user.token });
    expect(listed.licenses.map((l) => l.licenseId)).toContain(license);
  });

  it('keeps the returns limit exact when returns race from quotes read before either', async () => {
    const user = await newUser(ts);
    const licenses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await publishProduct(ts, {
        priceCents: 1000,
        policy: { ...BUYBACK, limitPer30Days: 2 },
      });
      licenses.push((await buy(ts, user, p.contentIds[0] ?? '')).license.licenseId);
    }
    const quotes = await Promise.all(
      licenses.map(async (id) => (await quoteReturn(ts, user, id)).quoteId),
    );
    const answers = await Promise.all(
      licenses.map((id, i) => attemptReturn(ts, user, id, { quoteId: quotes[i] })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 422, 422]);
    for (const refused of answers.filter((a) => a.status === 422)) {
      expect(refused.answer.json).toMatchObject({ code: 'RETURN_LIMIT_REACHED' });
    }
    expect(await ledgerAgrees(user)).toBe(1600);
  });

  /**
   * A places push as the server runs one (services/places.ts), held open on its own connection:
   * the user's row locked, the user's places revision taken (an update of that row), a
   * position of the item stored; committed by the caller.
   */
  async function openPush(client: pg.Client, userId: string, contentId: string) {
    await client.query('begin');
    await client.query('select 1 from users where id = $1 for update', [userId]);
    const { rows } = await client.query<{ rev: string }>(
      'update users set places_rev = places_rev + 1 where id = $1 returning places_rev as rev',
      [userId],
    );
    await client.query(
      `insert into positions (user_id, content_id, position, updated_at, rev) values ($1, $2, '7', $3, $4)`,
      [userId, contentId, new Date().toISOString(), rows[0]?.rev],
    );
  }

  const placesLeft = async (client: pg.Client, userId: string, contentId: string) =>
    (
      await client.query('select 1 from positions where user_id = $1 and content_id = $2', [
        userId,
        contentId,
      ])
    ).rowCount;

  it('deletes the places a push committed while the return waited for the user’s lock', async () => {
    const product = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK });
    const contentId = product.contentIds[0] ?? '';
    const user = await newUser(ts);
    const licenseId = (await buy(ts, user, contentId)).license.licenseId;
    const before = await paths();
    // The return's read does not wait; its statement waits for the user's lock, then finds the
    // places revision moved: it writes nothing and the locked path deletes the places.
    const push = new pg.Client({ connectionString: ts.databaseUrl });
    const watch = new pg.Client({ connectionString: ts.databaseUrl });
    await Promise.all([push.connect(), watch.connect()]);
    try {
      await openPush(push, user.id, contentId);
      const returned = attemptReturn(ts, user, licenseId);
      // Until a statement of the return waits on a lock (bounded: 100 looks, 50 ms apart).
      for (let look = 0; look < 100; look++) {
        const { rows } = await watch.query<{ n: string }>(
          `select count(*) as n from pg_stat_activity
           where wait_event_type = 'Lock' and datname = current_database()`,
        );
        if (Number(rows[0]?.n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await push.query('commit');
      expect((await returned).status).toBe(201);
      const after = await paths();
      expect(after.unlocked).toBe(before.unlocked);
      expect(after.locked).toBe(before.locked + 1);
      expect(await placesLeft(watch, user.id, contentId)).toBe(0);
    } finally {
      await Promise.all([push.end(), watch.end()]);
    }
  });

  it('deletes the places a push stored after the quote whose read the return uses', async () => {
    const product = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK });
    const contentId = product.contentIds[0] ?? '';
    const user = await newUser(ts);
    const licenseId = (await buy(ts, user, contentId)).license.licenseId;
    // The quote's read saw no places; a push stores one before the return that names it.
    const quote = await quoteReturn(ts, user, licenseId);
    const push = new pg.Client({ connectionString: ts.databaseUrl });
    await push.connect();
    try {
      await openPush(push, user.id, contentId);
      await push.query('commit');
      const before = await paths();
      expect((await attemptReturn(ts, user, licenseId, { quoteId: quote.quoteId })).status).toBe(
        201,
      );
      const after = await paths();
      expect(after.quoteRead).toBe(before.quoteRead);
      expect(after.locked).toBe(before.locked + 1);
      expect(await placesLeft(push, user.id, contentId)).toBe(0);
    } finally {
      await push.end();
    }
  });

  it('deletes the places its read saw in the one statement, and none of another item', async () => {
    const product = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK });
    const other = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK });
    const contentId = product.contentIds[0] ?? '';
    const otherId = other.contentIds[0] ?? '';
    const user = await newUser(ts);
    const licenseId = (await buy(ts, user, contentId)).license.licenseId;
    await buy(ts, user, otherId);
    const push = new pg.Client({ connectionString: ts.databaseUrl });
    await push.connect();
    try {
      await openPush(push, user.id, contentId);
      await push.query('commit');
      await openPush(push, user.id, otherId);
      await push.query('commit');
      const before = await paths();
      expect((await attemptReturn(ts, user, licenseId)).status).toBe(201);
      expect((await paths()).unlocked).toBe(before.unlocked + 1);
      expect(await placesLeft(push, user.id, contentId)).toBe(0);
      expect(await placesLeft(push, user.id, otherId)).toBe(1);
    } finally {
      await push.end();
    }
  });

  it('queues a webhook delivery exactly when a target exists, one another process added included', async () => {
    const product = await publishProduct(ts, { priceCents: 1000, policy: BUYBACK });
    const user = await newUser(ts);
    const contentId = product.contentIds[0] ?? '';
    /** Buys the content again (a return gave it back) and returns it without a quote. */
    const buyAndReturn = async () => {
      const licenseId = (await buy(ts, user, contentId)).license.licenseId;
      expect((await attemptReturn(ts, user, licenseId)).status).toBe(201);
    };
    for (let i = 0; i < 5; i++) await buyAndReturn();
    // The returns above ran with no target: none queued a delivery.
    const other = new pg.Client({ connectionString: ts.databaseUrl });
    await other.connect();
    try {
      const deliveries = async () =>
        Number(
          (await other.query<{ n: string }>('select count(*) as n from webhook_deliveries')).rows[0]
            ?.n,
        );
      expect(await deliveries()).toBe(0);

      // Another process adds a target: this process has seen none for a while.
      await other.query(
        `insert into webhook_targets (id, url, secret, created_at)
         values ('other-process', 'http://127.0.0.1:9/hook', 'whsec-other-0123456789', $1)`,
        [new Date().toISOString()],
      );
      const seenBefore = await paths();
      await buyAndReturn();
      expect(await deliveries()).toBe(1);
      // The statement without a webhook part found the target and wrote nothing: the locked
      // path wrote the return with its delivery.
      const seenAfter = await paths();
      expect(seenAfter.locked).toBe(seenBefore.locked + 1);

      // The next one is written in one statement again, with its delivery.
      await buyAndReturn();
      expect(await deliveries()).toBe(2);
      expect((await paths()).unlocked).toBe(seenAfter.unlocked + 1);

      // The target removed: no delivery for the returns after it.
      await other.query(`delete from webhook_deliveries where target_id = 'other-process'`);
      await other.query(`delete from webhook_targets where id = 'other-process'`);
      for (let i = 0; i < 3; i++) await buyAndReturn();
      expect(await deliveries()).toBe(0);
      expect(await ledgerAgrees(user)).toBe(800 * 10);
    } finally {
      await other.end();
    }
  });
});
