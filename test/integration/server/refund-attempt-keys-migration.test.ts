import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import * as attemptKeys from '../../../server/db/migrations/0013-refund-attempt-keys';
import { buy, publishProduct } from '../../fixtures/server-catalog';
import { ENGINES, newUser } from '../../fixtures/server-harness';
import type { PreviousVersion } from '../../fixtures/server-upgrade';
import { previousVersion } from '../../fixtures/server-upgrade';

describe.each(ENGINES)('server migration 0013-refund-attempt-keys on %s', (engine) => {
  let upgraded: PreviousVersion | undefined;
  afterAll(() => upgraded?.close());

  it('keeps the first key of a refund not yet tried, and none where an attempt failed; and back down', async () => {
    upgraded = await previousVersion(engine, '0013');
    const ts = await upgraded.startServer();
    const user = await newUser(ts);
    const orders: string[] = [];
    for (const price of [300, 301, 302]) {
      const product = await publishProduct(ts, { priceCents: price });
      orders.push((await buy(ts, user, product.contentIds[0] ?? '')).purchase.orderId ?? '');
    }
    const db = upgraded.connect();
    await attemptKeys.down(db);
    const at = new Date().toISOString();
    const rows: Array<[string, string, number]> = [
      [orders[0] ?? '', 'pending', 0],
      [orders[1] ?? '', 'pending', 2],
      [orders[2] ?? '', 'refunded', 1],
    ];
    for (const [orderId, state, attempts] of rows) {
      await sql`insert into refunds (order_id, user_id, provider, payment_ref, amount_cents,
        currency, reason, state, attempts, next_attempt_at, created_at, updated_at)
        values (${orderId}, ${user.id}, 'stripe', ${`pi_${attempts}`}, 300, 'usd', 'order_closed',
        ${state}, ${attempts}, ${at}, ${at}, ${at})`.execute(db);
    }
    await attemptKeys.up(db);
    const keys = await sql<{ order_id: string; idempotency_key: string | null }>`
      select order_id, idempotency_key from refunds`.execute(db);
    expect(Object.fromEntries(keys.rows.map((r) => [r.order_id, r.idempotency_key]))).toEqual({
      [orders[0] ?? '']: `refund-${orders[0]}`,
      [orders[1] ?? '']: null,
      [orders[2] ?? '']: null,
    });
    await attemptKeys.down(db);
    await expect(sql`select idempotency_key from refunds`.execute(db)).rejects.toThrow();
    await attemptKeys.up(db);
  });
});
