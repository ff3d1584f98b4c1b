import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { routes } from '../../../shared/api/routes';
import * as orderSettling from '../../../server/db/migrations/0014-order-settling';
import { buy, publishProduct } from '../../fixtures/server-catalog';
import { ENGINES, http, newUser } from '../../fixtures/server-harness';
import type { PreviousVersion } from '../../fixtures/server-upgrade';
import { previousVersion } from '../../fixtures/server-upgrade';

/** Each stored `order.changed` payload as the server before refunds and settling wrote it. */
async function asStoredBefore(db: Kysely<unknown>): Promise<number> {
  const found = await sql<{ user_id: string; seq: number; payload_json: string }>`
    select user_id, seq, payload_json from events where type = 'order.changed'`.execute(db);
  for (const row of found.rows) {
    const payload = JSON.parse(row.payload_json) as { order: Record<string, unknown> };
    delete payload.order.refund;
    delete payload.order.paymentSettling;
    await sql`update events set payload_json = ${JSON.stringify(payload)}
      where user_id = ${row.user_id} and seq = ${row.seq}`.execute(db);
  }
  return found.rows.length;
}

describe.each(ENGINES)('server migration 0014-order-settling on %s', (engine) => {
  let upgraded: PreviousVersion | undefined;
  afterAll(async () => {
    await upgraded?.close();
  });

  it('marks no order settling, keeps a feed written before it readable by the app, and goes back down', async () => {
    upgraded = await previousVersion(engine, '0014');
    const ts = await upgraded.startServer();
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 300 });
    await buy(ts, user, product.contentIds[0] ?? '');
    const db = upgraded.connect();
    expect(await asStoredBefore(db)).toBeGreaterThan(0);
    const orders = await sql<{ settling_since: string | null }>`
      select settling_since from orders`.execute(db);
    expect(orders.rows.map((row) => row.settling_since)).toEqual(orders.rows.map(() => null));

    // The app reads the sync page with the contract's own schema: events stored before these
    // fields existed read as no refund and not settling, not as a broken page.
    const feed = await http(ts.url, 'GET', '/v1/sync?after=0', { token: user.token });
    expect(feed.status).toBe(200);
    const page = routes.sync.response.parse(feed.json);
    const changed = page.events.flatMap((event) =>
      event.type === 'order.changed' ? [event.order] : [],
    );
    expect(changed.length).toBeGreaterThan(0);
    for (const order of changed)
      expect(order).toMatchObject({ refund: null, paymentSettling: false });

    await orderSettling.down(db);
    await expect(sql`select settling_since from orders`.execute(db)).rejects.toThrow();
    await orderSettling.up(db);
  });
});
