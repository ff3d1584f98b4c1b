import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/logger';
import { publishProduct } from '../../fixtures/server-catalog';
import type { TestServer } from '../../fixtures/server-harness';
import { ENGINES, newUser, startTestServer } from '../../fixtures/server-harness';
import type { StripeStandIn } from '../../fixtures/stripe-stand-in';
import { startStripeStandIn } from '../../fixtures/stripe-stand-in';
import { deliverStripeEvent, placeStripeOrder } from '../../fixtures/stripe-orders';

/**
 * No route deletes an account; an operator would delete its row. Foreign keys are set aside for
 * that one statement (its orders and sessions still name it).
 */
async function removeUser(ts: TestServer, userId: string): Promise<void> {
  const { db, engine } = ts.server.context;
  if (engine === 'sqlite') {
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      await sql`delete from users where id = ${userId}`.execute(db);
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
    return;
  }
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`delete from users where id = ${userId}`.execute(tx);
  });
}

describe.each(ENGINES)('a payment whose buyer is gone, on %s', (engine) => {
  let ts: TestServer;
  let stripe: StripeStandIn;
  const lines: Array<{ level: number; msg: string; orderId?: string }> = [];
  beforeAll(async () => {
    stripe = await startStripeStandIn();
    ts = await startTestServer(engine, {
      payments: stripe.provider(),
      refunds: { enabled: false },
      logger: createLogger('error', { write: (line: string) => lines.push(JSON.parse(line)) }),
    });
  });
  afterAll(async () => {
    await ts?.close();
    await stripe?.close();
  });

  it('is not captured and is logged as an error naming the order, to refund at the provider', async () => {
    const user = await newUser(ts);
    const product = await publishProduct(ts, { priceCents: 500 });
    const { placed, session } = await placeStripeOrder(
      ts,
      stripe,
      user,
      product.contentIds[0] ?? '',
    );
    await removeUser(ts, user.id);
    const paid = await deliverStripeEvent(
      ts,
      stripe.signedEvent('checkout.session.completed', session),
    );
    expect(paid.json).toEqual({ received: true, outcome: 'unknown_order' });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        orderId: placed.order.id,
        msg: expect.stringMatching(/buyer is gone.*refund it at the provider/),
      }),
    );
  });
});
